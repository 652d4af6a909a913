/**
 * The shapes of a sweep that cross process and thread boundaries (the trainer's events, the study
 * panels' protocol): a leaf with type-only imports, so the webview's type-check does not pull in the
 * sweep's code.
 */
import type { TrainConfig } from '../run/types';
import type { TuneFigures, TuneMetric } from './metric';

/** The training options a sweep may vary. */
export const TUNABLE = ['model', 'factors', 'lr', 'wd', 'epochs', 'bs', 'dropout'] as const;
export type TunableOption = (typeof TUNABLE)[number];

/** One configuration's varied options (the rest come from the base config). */
export type TuneParams = Partial<Record<TunableOption, number | string>>;

/** One finished configuration. */
export interface TuneResult {
  /** Position in the sweep's space (0-based). */
  index: number;
  params: TuneParams;
  config: TrainConfig;
  /** The figures (with folds: their mean). */
  metrics: TuneFigures;
  /** Standard deviation over folds (only with folds). */
  std?: TuneFigures;
  /** Figures of each fold (only with folds). */
  folds?: TuneFigures[];
  /** Wall seconds of its fits, summed over folds. */
  seconds: number;
}

/** Why a sweep ended. */
export type SweepEnd = 'done' | 'budget' | 'cancelled';

/** A sweep as asked for: the data, the space, how to judge and how to run it. */
export interface TuneRequest {
  file: string;
  validFile?: string;
  itemsFile?: string;
  /** A grid spec; else `random` configurations; else the default grid. */
  grid?: string;
  random?: number;
  /** Ranges for `random` (default DEFAULT_RANDOM). */
  ranges?: string;
  /** Seed of the split and of the random search (default 42). */
  seed?: number;
  metric?: TuneMetric;
  folds?: number;
  /** Workers (default: the machine's cores). */
  parallel?: number;
  budgetSeconds?: number;
  yes?: boolean;
  /** Options shared by every configuration (validPct, bs, epochs...). */
  base?: Partial<TrainConfig>;
  /** Ranking metrics after each fit (default true; needed when the metric is a ranking one). */
  ranking?: boolean;
  /** The runs folder: the sweep goes to its sibling `tunes`. */
  runsDir: string;
  /** dist/tune-worker.js; without it (or with P = 1) fits run on this thread. */
  workerPath?: string;
}

/** What tune.json holds. */
export interface TuneManifest {
  version: 1;
  id: string;
  createdAt: string;
  source: { file: string; validFile?: string; itemsFile?: string };
  /** How the configurations were chosen: the grid or random spec as typed, or the default grid. */
  space: { kind: 'grid' | 'random' | 'default'; spec: string; count: number; seed?: number };
  metric: TuneMetric;
  folds: number;
  parallel: number;
  budgetSeconds?: number;
  end: SweepEnd;
  seconds: number;
  /** Finished configurations in finishing order. */
  results: TuneResult[];
  /** The best finished configuration by `metric`, or null when none finished. */
  best: { index: number; params: TuneResult['params']; value: number } | null;
  // What `resumeTune` needs to rebuild the same space and split (absent in sweeps saved before it).
  /** Options shared by every configuration (validPct, seed...). */
  base?: Partial<TrainConfig>;
  /** Seed of the split (and of the random search). */
  seed?: number;
  /** Whether ranking metrics were computed after each fit (besides a ranking metric needing them). */
  ranking?: boolean;
  /** Training and validation rows of the (first) dataset: a resume checks the data still splits the same. */
  rows?: { train: number; valid: number };
  /** One entry per resume, oldest first: when, how long, how many finished, how it ended. */
  resumed?: TuneResumption[];
}

/** One continuation of a saved sweep (`collab tune --resume`). */
export interface TuneResumption {
  at: string;
  seconds: number;
  finished: number;
  end: SweepEnd;
  parallel: number;
  budgetSeconds?: number;
}
