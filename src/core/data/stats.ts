/** Per-user / per-item facts computed from a dataset's rows (for biases tables, hover and rows.bin). */
import type { RatingsDataset } from './types';

/** Which side of the dataset: users or items. */
export type Side = 'user' | 'item';

/** Rating count and mean per vocabulary index (index 0, '#na#', included). */
export interface LabelStats {
  count: Int32Array;
  mean: Float32Array;
}

/** Count and mean rating of each user or item over the training rows (mean NaN when unrated). */
export function labelStats(data: RatingsDataset, side: Side): LabelStats {
  const column = side === 'user' ? data.users : data.items;
  const size = (side === 'user' ? data.userVocab : data.itemVocab).labels.length;
  const count = new Int32Array(size);
  const sum = new Float64Array(size);
  for (let k = 0; k < data.train.length; k++) {
    const r = data.train[k];
    count[column[r]]++;
    sum[column[r]] += data.ratings[r];
  }
  const mean = new Float32Array(size);
  for (let i = 0; i < size; i++) mean[i] = count[i] ? sum[i] / count[i] : NaN;
  return { count, mean };
}

/** Source lines grouped by label (CSR): lines of label i are lines[offsets[i] .. offsets[i+1]), ascending. */
export interface LineIndex {
  offsets: Int32Array;
  lines: Int32Array;
}

/**
 * Source line numbers of each user's or item's rows, the layout of a run's rows.bin. Covers all
 * rows, or only training rows when validation came from another file (its lines are elsewhere).
 */
export function lineIndex(data: RatingsDataset, side: Side, rows: 'all' | 'train' = data.validFile ? 'train' : 'all'): LineIndex {
  const column = side === 'user' ? data.users : data.items;
  const size = (side === 'user' ? data.userVocab : data.itemVocab).labels.length;
  const chosen = rows === 'all' ? undefined : data.train;
  const total = chosen ? chosen.length : data.n;
  const offsets = new Int32Array(size + 1);
  for (let k = 0; k < total; k++) offsets[column[chosen ? chosen[k] : k] + 1]++;
  for (let i = 0; i < size; i++) offsets[i + 1] += offsets[i];
  const next = offsets.slice(0, size);
  const lines = new Int32Array(total);
  // Rows visited in row order, and rows are in file order, so each group comes out ascending.
  for (let k = 0; k < total; k++) {
    const r = chosen ? chosen[k] : k;
    lines[next[column[r]]++] = data.lines[r];
  }
  return { offsets, lines };
}
