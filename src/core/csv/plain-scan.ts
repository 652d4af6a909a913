/**
 * The plain-row parse of plain-rows.ts as one self-contained function over raw values, so a worker
 * thread can run the same code (read-parallel.ts sends its source text: it must refer to nothing
 * outside itself, hence the literal byte values). Ids come out as numbers (not yet interned: the
 * main thread interns them in file order, so labels keep their order of first appearance).
 */

/** Field kinds, by column: what each field is read as. */
export const KIND = { user: 0, item: 1, rating: 2, time: 3, other: 4 } as const;

/** One chunk's plain rows as raw values, and where the scan stopped. */
export interface RawRows {
  n: number;
  /** Offset (in the scanned bytes) of the first line not taken: the chunk's end when every line was plain. */
  stop: number;
  users: Float64Array;
  items: Float64Array;
  ratings: Float32Array;
  times: Float64Array;
  /** ends[j]: offset just past row j's line break (where the next line starts). */
  ends: Int32Array;
}

/** Bytes of memory per row of RawRows. */
export const RAW_ROW_BYTES = 8 + 8 + 4 + 8 + 4;

/**
 * Room for `rows` rows in `memory` (RAW_ROW_BYTES * rows bytes, a SharedArrayBuffer so both threads
 * see it); the scan stops when it is full.
 */
export function rawRows(memory: ArrayBufferLike, rows: number): RawRows {
  return {
    n: 0, stop: 0, users: new Float64Array(memory, 0, rows), items: new Float64Array(memory, 8 * rows, rows),
    times: new Float64Array(memory, 16 * rows, rows), ratings: new Float32Array(memory, 24 * rows, rows),
    ends: new Int32Array(memory, 28 * rows, rows),
  };
}

/**
 * Takes the complete plain lines of buf[pos, end) (`end` just past a line break) into `out`, until
 * a line is not plain (plain-rows.ts says what is) or `out` is full. Same rules as PlainRowScanner.
 */
export function scanPlainRaw(buf: Uint8Array, pos: number, end: number, kinds: Uint8Array, delimiter: number, out: RawRows): RawRows {
  // Literal bytes: LF 10, CR 13, '.' 46, '-' 45, '0' 48; kinds: user 0, item 1, rating 2, time 3, other 4.
  const width = kinds.length;
  const { users, items, ratings, times, ends } = out;
  const capacity = users.length;
  let n = 0, user = 0, item = 0, rating = 0, time = 0;
  rows: while (pos < end && n < capacity) {
    let k = pos, field = 0, c = 0;
    do {
      const kind = field < width ? kinds[field] : 4;
      const first = k;
      let whole = 0, digits = 0, scale = 1;
      c = buf[k];
      const negative = c === 45 && kind >= 2;
      if (negative) c = buf[++k];
      while (c >= 48 && c <= 57) {
        whole = whole * 10 + (c - 48);
        digits++;
        c = buf[++k];
      }
      if (c === 46 && kind >= 2) {
        c = buf[++k];
        while (c >= 48 && c <= 57) {
          whole = whole * 10 + (c - 48);
          scale *= 10;
          digits++;
          c = buf[++k];
        }
      }
      if (c !== delimiter && c !== 10 && c !== 13) break rows; // not a plain field
      if (kind === 0) {
        // Canonical integers only: no leading zero, at most 15 digits (others are string labels).
        if (digits === 0 || digits > 15 || (buf[first] === 48 && digits > 1)) break rows;
        user = whole;
      } else if (kind === 1) {
        if (digits === 0 || digits > 15 || (buf[first] === 48 && digits > 1)) break rows;
        item = whole;
      } else if (kind === 2) {
        if (digits === 0 || digits > 15) break rows;
        rating = (negative ? -whole : whole) / scale;
      } else if (kind === 3) {
        if (digits === 0 || digits > 15) break rows;
        time = (negative ? -whole : whole) / scale;
      } else if (k === first && field === 0 && c !== delimiter) {
        break rows; // a blank line: the general splitter skips it
      }
      field++;
      k++;
    } while (c === delimiter);
    // At the byte after the field's end: a CR must be followed by the LF.
    if (c === 13) {
      if (buf[k] !== 10) break;
      k++;
    }
    if (field !== width) break;
    users[n] = user;
    items[n] = item;
    ratings[n] = rating;
    times[n] = time;
    ends[n] = k;
    n++;
    pos = k;
  }
  out.n = n;
  out.stop = pos;
  return out;
}
