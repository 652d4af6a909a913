/**
 * Row orders the splits need, over typed arrays and in O(n) paced passes (no object per row, no
 * comparator sort): rows by time (a stable radix sort of the timestamps), rows grouped by user
 * (a stable counting sort), and ascending train/valid lists from per-row flags.
 */
import { ROWS_PER_MARK, type PacedWork, type StageMark } from './paced';

/** Training and validation row indices, both ascending. */
export interface RowSplit {
  train: Uint32Array;
  valid: Uint32Array;
}

/** 16-bit digits of a 64-bit key: four passes. */
const DIGIT_BITS = 16;
const BUCKETS = 1 << DIGIT_BITS;
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * Rows 0..n-1 ordered by timestamp, ties by row index (an LSD radix sort, 16 bits a pass, on the
 * doubles' bits mapped to an order-preserving unsigned key, so it is stable; -0 counts as +0). Keys
 * move with their rows, so passes read memory in order; a digit every row shares (the low bits of
 * whole-second times, the high bits of a narrow time range) costs one counting pass. 16 bytes a row.
 */
export function* timeOrderWork(timestamps: Float64Array, n: number, stage: string, at: number, share: number): PacedWork<Uint32Array> {
  const words = new Uint32Array(timestamps.buffer, timestamps.byteOffset, 2 * n);
  const hiAt = LITTLE_ENDIAN ? 1 : 0, loAt = 1 - hiAt;
  let order = new Uint32Array(n), spare = new Uint32Array(n);
  let keys = new Uint32Array(n), spareKeys = new Uint32Array(n);
  for (let r = 0; r < n; r++) order[r] = r;
  const starts = new Uint32Array(BUCKETS + 1);
  const mark = (pass: number, part: number, done: number): StageMark => ({ stage, fraction: at + (share * (pass + (part + done / n) / 3)) / 4 });
  for (let pass = 0; pass < 4; pass++) {
    const shift = (pass & 1) * DIGIT_BITS;
    if (shift === 0) {
      // the key word of this pair of passes (low word, then high), for the rows in their current order
      const high = pass >> 1;
      for (let from = 0; from < n; from += ROWS_PER_MARK) {
        yield mark(pass, 0, from);
        for (let k = from, end = Math.min(n, from + ROWS_PER_MARK); k < end; k++) {
          const r = order[k], hi = words[2 * r + hiAt], lo = words[2 * r + loAt];
          if (hi >>> 31) {
            // negative: flip every bit (-0 is +0's key)
            const zero = hi === 0x80000000 && lo === 0;
            keys[k] = zero ? (high ? 0x80000000 : 0) : (high ? ~hi : ~lo) >>> 0;
          } else {
            keys[k] = high ? (hi | 0x80000000) >>> 0 : lo;
          }
        }
      }
    }
    starts.fill(0);
    for (let from = 0; from < n; from += ROWS_PER_MARK) {
      yield mark(pass, 1, from);
      for (let k = from, end = Math.min(n, from + ROWS_PER_MARK); k < end; k++) starts[((keys[k] >>> shift) & (BUCKETS - 1)) + 1]++;
    }
    // a digit all rows share leaves the order as it is
    if (n === 0 || starts.some((count) => count === n)) continue;
    for (let d = 1; d <= BUCKETS; d++) starts[d] += starts[d - 1];
    for (let from = 0; from < n; from += ROWS_PER_MARK) {
      yield mark(pass, 2, from);
      for (let k = from, end = Math.min(n, from + ROWS_PER_MARK); k < end; k++) {
        const key = keys[k], to = starts[(key >>> shift) & (BUCKETS - 1)]++;
        spare[to] = order[k];
        spareKeys[to] = key;
      }
    }
    [order, spare] = [spare, order];
    [keys, spareKeys] = [spareKeys, keys];
  }
  return order;
}

/** One more than the largest user index of the first n rows (0 for no rows). */
export function userCount(users: Int32Array, n: number): number {
  let most = -1;
  for (let r = 0; r < n; r++) if (users[r] > most) most = users[r];
  return most + 1;
}

/** Rows grouped by user (users in index order, rows ascending within a user): user u's rows are rows[start[u]..start[u+1]). */
export interface UserGroups {
  rows: Uint32Array;
  start: Uint32Array;
}

/** Groups rows by user with a stable counting sort. */
export function* userGroupsWork(users: Int32Array, n: number, nUsers: number, stage: string, at: number, share: number): PacedWork<UserGroups> {
  const start = new Uint32Array(nUsers + 1);
  for (let from = 0; from < n; from += ROWS_PER_MARK) {
    yield { stage, fraction: at + (share * 0.5 * from) / n };
    for (let r = from, end = Math.min(n, from + ROWS_PER_MARK); r < end; r++) start[users[r] + 1]++;
  }
  for (let u = 1; u <= nUsers; u++) start[u] += start[u - 1];
  const next = start.slice(0, nUsers);
  const rows = new Uint32Array(n);
  for (let from = 0; from < n; from += ROWS_PER_MARK) {
    yield { stage, fraction: at + share * (0.5 + (0.5 * from) / n) };
    for (let r = from, end = Math.min(n, from + ROWS_PER_MARK); r < end; r++) rows[next[users[r]]++] = r;
  }
  return { rows, start };
}

/** Ascending training and validation lists from per-row flags (1 = validation) of which nValid are set. */
export function* listsFromFlagsWork(isValid: Uint8Array, nValid: number, stage: string, at: number, share: number): PacedWork<RowSplit> {
  const n = isValid.length;
  const train = new Uint32Array(n - nValid), valid = new Uint32Array(nValid);
  let t = 0, v = 0;
  for (let from = 0; from < n; from += ROWS_PER_MARK) {
    yield { stage, fraction: at + (share * from) / n };
    for (let r = from, end = Math.min(n, from + ROWS_PER_MARK); r < end; r++) {
      if (isValid[r]) valid[v++] = r;
      else train[t++] = r;
    }
  }
  return { train, valid };
}
