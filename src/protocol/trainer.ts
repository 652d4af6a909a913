/**
 * Messages between the extension (or CLI) and the trainer child process, over Node IPC
 * (`process.send`). One interface per message; unions per direction. Readable string types.
 */
import type { ColumnMapping, FileFormat } from '../core/data/types';
import type { EpochMetrics, TrainConfig } from '../core/run/types';
import type { Baselines, EvaluationOptions, RankingMetrics } from '../core/eval/figures';
import type { SplitSpec } from '../core/data/split-spec';
import type { LrFindOptions, LrSuggestion, SuggestionMethod } from '../core/train/lr-find';
import type { SweepEnd, TuneManifest, TuneRequest, TuneResult } from '../core/tune/types';
import type { TuneMetric } from '../core/tune/metric';

/** What to train: the file, how to read it, the model and where to save the run. */
export interface TrainRequest {
  file: string;
  format?: Partial<FileFormat>;
  mapping?: Partial<ColumnMapping>;
  itemsFile?: string;
  /** A users file (u.user) recorded in run.json; its columns become the users' metadata (never needed to train). */
  usersFile?: string;
  /** An explicit validation file (e.g. u1.test) instead of a random split. */
  validFile?: string;
  config: TrainConfig;
  /** The runs folder; the run is written to `<runsDir>/<id>/` atomically. */
  runsDir: string;
  skipBadRows?: boolean;
  /** Ranking metrics' list length and relevance threshold (defaults: 10, and 70% of the rating range). */
  evaluation?: EvaluationOptions;
  /**
   * How to choose the validation rows (src/core/data/splits.ts); recorded in run.json. Absent: the
   * random split of config.validPct and config.seed, or the validation file when one is given.
   */
  split?: SplitSpec;
}

/** What to run the learning-rate range test on: the file read as for training, and fastai's lr_find options. */
export interface LrFindRequest extends Omit<TrainRequest, 'runsDir'> {
  /** start lr, end lr, iterations, stop on divergence (fastai's defaults when absent). */
  options?: LrFindOptions;
}

// ---- host -> trainer ----
/** Start training. */
export interface TrainStartMessage { type: 'train/start'; request: TrainRequest }
/** Stop as soon as possible (within a second); nothing is saved. */
export interface TrainCancelMessage { type: 'train/cancel' }
/** Run fastai's lr_find on the request's data (no run is saved); `train/cancel` stops it. */
export interface LrFindStartMessage { type: 'lr-find'; request: LrFindRequest }
/**
 * Run a tuning sweep (src/core/tune) in the trainer process, its fits in the trainer's worker threads;
 * `train/cancel` stops it and keeps what finished (tune.json is still written).
 */
export interface TuneStartMessage { type: 'tune'; request: TuneJobRequest }
/** Continue the saved sweep in `dir` (cancelled or stopped by its budget): only its missing configurations run. */
export interface TuneResumeMessage { type: 'tune-resume'; dir: string; budgetSeconds?: number }
export type HostToTrainer = TrainStartMessage | TrainCancelMessage | LrFindStartMessage | TuneStartMessage | TuneResumeMessage;

/** A sweep as the extension asks for it: core's request without the worker path (the trainer knows its own). */
export type TuneJobRequest = Omit<TuneRequest, 'workerPath'>;

