/**
 * What a saved run keeps about its data besides the weights: per-label statistics and row index.
 * Both are paced work (see ../data/paced.ts): seconds on tens of millions of rows, so the trainer
 * reports them as stages of the save and can be cancelled during them.
 */
import type { RatingsDataset } from '../data/types';
import type { RunManifest } from './types';
import type { LineIndex } from './binary';
import { ROWS_PER_MARK, runNow, type PacedWork, type PlannedStage, type StageMark } from '../data/paced';
import { EVALUATION_PLAN } from '../eval/evaluate';

export type RunStats = NonNullable<RunManifest['stats']>;

/** The source-line indexes of a run: lines grouped by item and by user vocabulary index. */
export interface LineIndexes { items: LineIndex; users: LineIndex }

/**
 * The stages of saving a run after training, and their relative costs (measured at 25M rows): the
 * statistics and indexes (runStatsWork, paced), then writing the run folder (save.ts, one step).
 */
export const SAVE_STAGES = {
  stats: { stage: 'counting ratings per user and item', weight: 1 },
  lines: { stage: 'indexing source lines', weight: 3 },
  write: { stage: 'writing the run folder', weight: 2 },
} as const satisfies Record<string, PlannedStage>;
/**
 * The plan of what a trainer does between the last epoch and the saved run: the evaluation
 * (evaluateRunWork, EVALUATION_PLAN's stages), then runStatsWork's two stages and the write.
 */
export const SAVE_PLAN: readonly PlannedStage[] = [...EVALUATION_PLAN, ...Object.values(SAVE_STAGES)];

/** Rating count and mean per user and per item vocabulary index, over the training split. */
export function trainingStats(data: RatingsDataset): RunStats {
  return runNow(trainingStatsWork(data));
}

/**
 * Source lines grouped by item and by user vocabulary index. `rows` limits the index to rows of
 * the source file (the training rows when validation came from a separate file); all rows otherwise.
 */
export function sourceLineIndexes(data: RatingsDataset, rows?: Uint32Array): LineIndexes {
  return runNow(sourceLineIndexesWork(data, rows));
}

/** trainingStats then sourceLineIndexes, as one piece of paced work of SAVE_PLAN. */
export function* runStatsWork(data: RatingsDataset, rows?: Uint32Array): PacedWork<{ stats: RunStats; lineIndexes: LineIndexes }> {
  const stats = yield* trainingStatsWork(data);
  const lineIndexes = yield* sourceLineIndexesWork(data, rows);
  return { stats, lineIndexes };
}

/** trainingStats as paced work (stage SAVE_STAGES.stats). */
export function* trainingStatsWork(data: RatingsDataset): PacedWork<RunStats> {
  const { stage } = SAVE_STAGES.stats;
  const nUsers = data.userVocab.labels.length;
  const nItems = data.itemVocab.labels.length;
  const userCount = new Int32Array(nUsers);
  const userSum = new Float64Array(nUsers);
  const itemCount = new Int32Array(nItems);
  const itemSum = new Float64Array(nItems);
  const { train } = data;
  const sums: Sums = { userCount, userSum, itemCount, itemSum };
  // Sums in training-row order, as always: the means stay bit-identical.
  for (let from = 0; from < train.length; from += ROWS_PER_MARK) {
    yield { stage, fraction: from / train.length };
    addRatings(data, from, Math.min(train.length, from + ROWS_PER_MARK), sums);
  }
  yield { stage, fraction: 1 };
  // Means rounded to 4 decimals: run.json stays small and nobody reads a mean to 1e-7.
  const mean = (sum: Float64Array, count: Int32Array): number[] =>
    Array.from(count, (c, idx) => (c ? Math.round((sum[idx] / c) * 1e4) / 1e4 : 0));
  return { userCount: Array.from(userCount), userMean: mean(userSum, userCount), itemCount: Array.from(itemCount), itemMean: mean(itemSum, itemCount) };
}

/** sourceLineIndexes as paced work (stage SAVE_STAGES.lines: items the first half, users the second). */
export function* sourceLineIndexesWork(data: RatingsDataset, rows?: Uint32Array): PacedWork<LineIndexes> {
  const sorted = rows && !isAscending(rows) ? Uint32Array.from(rows).sort() : rows;
  const items = yield* lineIndexWork(data.items, data.lines, data.itemVocab.labels.length, sorted, 0);
  const users = yield* lineIndexWork(data.users, data.lines, data.userVocab.labels.length, sorted, 0.5);
  return { items, users };
}

function isAscending(rows: Uint32Array): boolean {
  for (let k = 1; k < rows.length; k++) if (rows[k] < rows[k - 1]) return false;
  return true;
}

/**
 * The CSR index of `lines` by `labels` (over `rows`, ascending, or all rows): a counting sort in two
 * passes over typed arrays, stable, so each label's lines stay in row order (as binary.ts's buildLineIndex).
 * (Dealing rows into blocks of labels first, to keep the scatter in cache, measured slower at 25M rows.)
 */
function* lineIndexWork(labels: Int32Array, lines: Int32Array, nLabels: number, rows: Uint32Array | undefined,
  at: number): PacedWork<LineIndex> {
  const { stage } = SAVE_STAGES.lines;
  const n = rows ? rows.length : labels.length;
  // items are the first half of the stage, users the second; in each, counting then scattering
  const mark = (pass: number, k: number): StageMark => ({ stage, fraction: at + 0.25 * (pass + (n ? k / n : 1)) });
  const offsets = new Int32Array(nLabels + 1);
  for (let from = 0; from < n; from += ROWS_PER_MARK) {
    yield mark(0, from);
    countLabels(labels, rows, from, Math.min(n, from + ROWS_PER_MARK), offsets);
  }
  for (let i = 0; i < nLabels; i++) offsets[i + 1] += offsets[i];
  const cursor = offsets.slice(0, nLabels);
  const out = new Int32Array(n);
  for (let from = 0; from < n; from += ROWS_PER_MARK) {
    yield mark(1, from);
    scatterLines(labels, lines, rows, from, Math.min(n, from + ROWS_PER_MARK), cursor, out);
  }
  return { offsets, lines: out };
}

// The inner loops live in plain functions: V8 optimises them better than loops inside a generator.

interface Sums { userCount: Int32Array; userSum: Float64Array; itemCount: Int32Array; itemSum: Float64Array }

function addRatings(data: RatingsDataset, from: number, end: number, sums: Sums): void {
  const { train, users, items, ratings } = data;
  const { userCount, userSum, itemCount, itemSum } = sums;
  for (let k = from; k < end; k++) {
    const r = train[k];
    const u = users[r];
    const i = items[r];
    const rating = ratings[r];
    userCount[u]++; userSum[u] += rating;
    itemCount[i]++; itemSum[i] += rating;
  }
}

function countLabels(labels: Int32Array, rows: Uint32Array | undefined, from: number, end: number, offsets: Int32Array): void {
  if (rows) for (let k = from; k < end; k++) offsets[labels[rows[k]] + 1]++;
  else for (let k = from; k < end; k++) offsets[labels[k] + 1]++;
}

function scatterLines(labels: Int32Array, lines: Int32Array, rows: Uint32Array | undefined, from: number, end: number,
  cursor: Int32Array, out: Int32Array): void {
  if (rows) {
    for (let k = from; k < end; k++) {
      const r = rows[k];
      out[cursor[labels[r]]++] = lines[r];
    }
  } else {
    for (let k = from; k < end; k++) out[cursor[labels[k]]++] = lines[k];
  }
}
