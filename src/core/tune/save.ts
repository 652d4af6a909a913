/**
 * A sweep on disk: `<root>/.collab/tunes/<id>/tune.json`, beside the runs folder, written as runs
 * are (a temp folder, then one rename), so a reader never sees half a sweep.
 */
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { TEMP_PREFIX, sourceSlug, uniqueRunId } from '../run/id';
import type { TuneResult, SweepEnd } from './sweep';
import type { TuneMetric } from './metric';
import type { TrainConfig } from '../run/types';

/** The file a sweep is saved in. */
export const TUNE_FILE = 'tune.json';

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

/** The tunes folder beside a runs folder (`.collab/runs` -> `.collab/tunes`). */
export function tunesDirFor(runsDir: string): string {
  return join(dirname(runsDir), 'tunes');
}

/** `tune-20261207-131500-u1` style id: time and source file. */
export function makeTuneId(date: Date, sourceFile: string): string {
  const stamp = date.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `tune-${stamp}-${sourceSlug(basename(sourceFile))}`;
}

/** Writes `manifest` to `<tunesDir>/<id>/tune.json` atomically; returns the folder (the id gains a suffix if taken). */
export async function saveTune(tunesDir: string, manifest: TuneManifest): Promise<string> {
  await mkdir(tunesDir, { recursive: true });
  const id = uniqueRunId(manifest.id, (c) => existsSync(join(tunesDir, c)) || existsSync(join(tunesDir, TEMP_PREFIX + c)));
  const temp = join(tunesDir, TEMP_PREFIX + id);
  const final = join(tunesDir, id);
  await mkdir(temp, { recursive: true });
  try {
    await writeFile(join(temp, TUNE_FILE), `${JSON.stringify({ ...manifest, id }, null, 2)}\n`);
    await rename(temp, final);
  } catch (error) {
    await rm(temp, { recursive: true, force: true });
    throw error;
  }
  return final;
}

/** Replaces `<dir>/tune.json` with `manifest` atomically (a temp file in the same folder, then one rename). */
export async function rewriteTune(dir: string, manifest: TuneManifest): Promise<void> {
  const temp = join(dir, `${TEMP_PREFIX}${TUNE_FILE}-${process.pid}-${Date.now()}`);
  try {
    await writeFile(temp, `${JSON.stringify(manifest, null, 2)}\n`);
    await rename(temp, join(dir, TUNE_FILE));
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}
