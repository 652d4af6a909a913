/** What a saved run keeps about its data besides the weights: per-label statistics and row index. */
import type { RatingsDataset } from '../data/types';
import type { RunManifest } from './types';
import { buildLineIndex, type LineIndex } from './binary';

export type RunStats = NonNullable<RunManifest['stats']>;

/** Rating count and mean per user and per item vocabulary index, over the training split. */
export function trainingStats(data: RatingsDataset): RunStats {
  const nUsers = data.userVocab.labels.length;
  const nItems = data.itemVocab.labels.length;
  const userCount = new Array<number>(nUsers).fill(0);
  const userSum = new Float64Array(nUsers);
  const itemCount = new Array<number>(nItems).fill(0);
  const itemSum = new Float64Array(nItems);
  for (let k = 0; k < data.train.length; k++) {
    const r = data.train[k];
    const u = data.users[r];
    const i = data.items[r];
    userCount[u]++; userSum[u] += data.ratings[r];
    itemCount[i]++; itemSum[i] += data.ratings[r];
  }
  // Means rounded to 4 decimals: run.json stays small and nobody reads a mean to 1e-7.
  const mean = (sum: Float64Array, count: number[]): number[] =>
    count.map((c, idx) => (c ? Math.round((sum[idx] / c) * 1e4) / 1e4 : 0));
  return { userCount, userMean: mean(userSum, userCount), itemCount, itemMean: mean(itemSum, itemCount) };
}

/**
 * Source lines grouped by item and by user vocabulary index. `rows` limits the index to rows of
 * the source file (the training rows when validation came from a separate file); all rows otherwise.
 */
export function sourceLineIndexes(data: RatingsDataset, rows?: Uint32Array): { items: LineIndex; users: LineIndex } {
  const sorted = rows ? Uint32Array.from(rows).sort() : undefined;
  return {
    items: buildLineIndex(data.items, data.lines, data.itemVocab.labels.length, sorted),
    users: buildLineIndex(data.users, data.lines, data.userVocab.labels.length, sorted),
  };
}