// ---- trainer -> host ----
/** The trainer began; the run id it will save under. */
export interface StartedEvent { type: 'train/started'; runId: string; pid: number }
/** Loading progress: bytes of the source file read, then the stages preparing the data, up to the first batch. */
export interface LoadProgressEvent {
  type: 'train/load'; bytesRead: number; bytesTotal: number; rows: number;
  /**
   * Set after the last byte is read, while the rows are checked and split, the vocabularies built and
   * fit's setup runs (its stages come after train/dataset): what is being done, as a short
   * human-readable phrase ('splitting training and validation rows').
   */
  stage?: string;
  /** With `stage`: the share of that preparation done, in [0, 1], never decreasing. */
  prepared?: number;
}
/** The dataset is ready. */
export interface DatasetEvent {
  type: 'train/dataset';
  rows: number; users: number; items: number; trainRows: number; validRows: number;
  warnings: string[];
}
/** Every few batches (throttled, about every 125 ms): smoothed train loss. */
export interface BatchEvent {
  type: 'train/batch';
  epoch: number; batch: number; batchesPerEpoch: number; step: number; totalSteps: number;
  smoothLoss: number; lr: number;
}
/** End of an epoch with train and valid metrics. */
export interface EpochEvent { type: 'train/epoch'; metrics: EpochMetrics; totalEpochs: number }
/** Saving progress, after the last epoch and before train/saved: the stage of the save and its share done. */
export interface SaveProgressEvent {
  type: 'train/save';
  /** What is being done, as a short human-readable phrase ('indexing source lines'). */
  stage: string;
  /** The share of the save done, in [0, 1], never decreasing. */
  saved: number;
}
/** The run folder is complete on disk. */
export interface SavedEvent { type: 'train/saved'; runId: string; runDir: string }
/** Training finished; final metrics. */
export interface DoneEvent {
  type: 'train/done'; runId: string; runDir: string; metrics: EpochMetrics[]; seconds: number;
  /** The model's ranking metrics at k on the validation rows (absent when they could not be computed). */
  ranking?: RankingMetrics;
  /** globalMean, biasOnly and popularity on the same split (absent when they could not be computed). */
  baselines?: Baselines;
}
/** Cancelled at the host's request; nothing was saved. */
export interface CancelledEvent { type: 'train/cancelled' }
/** Failed. `location` is set when the data is at fault (file, 1-based line and column). */
export interface ErrorEvent {
  type: 'train/error';
  message: string;
  location?: { file: string; line: number; column?: number };
  kind: 'data' | 'io' | 'internal' | 'memory';
}
/** A log line for the Output channel. */
export interface LogEvent { type: 'train/log'; level: 'info' | 'warn'; message: string }
export type TrainerToHost =
  | StartedEvent | LoadProgressEvent | DatasetEvent | BatchEvent | EpochEvent
  | SaveProgressEvent | SavedEvent | DoneEvent | CancelledEvent | ErrorEvent | LogEvent;

/** lr_find recorded a batch: its learning rate and smoothed loss (every batch; at most numIt of them). */
export interface LrFindStepEvent { type: 'lr-find/step'; iteration: number; lr: number; loss: number }
/** lr_find finished: the curve (smoothed loss per lr), fastai's default suggestion (valley) and the others. */
export interface LrFindDoneEvent {
  type: 'lr-find/done'; lrs: number[]; losses: number[]; suggestion?: LrSuggestion;
  suggestions: Partial<Record<SuggestionMethod, LrSuggestion>>; engine: string; bs: number; seconds: number;
}
/**
 * What an lr-find request reports: loading and dataset events as a training's, its steps, and it ends
 * with `lr-find/done`, `train/error` or `train/cancelled`.
 */
export type LrFindToHost = LoadProgressEvent | DatasetEvent | LogEvent | ErrorEvent | CancelledEvent | LrFindStepEvent | LrFindDoneEvent;
/** The sweep's data is loaded and split: how many configurations, over how many folds, how many at once. */
export interface TuneStartEvent {
  type: 'tune/start'; configs: number; folds: number; parallel: number; workers: boolean; metric: TuneMetric;
  /** A resumed sweep: configurations already finished and the size of the whole space. */
  resumed?: { finished: number; total: number };
}
/** One configuration finished (all its folds). */
export interface TuneResultEvent { type: 'tune/result'; result: TuneResult }
/** The sweep ended (done, budget or cancelled) and was saved; `manifest` is tune.json as written. */
export interface TuneDoneEvent { type: 'tune/done'; dir: string; manifest: TuneManifest; end: SweepEnd; skipped: number }
/** What a tune request reports; it ends with `tune/done` or `train/error`. */
export type TuneToHost = LogEvent | ErrorEvent | CancelledEvent | TuneStartEvent | TuneResultEvent | TuneDoneEvent;

/** Anything the trainer process sends. */
export type TrainerMessage = TrainerToHost | LrFindToHost | TuneToHost;

/** Exhaustiveness check for switches over message unions. */
export function assertNever(x: never): never {
  throw new Error(`Unexpected message: ${JSON.stringify(x)}`);
}
