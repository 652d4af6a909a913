/**
 * Turns the fields of one source row into column values: validates them, interns user and item
 * labels, and either stores the row or records why it is bad (skip policy or a thrown DataError).
 */
import type { ColumnMapping } from '../data/types';
import { LabelInterner, RowColumns } from './columns';
import { decodeBytes, type TextEncoding } from './encoding';
import { DataError, showValue, type DataErrorCode } from './errors';
import { isNumeric, numberOf } from './sample';
import type { BadRows } from './types';

/** Bad rows listed in the report (the count covers all). */
const FIRST_BAD_ROWS = 5;

/** Row sink shared by the fast splitter (byte ranges) and the csv-parse path (strings). */
export class RowBuilder {
  readonly users = new LabelInterner();
  readonly items = new LabelInterner();
  /** Title of item label i (from a title column in the ratings file), when there is one. */
  readonly itemTitles: string[] = [];
  readonly bad: BadRows = { count: 0, first: [] };
  /** Fields a row must have. */
  readonly width: number;
  /** Byte of the decimal mark: '.' or, in a decimal-comma file, ','. */
  private readonly decimalMark: number;
  private readonly decimalComma: boolean;
  /** The column names as listed in a ragged-row message. */
  private readonly expected: string;

  constructor(
    readonly columns: RowColumns,
    private readonly file: string,
    private readonly mapping: ColumnMapping,
    private readonly names: string[],
    private readonly encoding: TextEncoding,
    private readonly skipBadRows: boolean,
    /** Numbers are written `3,5` (the file's format says so): the comma is the decimal mark. */
    decimalComma = false,
  ) {
    this.width = names.length;
    this.decimalMark = decimalComma ? 0x2c : 0x2e;
    this.decimalComma = decimalComma;
    this.expected = names.length > 8 ? `${names.slice(0, 8).join(', ')}, ...` : names.join(', ');
  }

  /** Adds a row given as byte ranges [starts[k], ends[k]) of `buf` (already trimmed of spaces). */
  addBytes(buf: Uint8Array, starts: Int32Array, ends: Int32Array, nFields: number, line: number): void {
    if (nFields !== this.width) return this.ragged(nFields, line);
    const m = this.mapping;
    if (starts[m.user] >= ends[m.user]) return this.missing(m.user, line);
    if (starts[m.item] >= ends[m.item]) return this.missing(m.item, line);
    // Numbers first: a bad row must not leave behind labels that have no rows.
    const rating = this.numberFromBytes(buf, starts[m.rating], ends[m.rating], m.rating, line);
    if (Number.isNaN(rating)) return;
    let timestamp = 0;
    if (m.timestamp !== undefined) {
      timestamp = this.numberFromBytes(buf, starts[m.timestamp], ends[m.timestamp], m.timestamp, line);
      if (Number.isNaN(timestamp)) return;
    }
    const user = this.labelFromBytes(this.users, buf, starts[m.user], ends[m.user]);
    const itemsBefore = this.items.size;
    const item = this.labelFromBytes(this.items, buf, starts[m.item], ends[m.item]);
    if (m.title !== undefined && item === itemsBefore) {
      this.itemTitles[item] = decodeBytes(buf, this.encoding, starts[m.title], ends[m.title]).trim();
    }
    this.columns.push(user, item, rating, line, timestamp);
  }

  /** Adds a row given as strings (the csv-parse path). */
  addStrings(fields: string[], line: number): void {
    if (fields.length !== this.width) return this.ragged(fields.length, line);
    const m = this.mapping;
    const userLabel = fields[m.user].trim(), itemLabel = fields[m.item].trim();
    if (userLabel === '') return this.missing(m.user, line);
    if (itemLabel === '') return this.missing(m.item, line);
    const rating = this.numberFromString(fields[m.rating], m.rating, line);
    if (Number.isNaN(rating)) return;
    let timestamp = 0;
    if (m.timestamp !== undefined) {
      timestamp = this.numberFromString(fields[m.timestamp], m.timestamp, line);
      if (Number.isNaN(timestamp)) return;
    }
    const user = this.users.internString(userLabel);
    const itemsBefore = this.items.size;
    const item = this.items.internString(itemLabel);
    if (m.title !== undefined && item === itemsBefore) this.itemTitles[item] = fields[m.title].trim();
    this.columns.push(user, item, rating, line, timestamp);
  }

