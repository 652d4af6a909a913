/** Source-file line numbers of an item or user, from the run's rows index (CSR over vocab indices). */
import type { LoadedRun } from '../run/types';
import type { Side } from './embeddings';

/** 1-based source lines where label `index` of `side` occurs; empty when the run has no rows index. */
export function sourceLines(run: LoadedRun, side: Side, index: number): Int32Array {
  const rows = run.rows;
  if (!rows) return new Int32Array(0);
  const [offsets, lines] = side === 'items' ? [rows.itemOffsets, rows.itemLines] : [rows.userOffsets, rows.userLines];
  // Not an integer (1.5, NaN) would index `offsets` with undefined and return every line.
  if (!Number.isInteger(index) || index < 0 || index + 1 >= offsets.length) return new Int32Array(0);
  return lines.subarray(offsets[index], offsets[index + 1]);
}

/**
 * Item indices a user rated anywhere in the source file (training and validation rows), found by
 * matching the user's lines against every item's lines; undefined when the run has no rows index.
 */
export function ratedItems(run: LoadedRun, userIndex: number): Set<number> | undefined {
  const rows = run.rows;
  if (!rows) return undefined;
  const userLines = new Set(sourceLines(run, 'users', userIndex));
  const rated = new Set<number>();
  if (userLines.size === 0) return rated;
  const { itemOffsets, itemLines } = rows;
  for (let item = 0; item + 1 < itemOffsets.length; item++) {
    for (let p = itemOffsets[item]; p < itemOffsets[item + 1]; p++) {
      if (userLines.has(itemLines[p])) { rated.add(item); break; }
    }
  }
  return rated;
}
