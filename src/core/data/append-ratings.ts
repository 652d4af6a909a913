/**
 * "Add my ratings to the data file": a person's ratings appended to a ratings file as a new user, in
 * the file's own delimiter, quoting, encoding, decimal mark and line endings, written atomically: a
 * temp file beside it (the old bytes, then the new lines), flushed, then renamed over the file, so a
 * crash at any moment leaves either the old file or the new one, never half of it.
 */
import { closeSync, fsyncSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { ColumnMapping, FileFormat } from './types';

/** What the lines must look like: the file's layout and how many fields a row has. */
export interface AppendLayout {
  format: FileFormat;
  mapping: ColumnMapping;
  /** Fields per row (columns without a role are left empty). */
  fields: number;
  /** The character between fields for 'whitespace' files (the first row's own: tab or space). */
  whitespace?: string;
}

/** One rating to append: the item's id as the file writes it (and its title, for files with a title column). */
export interface AppendRating {
  item: string;
  title?: string;
  rating: number;
}

/** A user id not in `existing`: one more than the largest when every id is a whole number, else `preferred` (then -2, -3, ...). */
export function newUserId(existing: Iterable<string>, preferred = 'collab-me'): string {
  const ids = new Set(existing);
  let numeric = true;
  let max = 0;
  for (const id of ids) {
    if (!/^\d{1,15}$/.test(id)) { numeric = false; break; }
    max = Math.max(max, Number(id));
  }
  if (numeric && ids.size > 0) return String(max + 1);
  if (!ids.has(preferred)) return preferred;
  for (let n = 2; ; n++) if (!ids.has(`${preferred}-${n}`)) return `${preferred}-${n}`;
}

/** One field as the file writes it: quoted (quotes doubled) when it holds the delimiter, a quote or a line break. */
function field(value: string, delimiter: string, quotes: boolean): string {
  if (!quotes) {
    if (/[\s"]/.test(value)) throw new Error(`'${value}' cannot be written to a file separated by runs of spaces without breaking its columns.`);
    return value;
  }
  const special = value.includes(delimiter) || value.includes('"') || /[\r\n]/.test(value);
  if (!special) return value;
  return `"${value.replace(/"/g, '""')}"`;
}

/** The new rows as text (each ending with the file's line ending); `timestamp` in seconds for a timestamp column. */
export function ratingLines(layout: AppendLayout, user: string, ratings: readonly AppendRating[], timestamp: number): string {
  const { format, mapping, fields } = layout;
  const ws = format.delimiter === 'whitespace';
  const delimiter = ws ? layout.whitespace ?? '\t' : format.delimiter;
  const eol = format.lineEnding === 'crlf' ? '\r\n' : '\n';
  const count = Math.max(fields, mapping.user + 1, mapping.item + 1, mapping.rating + 1, (mapping.timestamp ?? -1) + 1, (mapping.title ?? -1) + 1);
  return ratings.map((r) => {
    const row = new Array<string>(count).fill('');
    const rating = String(r.rating);
    row[mapping.user] = user;
    row[mapping.item] = r.item;
    row[mapping.rating] = format.decimalComma ? rating.replace('.', ',') : rating;
    if (mapping.timestamp !== undefined) row[mapping.timestamp] = String(Math.floor(timestamp));
    if (mapping.title !== undefined) row[mapping.title] = r.title ?? '';
    if (ws) {
      // Runs of spaces collapse empty fields: drop trailing ones; an empty one before a value would shift the columns.
      while (row.length > 0 && row[row.length - 1] === '') row.pop();
      if (row.includes('')) throw new Error('this whitespace-separated file has a column Collab cannot fill, so an appended row would shift its columns.');
    }
    return row.map((v) => field(v, delimiter, !ws)).join(delimiter) + eol;
  }).join('');
}

/** Text in a file's encoding; throws when a character has no byte in it (Latin-1, Windows-1252). */
export function encodeText(text: string, encoding: FileFormat['encoding']): Buffer {
  if (encoding === 'utf8') return Buffer.from(text, 'utf8');
  const out = Buffer.alloc(text.length);
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const byte = code < 0x80 || (code >= 0xa0 && code <= 0xff) ? code
      : encoding === 'windows1252' ? CP1252_BYTES.get(code) : code <= 0xff ? code : undefined;
    if (byte === undefined) throw new Error(`'${text[i]}' cannot be written in ${encoding === 'latin1' ? 'Latin-1' : 'Windows-1252'}, the file's encoding.`);
    out[i] = byte;
  }
  return out;
}

const CP1252_BYTES = new Map<number, number>([
  [0x20ac, 0x80], [0x201a, 0x82], [0x0192, 0x83], [0x201e, 0x84], [0x2026, 0x85], [0x2020, 0x86], [0x2021, 0x87], [0x02c6, 0x88],
  [0x2030, 0x89], [0x0160, 0x8a], [0x2039, 0x8b], [0x0152, 0x8c], [0x017d, 0x8e], [0x2018, 0x91], [0x2019, 0x92], [0x201c, 0x93],
  [0x201d, 0x94], [0x2022, 0x95], [0x2013, 0x96], [0x2014, 0x97], [0x02dc, 0x98], [0x2122, 0x99], [0x0161, 0x9a], [0x203a, 0x9b],
  [0x0153, 0x9c], [0x017e, 0x9e], [0x0178, 0x9f],
]);

/** The steps of an atomic append, for fault-injection tests. */
export type AppendStep = 'temp-opened' | 'old-copied' | 'new-written' | 'flushed' | 'renamed';

/**
 * Appends `text` (encoded in `format`'s encoding, after a line ending if the file lacks a final one)
 * to `path` atomically. `onStep` is called after each step (tests throw from it to simulate a crash).
 */
export function appendAtomically(path: string, text: string, format: FileFormat, onStep: (step: AppendStep) => void = () => {}): void {
  const old = readFileSync(path);
  const eol = format.lineEnding === 'crlf' ? '\r\n' : '\n';
  const needsBreak = old.length > 0 && old[old.length - 1] !== 0x0a;
  const added = encodeText((needsBreak ? eol : '') + text, format.encoding);
  const temp = join(dirname(path), `.${basename(path)}.collab-${process.pid}-${Date.now()}.tmp`);
  let fd: number | undefined;
  try {
    fd = openSync(temp, 'wx');
    onStep('temp-opened');
    writeSync(fd, old);
    onStep('old-copied');
    writeSync(fd, added);
    onStep('new-written');
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    onStep('flushed');
    renameSync(temp, path);
    onStep('renamed');
  } catch (err) {
    if (fd !== undefined) closeSync(fd);
    rmSync(temp, { force: true });
    throw err;
  }
}
