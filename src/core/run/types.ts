/**
 * A saved run, on disk as `.collab/runs/<id>/`:
 *   run.json     RunManifest below (versioned), written last
 *   weights.bin  float32 little-endian tensors, back to back, at the offsets listed in run.json
 *   rows.bin     the source line index: for items then users, Int32 offsets (vocab size + 1)
 *                followed by Int32 1-based line numbers grouped by label index (CSR layout)
 *   lines.bin    Float64 LE byte offsets of every `source.lines.every`-th source line (line 1, 1 + every, ...),
 *                so a row's bytes are found without scanning the file (src/core/csv/line-offsets.ts)
 * A run is written into `.collab/runs/.tmp-<id>/` and renamed when complete.
 */
import type { Baselines, RankingMetrics } from '../eval/figures';
import type { ColumnMapping, FileFormat, ItemsFileLayout } from '../data/types';
import type { SplitSpec } from '../data/split-spec';
import type { LineBreaks, LineCheckpoints } from '../csv/line-offsets';

export const RUN_FORMAT_VERSION = 1;

/** File names inside a run folder. */
export const RUN_FILES = { manifest: 'run.json', weights: 'weights.bin', rows: 'rows.bin', lines: 'lines.bin' } as const;

export type ModelKind = 'dot' | 'nn';

/** Hyper-parameters of one training run (fastai's names where they exist). */
export interface TrainConfig {
  model: ModelKind;
  /** Latent factors of the dot model (fastai n_factors). */
  factors: number;
  /** Hidden layer sizes of the NN model. */
  layers: number[];
  dropout: number;
  epochs: number;
  lr: number;
  wd: number;
  bs: number;
  validPct: number;
  seed: number;
  /** sigmoid_range bounds; default (min, max + 0.1 * (max - min)) of the data. */
  yRange?: [number, number];
}

/** One stored tensor. */
export interface TensorEntry {
  name: string;
  shape: number[];
  /** Byte offset into weights.bin. */
  offset: number;
}

export interface EpochMetrics {
  epoch: number;
  trainLoss: number;
  validMse: number;
  validRmse: number;
  validMae: number;
  seconds: number;
}

/**
 * Smoothed training loss and learning rate at reported batches (src/core/run/history.ts), thinned to
 * at most ~1,000 points; x on a chart = step / batchesPerEpoch. Optional: older runs lack it.
 */
export interface RunHistory {
  /** 1-based global steps, ascending. */
  step: number[];
  loss: number[];
  lr: number[];
  totalSteps: number;
  batchesPerEpoch: number;
}

/** The split a run was trained on, as recorded in run.json so it can be rebuilt (collab evaluate). */
export interface RecordedSplit extends SplitSpec {
  /** kind 'file': the validation file's absolute path. */
  file?: string;
  /** describeSplit's sentence, for people reading run.json. */
  description?: string;
}

export interface RunManifest {
  version: number;
  id: string;
  createdAt: string;
  /** 'trained' by Collab, or 'imported' from external vectors (read-only, may lack biases). */
  origin: 'trained' | 'imported';
  source?: {
    path: string;
    size: number;
    mtimeMs: number;
    sha256: string;
    format: FileFormat;
    mapping: ColumnMapping;
    itemsFile?: string;
    /** How the items file was read (absent in older runs: the hover then sniffs the file once). */
    items?: ItemsFileLayout;
    /** A users file (u.user: id|age|gender|occupation|zip) joined by user id for metadata (collab train --users). */
    usersFile?: string;
    /** The line-offset table in lines.bin (absent in older runs: their rows are read through the editor only). */
    lines?: RecordedLineOffsets;
  };
  config?: TrainConfig;
  engine?: string;
  /**
   * Labels per vocab index. When items are labelled by title, `itemIds` holds the source id of each
   * item index (same order) so lookups by raw id still work (added by the analysis helper; optional).
   */
  vocab: { users: string[]; items: string[]; itemIds?: string[] };
  /** Training-split rating count and mean per vocab index (for biases tables and hover). */
  stats?: { userCount: number[]; userMean: number[]; itemCount: number[]; itemMean: number[] };
  tensors: TensorEntry[];
  /** SHA-256 (hex) of weights.bin, rows.bin and lines.bin, checked on load so bit rot is caught, not trained on. */
  checksums?: { weights: string; rows?: string; lines?: string };
  metrics: EpochMetrics[];
  /** The model's ranking metrics at k on the validation rows (src/core/eval; absent in older runs). */
  ranking?: RankingMetrics;
  /** globalMean, biasOnly and popularity on the run's split (src/core/eval; absent in older runs). */
  baselines?: Baselines;
  /** Per-batch history of a trained run (absent in older runs and imported ones). */
  history?: RunHistory;
  timings?: { loadSeconds: number; trainSeconds: number; saveSeconds: number };
  /** How the validation rows were chosen (absent in older runs: a random split of config.validPct and config.seed). */
  split?: RecordedSplit;
}

/** How lines.bin was recorded: checkpoint spacing, how lines were counted, the header's line, the table's length. */
export interface RecordedLineOffsets {
  every: number;
  breaks: LineBreaks;
  headerLine: number;
  checkpoints: number;
}

/**
 * Tensor names used in weights.bin. Dot model: userWeight [nUsers, factors], itemWeight
 * [nItems, factors], userBias [nUsers], itemBias [nItems]. NN model: userEmbedding, itemEmbedding,
 * then its layers (`layers.<i>.weight`, `bn.<i>.{weight,bias,runningMean,runningVar}`, `out.weight`, `out.bias`).
 */
export type TensorName = string;

/** A run loaded in memory: the manifest plus its tensors and (when present) the row index. */
export interface LoadedRun {
  dir: string;
  manifest: RunManifest;
  tensors: Map<TensorName, { shape: number[]; data: Float32Array }>;
  /** Source lines per item / user vocab index (CSR), when the run has rows.bin. */
  rows?: {
    itemOffsets: Int32Array; itemLines: Int32Array;
    userOffsets: Int32Array; userLines: Int32Array;
  };
  /** Byte offsets of the source's lines (lines.bin), when the run has them. */
  lineOffsets?: LineCheckpoints;
}