  /** Records a bad row (or throws, unless skipping). Returns nothing so callers can `return this.fail(...)`. */
  fail(code: DataErrorCode, message: string, line: number, column?: number): void {
    const error = new DataError(code, message, { file: this.file, line, column: column === undefined ? undefined : column + 1 });
    if (!this.skipBadRows) throw error;
    this.bad.count++;
    if (this.bad.first.length < FIRST_BAD_ROWS) this.bad.first.push({ line, message: error.message });
  }

  private ragged(nFields: number, line: number): void {
    this.fail('ragged', `found ${nFields} field${nFields === 1 ? '' : 's'}, expected ${this.width} (${this.expected})`, line);
  }

  private missing(column: number, line: number): void {
    this.fail('missing-field', `the ${this.names[column]} field is empty: expected an id`, line, column);
  }

  /** Interns a non-empty label; canonical integers (no leading zero, <= 15 digits) without a string. */
  private labelFromBytes(interner: LabelInterner, buf: Uint8Array, s: number, e: number): number {
    if (e - s <= 15 && (buf[s] !== 0x30 || e - s === 1)) {
      let v = 0, k = s;
      for (; k < e; k++) {
        const d = buf[k] - 0x30;
        if (d < 0 || d > 9) break;
        v = v * 10 + d;
      }
      if (k === e) return interner.internInt(v);
    }
    return interner.internString(decodeBytes(buf, this.encoding, s, e));
  }

  /** Parses plain decimals ("4", "3.5", "-1"; "3,5" in a decimal-comma file) from bytes; anything else goes through the string path. */
  private numberFromBytes(buf: Uint8Array, s: number, e: number, column: number, line: number): number {
    let k = s;
    const negative = buf[k] === 0x2d;
    if (negative) k++;
    let whole = 0, digits = 0, scale = 1;
    for (; k < e; k++) {
      const d = buf[k] - 0x30;
      if (d < 0 || d > 9) break;
      whole = whole * 10 + d;
      digits++;
    }
    if (k < e && buf[k] === this.decimalMark) {
      for (k++; k < e; k++) {
        const d = buf[k] - 0x30;
        if (d < 0 || d > 9) break;
        whole = whole * 10 + d;
        scale *= 10;
        digits++;
      }
    }
    if (k === e && digits > 0 && digits <= 15) return (negative ? -whole : whole) / scale;
    return this.numberFromString(decodeBytes(buf, this.encoding, s, e), column, line);
  }

  /** A finite number, or NaN after reporting why the field is not one. */
  private numberFromString(value: string | undefined, column: number, line: number): number {
    const text = (value ?? '').trim();
    const name = this.names[column];
    const isTimestamp = column === this.mapping.timestamp;
    if (text === '') {
      this.fail('missing-field', `the ${name} field is empty: expected a number`, line, column);
      return NaN;
    }
    if (isNumeric(text, this.decimalComma)) {
      const x = numberOf(text, this.decimalComma);
      if (Number.isFinite(x)) return x;
      this.fail('not-finite', `${name} ${showValue(text)} is too large: expected a finite number`, line, column);
      return NaN;
    }
    if (isTimestamp) {
      const ms = Date.parse(text);
      if (Number.isFinite(ms)) return ms / 1000;
    }
    if (/^[-+]?(inf|infinity)$/i.test(text)) {
      this.fail('not-finite', `${name} is ${showValue(text)}: expected a finite number`, line, column);
    } else if (/^[-+]?\d+,\d+$/.test(text)) {
      this.fail('not-a-number', `${name} ${showValue(text)} has a decimal comma: expected a decimal point (${text.replace(',', '.')})`, line, column);
    } else if (/^[-+]?nan$/i.test(text)) {
      this.fail('not-a-number', `${name} is ${showValue(text)}: expected a number`, line, column);
    } else {
      this.fail('not-a-number', `${name} ${showValue(text)} is not a number: expected a number${isTimestamp ? ' or a date' : ''}`, line, column);
    }
    return NaN;
  }
}
