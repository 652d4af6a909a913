/**
 * The loader's hot loop for the common shape of a ratings row: every field plain digits (ids as
 * canonical integers, numbers as `[-]digits[.digits]`), one delimiter byte, no spaces, quotes or
 * titles. It walks the bytes once, line by line, and writes columns directly; the first line it
 * cannot prove plain (a header, a space, a string id, a ragged row, anything) is left to the general
 * splitter (fast-split.ts + rows.ts), which gives the same values, errors and line numbers.
 *
 * Why hand-written: on a generated 5M-row, 130 MB ratings file the general path (split into byte
 * ranges, then a handler per row) spent 0.9 s in splitLine and 0.5 s in the per-field parsers of
 * a 2.3 s load (bench/load-vs-pandas.mjs, load 2.0); this loop does the same work without the
 * per-row calls and range arrays.
 */
import type { ColumnMapping } from '../data/types';
import type { LabelInterner, RowColumns } from './columns';
import type { CheckpointRecorder } from './line-offsets';
import type { RawRows } from './plain-scan';

const LF = 0x0a, CR = 0x0d, DOT = 0x2e, MINUS = 0x2d, ZERO = 0x30;
/** What a field is read as. */
const USER = 0, ITEM = 1, RATING = 2, TIME = 3, OTHER = 4;
/** Ids longer than this go through the string path (as in RowBuilder.labelFromBytes). */
const MAX_DIGITS = 15;

/** Where scanning stopped: the start of the first line not taken, and that line's number. */
export interface ScanStop {
  pos: number;
  line: number;
}

/** Parses plain rows straight into the builder's columns and interners. */
export class PlainRowScanner {
  private readonly kinds: Uint8Array;
  private readonly delimiter: number;
  private readonly stop: ScanStop = { pos: 0, line: 0 };

  constructor(delimiter: number, width: number, mapping: ColumnMapping, private readonly columns: RowColumns,
    private readonly users: LabelInterner, private readonly items: LabelInterner) {
    this.delimiter = delimiter;
    this.kinds = new Uint8Array(width).fill(OTHER);
    this.kinds[mapping.user] = USER;
    this.kinds[mapping.item] = ITEM;
    this.kinds[mapping.rating] = RATING;
    if (mapping.timestamp !== undefined) this.kinds[mapping.timestamp] = TIME;
  }

  /** Each column's kind (plain-scan.ts KIND), for scanPlainRaw. */
  get fieldKinds(): Uint8Array {
    return this.kinds;
  }

  /**
   * Stores rows scanned elsewhere (scanPlainRaw, maybe on another thread) as `scan` would have:
   * the first at line `line`, ids interned in order; `fileBase` is the file offset of the scanned
   * bytes' start (for the checkpoints). Returns the line after the last row.
   */
  takeRaw(raw: RawRows, line: number, checkpoints: CheckpointRecorder | undefined, fileBase: number): number {
    const { columns, users, items } = this;
    const count = raw.n;
    while (columns.users.length < columns.n + count) columns.grow();
    const n = columns.n;
    storeRaw(raw, count, users, items, columns, n, line);
    columns.timestamps?.set(raw.times.subarray(0, count), n);
    columns.n = n + count;
    if (checkpoints) keepCheckpoints(raw.ends, count, line, checkpoints, fileBase);
    return line + count;
  }

  /** Whether a file of this format and mapping can use the scanner at all. */
  static applies(delimiter: string, mapping: ColumnMapping, decimalComma: boolean): boolean {
    // A title column needs decoding; a decimal comma and whitespace runs need the general rules;
    // a delimiter that can be part of a number ('.', '-', a digit) would be read as one.
    return delimiter.length === 1 && !/[ .\-0-9\r\n]/.test(delimiter) && mapping.title === undefined && !decimalComma
      && new Set([mapping.user, mapping.item, mapping.rating, mapping.timestamp].filter((c) => c !== undefined)).size
        === (mapping.timestamp === undefined ? 3 : 4);
  }

