/**
 * Training rows as 12-byte records (i32 user, i32 item, f32 rating) in the kernels' memory: one
 * contiguous array, shuffled in place each epoch (by the kernels' shuffleRecords), so a batch is a
 * pointer and a shuffle swap touches one cache line (not three arrays).
 */
import type { RatingsDataset } from '../data/types';
import { ROWS_PER_MARK, type PacedWork, type StageMark } from '../data/paced';

/** Bytes per record. */
export const TRIPLE_BYTES = 12;

/** Writes the dataset rows listed in `rows` as records at byte offset `at`; checks indices against the model's vocabularies. */
export function writeTriples(i32: Int32Array, f32: Float32Array, at: number, data: RatingsDataset, rows: Uint32Array,
  nUsers: number, nItems: number): void {
  const { users, items, ratings } = data;
  let p = at >> 2;
  for (let k = 0; k < rows.length; k++) {
    const r = rows[k];
    const u = users[r];
    const i = items[r];
    if (!(u >= 0 && u < nUsers && i >= 0 && i < nItems)) {
      throw new Error(`row ${r} has user index ${u} / item index ${i}, outside the model's ${nUsers} users and ${nItems} items`);
    }
    i32[p] = u;
    i32[p + 1] = i;
    f32[p + 2] = ratings[r];
    p += 3;
  }
}

/**
 * writeTriples as paced work: pauses every ROWS_PER_MARK rows, marking `mark(rows written so far)`.
 * The same records and the same checks as one writeTriples call.
 */
export function* writeTriplesWork(i32: Int32Array, f32: Float32Array, at: number, data: RatingsDataset, rows: Uint32Array,
  nUsers: number, nItems: number, mark: (written: number) => StageMark): PacedWork<void> {
  for (let from = 0; from < rows.length; from += ROWS_PER_MARK) {
    yield mark(from);
    const end = Math.min(rows.length, from + ROWS_PER_MARK);
    writeTriples(i32, f32, at + from * TRIPLE_BYTES, data, rows.subarray(from, end), nUsers, nItems);
  }
}
