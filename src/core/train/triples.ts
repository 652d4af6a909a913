/**
 * Training rows as 12-byte records (i32 user, i32 item, f32 rating) in the kernels' memory: one
 * contiguous array, shuffled in place each epoch, so a batch is a pointer and a shuffle swap
 * touches one cache line (not three arrays).
 */
import type { RatingsDataset } from '../data/types';

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
 * Fisher-Yates shuffle of n records at byte offset `at` (swapping the raw 32-bit words keeps ratings
 * exact). Runs the positions [from, to) of the descending pass, so a caller can split a long shuffle
 * into chunks (from = n - 1 down to 1 in total); the result is the same either way.
 */
export function shuffleTriples(i32: Int32Array, at: number, random: () => number, from: number, to = 0): void {
  const base = at >> 2;
  for (let j = from; j > Math.max(to, 0); j--) {
    const k = Math.floor(random() * (j + 1));
    const a = base + 3 * j;
    const b = base + 3 * k;
    const u = i32[a];
    const i = i32[a + 1];
    const r = i32[a + 2];
    i32[a] = i32[b];
    i32[a + 1] = i32[b + 1];
    i32[a + 2] = i32[b + 2];
    i32[b] = u;
    i32[b + 1] = i;
    i32[b + 2] = r;
  }
}