  /**
   * Takes complete plain lines of `buf` from `pos` (line `line`) until one is not plain or no line
   * break is left. `fileBase` is the file offset of buf[0] (for the checkpoints).
   */
  scan(buf: Uint8Array, pos: number, line: number, checkpoints: CheckpointRecorder | undefined, fileBase: number): ScanStop {
    const { kinds, delimiter, columns, users, items } = this;
    const width = kinds.length;
    // Only lines with their LF in `buf`: every digit loop below then ends at a byte inside `buf`.
    const end = lastIndexOf(buf, LF, pos) + 1;
    const mask = checkpoints ? checkpoints.mask : -1;
    let user = 0, item = 0, rating = 0, time = 0;
    // The columns' arrays in locals (a push call per row cost about as much as the parsing).
    let n = columns.n, capacity = columns.users.length;
    let { users: userCol, items: itemCol, ratings: ratingCol, lines: lineCol, timestamps: timeCol } = columns;
    rows: while (pos < end) {
      let k = pos, field = 0, c = 0;
      do {
        const kind = field < width ? kinds[field] : OTHER;
        const first = k;
        let whole = 0, digits = 0, scale = 1;
        c = buf[k];
        const negative = c === MINUS && kind >= RATING;
        if (negative) c = buf[++k];
        while (c >= ZERO && c <= ZERO + 9) {
          whole = whole * 10 + (c - ZERO);
          digits++;
          c = buf[++k];
        }
        if (c === DOT && kind >= RATING) {
          c = buf[++k];
          while (c >= ZERO && c <= ZERO + 9) {
            whole = whole * 10 + (c - ZERO);
            scale *= 10;
            digits++;
            c = buf[++k];
          }
        }
        if (c !== delimiter && c !== LF && c !== CR) break rows; // not a plain field
        if (kind === USER) {
          // Canonical integers only: no leading zero, at most 15 digits (others are string labels).
          if (digits === 0 || digits > MAX_DIGITS || (buf[first] === ZERO && digits > 1)) break rows;
          user = whole;
        } else if (kind === ITEM) {
          if (digits === 0 || digits > MAX_DIGITS || (buf[first] === ZERO && digits > 1)) break rows;
          item = whole;
        } else if (kind === RATING) {
          if (digits === 0 || digits > MAX_DIGITS) break rows;
          rating = (negative ? -whole : whole) / scale;
        } else if (kind === TIME) {
          if (digits === 0 || digits > MAX_DIGITS) break rows;
          time = (negative ? -whole : whole) / scale;
        } else if (k === first && field === 0 && c !== delimiter) {
          break rows; // a blank line: the general splitter skips it
        }
        field++;
        k++;
      } while (c === delimiter);
      // At the byte after the field's end: a CR must be followed by the LF.
      if (c === CR) {
        if (buf[k] !== LF) break;
        k++;
      }
      if (field !== width) break;
      if (n === capacity) {
        columns.n = n;
        columns.grow();
        capacity = columns.users.length;
        ({ users: userCol, items: itemCol, ratings: ratingCol, lines: lineCol, timestamps: timeCol } = columns);
      }
      userCol[n] = users.internInt(user);
      itemCol[n] = items.internInt(item);
      ratingCol[n] = rating;
      lineCol[n] = line;
      if (timeCol) timeCol[n] = time;
      n++;
      line++;
      pos = k;
      if (((line - 1) & mask) === 0 && checkpoints) checkpoints.lineStart(line, fileBase + pos);
    }
    columns.n = n;
    this.stop.pos = pos;
    this.stop.line = line;
    return this.stop;
  }
}

/**
 * The store loop of takeRaw on its own: V8 compiled it inside takeRaw while the statements after the
 * loop had never run, and then dropped out of the compiled code at them on every call.
 */
function storeRaw(raw: RawRows, count: number, users: LabelInterner, items: LabelInterner, columns: RowColumns, n: number, line: number): void {
  const { users: userCol, items: itemCol, ratings: ratingCol, lines: lineCol } = columns;
  const { users: rawUsers, items: rawItems, ratings: rawRatings } = raw;
  for (let j = 0; j < count; j++) {
    // Ids below 2^31 as int32 (`| 0`): a double used as an index takes V8's slow path.
    const u = rawUsers[j], i = rawItems[j];
    userCol[n + j] = u < 0x80000000 ? users.internInt(u | 0) : users.internInt(u);
    itemCol[n + j] = i < 0x80000000 ? items.internInt(i | 0) : items.internInt(i);
    ratingCol[n + j] = rawRatings[j];
    lineCol[n + j] = line + j;
  }
}

/** Tells `checkpoints` where the checkpoint lines among rows [0, count) of a raw chunk (first at `line`) start. */
function keepCheckpoints(ends: Int32Array, count: number, line: number, checkpoints: CheckpointRecorder, fileBase: number): void {
  // Row j ends at ends[j], where line `line + j + 1` starts.
  const mask = checkpoints.mask;
  for (let j = (checkpoints.every - (line & mask)) & mask; j < count; j += checkpoints.every) {
    checkpoints.lineStart(line + j + 1, fileBase + ends[j]);
  }
}

/** The last index of `byte` in `buf` at or after `from`, or from - 1 when there is none. */
function lastIndexOf(buf: Uint8Array, byte: number, from: number): number {
  for (let k = buf.length - 1; k >= from; k--) if (buf[k] === byte) return k;
  return from - 1;
}
