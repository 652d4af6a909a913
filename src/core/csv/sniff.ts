/** Sniffing a ratings (or items) file from its first bytes: layout, encoding and column roles. */
import { open, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { FileFormat } from '../data/types';
import { decodeBytes, detectEncoding, utf16Bom } from './encoding';
import { DataError, unreadable } from './errors';
import { afterFirstLine, hasDecimalComma, sepLineDelimiter, sepLineText } from './excel';
import { inferRoles, resolveColumn, roleFromName } from './roles';
import { isNumeric, numberOf, splitSample, type SampleRow } from './sample';
import type { ColumnRole, ColumnSummary, Guess, SniffOverrides, SniffResult } from './types';

/** Bytes read to sniff a file (whole items files are usually smaller). */
const SAMPLE_BYTES = 256 * 1024;
const DELIMITERS = [',', '\t', ';', '|'];
const SAMPLE_ROWS = 2000;
const TAIL_BYTES = 64 * 1024;
const NAMES: Record<string, string> = { ',': 'comma', '\t': 'tab', ';': 'semicolon', '|': 'pipe', whitespace: 'whitespace' };

/** Human name of a delimiter ("tab", "comma", ...). */
export function delimiterName(delimiter: string): string {
  return NAMES[delimiter] ?? JSON.stringify(delimiter);
}

/** Reads up to `bytes` from the start of a file, with readable errors. */
async function readHead(path: string, bytes: number): Promise<{ head: Buffer; size: number }> {
  try {
    const info = await stat(path);
    if (info.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
    const handle = await open(path, 'r');
    try {
      const head = Buffer.alloc(Math.min(bytes, info.size));
      const { bytesRead } = await handle.read(head, 0, head.length, 0);
      return { head: head.subarray(0, bytesRead), size: info.size };
    } finally {
      await handle.close();
    }
  } catch (err) {
    throw unreadable(path, err);
  }
}

/**
 * Sniffs delimiter, header, encoding, line endings, quoting and column roles of a file, each with
 * a reason. `overrides` replace any guess; `kind` 'items' looks for an item id and title only.
 */
export async function sniffFile(path: string, overrides: SniffOverrides = {},
  kind: 'ratings' | 'items' = 'ratings'): Promise<SniffResult> {
  const { head, size } = await readHead(path, SAMPLE_BYTES);
  const truncated = size > head.length;
  const guesses: Guess[] = [];
  const note = (what: string, value: string, reason: string, overridden = false): void => {
    guesses.push({ what, value, reason, overridden });
  };

  if (utf16Bom(head)) {
    throw new DataError('unreadable', `${basename(path)} is UTF-16 text; save it as UTF-8 (in Excel: CSV UTF-8) and try again`, { file: path, line: 1 });
  }
  if (truncated && head.indexOf(0x0a) < 0) {
    throw new DataError('line-too-long', `line 1 is over ${SAMPLE_BYTES / 1024} KB with no line break: this is not a ratings file`, { file: path, line: 1 });
  }
  const detected = detectEncoding(head, truncated);
  const encoding = overrides.encoding ?? detected.encoding;
  note('encoding', encoding + (detected.bom ? ' with BOM' : ''), overrides.encoding ? 'given' : detected.reason, !!overrides.encoding);
  const lastNewline = truncated ? head.lastIndexOf(0x0a) : -1;
  const body = head.subarray(detected.bom ? 3 : 0, lastNewline > 0 ? lastNewline + 1 : head.length);
  const whole = decodeBytes(body, encoding);
  // Excel's `sep=;` line names the delimiter; the rest is sniffed as usual, its line 1 being the file's line 2.
  const sep = sepLineDelimiter(whole);
  const text = sep === undefined ? whole : afterFirstLine(whole);
  const firstLine = sep === undefined ? 1 : 2;
  if (text.trim() === '') {
    throw new DataError('empty', `the file is empty${sep === undefined ? '' : ` after its \`${sepLineText(sep)}\` line`}: expected a header or rating rows`,
      { file: path, line: firstLine });
  }

  const firstNewline = whole.indexOf('\n');
  const lineEnding = firstNewline > 0 && whole[firstNewline - 1] === '\r' ? 'crlf' : 'lf';
  note('lineEnding', lineEnding, lineEnding === 'crlf' ? 'lines end with CR LF' : 'lines end with LF');

  const delimiter = overrides.delimiter ?? sep ?? chooseDelimiter(text, note);
  if (overrides.delimiter) note('delimiter', delimiterName(delimiter), 'given', true);
  else if (sep !== undefined) note('delimiter', delimiterName(sep), `first line \`${sepLineText(sep)}\` (Excel)`);
  const rows = splitSample(text, delimiter, delimiter !== 'whitespace', SAMPLE_ROWS);
  const quoted = delimiter !== 'whitespace' && new RegExp(`(^|[${escape(delimiter)}\\n])[ \\t]*"`).test(text);
  note('quoted', String(quoted), quoted ? 'a field starts with a double quote: quoted fields are read with csv-parse'
    : 'no quoted fields: the fast splitter reads it');

  const width = modalWidth(rows);
  const decimalComma = delimiter !== ',' && detectDecimalComma(rows.slice(rows.length > 1 ? 1 : 0), width, delimiter, note);
  const header = overrides.hasHeader ?? detectHeader(rows, width, firstLine, decimalComma, note);
  if (overrides.hasHeader !== undefined) note('header', String(header), 'given', true);
  const dataRows = header ? rows.slice(1) : rows;
  const names = Array.from({ length: width }, (_, i) => (header && cleanName(rows[0]?.fields[i] ?? '')) || `column ${i + 1}`);
  const columns = names.map((name, index) => summarise(name, index, dataRows, decimalComma));

  const fixed: Partial<Record<ColumnRole, number>> = {};
  for (const [role, ref] of Object.entries(overrides.columns ?? {}) as [ColumnRole, string | number][]) {
    if (ref !== undefined) fixed[role] = resolveColumn(ref, columns, path);
  }
  const roles = inferRoles(columns, header, kind, fixed);
  guesses.push(...roles.guesses);

  const format: FileFormat = {
    delimiter, hasHeader: header, encoding, bom: detected.bom, lineEnding, quoted,
    ...(sep !== undefined && { sepLine: true }), ...(decimalComma && { decimalComma: true }),
  };
  const bytesPerLine = truncated ? (perLine(body) + perLine(await readTail(path, size))) / 2 : perLine(body);
  return { file: path, size, format, columns, mapping: roles.mapping, guesses, bytesPerLine };
}

/** Bytes per line of a block (ids grow through sorted files, so the tail is sampled too). */
function perLine(block: Buffer): number {
  let lines = 0;
  for (let i = block.indexOf(0x0a); i >= 0; i = block.indexOf(0x0a, i + 1)) lines++;
  return block.length / Math.max(1, lines);
}

/** The last whole lines of a large file (up to TAIL_BYTES). */
async function readTail(path: string, size: number): Promise<Buffer> {
  try {
    const handle = await open(path, 'r');
    try {
      const tail = Buffer.alloc(Math.min(TAIL_BYTES, size));
      const { bytesRead } = await handle.read(tail, 0, tail.length, size - tail.length);
      const block = tail.subarray(0, bytesRead);
      return block.subarray(block.indexOf(0x0a) + 1);
    } finally {
      await handle.close();
    }
  } catch (err) {
    throw unreadable(path, err);
  }
}

/** A header name fit for messages: no control characters, not overly long. */
function cleanName(name: string): string {
  const clean = Array.from(name).filter((c) => c.charCodeAt(0) >= 0x20 && c.charCodeAt(0) !== 0x7f).join('').trim();
  return clean.length > 40 ? `${clean.slice(0, 37)}...` : clean;
}

function escape(delimiter: string): string {
  return delimiter.replace(/[\\\]^-]/g, '\\$&').replace('\t', '\\t');
}

/** The most common number of fields per row. */
function modalWidth(rows: SampleRow[]): number {
  const counts = new Map<number, number>();
  for (const r of rows) counts.set(r.fields.length, (counts.get(r.fields.length) ?? 0) + 1);
  let best = 0, bestCount = -1;
  for (const [width, count] of counts) if (count > bestCount || (count === bestCount && width > best)) [best, bestCount] = [width, count];
  return best;
}

/** Picks the delimiter that splits nearly every sampled line into the same number (>= 2) of fields. */
function chooseDelimiter(text: string, note: (what: string, value: string, reason: string) => void): string {
  let best: { delimiter: string; width: number; share: number; rows: number } | undefined;
  for (const delimiter of [...DELIMITERS, 'whitespace']) {
    const rows = splitSample(text, delimiter, delimiter !== 'whitespace', 200);
    const width = modalWidth(rows);
    const share = rows.filter((r) => r.fields.length === width).length / Math.max(1, rows.length);
    if (width < 2 || share < 0.9) continue;
    if (delimiter === 'whitespace' && best) continue; // runs of spaces only when nothing else fits
    if (!best || width > best.width) best = { delimiter, width, share, rows: rows.length };
  }
  if (!best) {
    note('delimiter', 'comma', 'no delimiter splits the lines consistently; assuming comma');
    return ',';
  }
  const what = best.delimiter === 'whitespace' ? 'runs of spaces/tabs split' : `${delimiterName(best.delimiter)} splits`;
  note('delimiter', delimiterName(best.delimiter),
    `${what} ${Math.round(best.share * best.rows)} of ${best.rows} sampled lines into ${best.width} fields`);
  return best.delimiter;
}

/**
 * Decimal commas: in a file not separated by commas, a column whose values are mostly numbers and
 * include some written `3,5` (what Excel writes in many European locales).
 */
function detectDecimalComma(rows: SampleRow[], width: number, delimiter: string,
  note: (what: string, value: string, reason: string) => void): boolean {
  for (let i = 0; i < width; i++) {
    const values = rows.map((r) => (r.fields[i] ?? '').trim()).filter((v) => v !== '');
    const example = values.find(hasDecimalComma);
    // A majority, not nearly all: a bad value in a short file must not turn every '3,5' into an error too.
    if (example === undefined || values.filter((v) => isNumeric(v, true)).length <= 0.5 * values.length) continue;
    note('decimal', 'comma', `column ${i + 1} has numbers written with a decimal comma ('${cleanName(example)}') `
      + `in a ${delimiterName(delimiter)}-separated file`);
    return true;
  }
  return false;
}

/** A header is a first row with text where the rows below have numbers, or with known column names. */
function detectHeader(rows: SampleRow[], width: number, firstLine: number, decimalComma: boolean,
  note: (what: string, value: string, reason: string) => void): boolean {
  const numeric = (v: string): boolean => isNumeric(v, decimalComma);
  const first = rows[0]?.fields ?? [];
  const below = rows.slice(1, 200);
  for (let i = 0; i < Math.min(width, first.length); i++) {
    const numericBelow = below.length > 0 && below.filter((r) => numeric(r.fields[i] ?? '')).length >= 0.9 * below.length;
    if (numericBelow && !numeric(first[i])) {
      note('header', 'true', `line ${firstLine} has '${first[i].trim()}' in column ${i + 1}, where the rows below have numbers`);
      return true;
    }
  }
  const named = first.find((f) => roleFromName(f.trim()) !== undefined);
  if (named !== undefined && !numeric(named)) {
    note('header', 'true', `line ${firstLine} names a column '${named.trim()}'`);
    return true;
  }
  note('header', 'false', below.length > 0 ? `line ${firstLine} looks like the rows below it (data, not names)` : `line ${firstLine} has no column names`);
  return false;
}

/** Value statistics of one column over the sampled data rows. */
function summarise(name: string, index: number, rows: SampleRow[], decimalComma: boolean): ColumnSummary {
  const distinct = new Set<string>();
  let numeric = 0, filled = 0, integer = true, min = Infinity, max = -Infinity;
  for (const r of rows) {
    const v = (r.fields[index] ?? '').trim();
    if (v === '') continue; // missing values say nothing about the column's type
    filled++;
    distinct.add(v);
    if (!isNumeric(v, decimalComma)) continue;
    numeric++;
    const x = numberOf(v, decimalComma);
    if (!Number.isInteger(x)) integer = false;
    if (x < min) min = x;
    if (x > max) max = x;
  }
  return {
    index, name, numericShare: filled ? numeric / filled : 0, integer, distinct: distinct.size,
    min: numeric ? min : NaN, max: numeric ? max : NaN, samples: [...distinct].slice(0, 5),
  };
}
