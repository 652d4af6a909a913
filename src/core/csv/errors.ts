/** The typed error of the data path: what went wrong, where in which file, and what was expected. */
import { basename } from 'node:path';
import { revealInvisible } from '../../common/display-text';
import type { SourceLocation } from '../data/types';

/** What kind of problem a DataError is (stable codes the extension can branch on). */
export type DataErrorCode =
  | 'unreadable'
  | 'empty'
  | 'header-only'
  | 'ragged'
  | 'missing-field'
  | 'not-a-number'
  | 'not-finite'
  | 'bad-quote'
  | 'unknown-column'
  | 'no-role'
  | 'all-rows-bad'
  | 'line-too-long'
  /** The split asked for cannot be made on this file (no timestamp column, fewer rows than folds). */
  | 'bad-split';

/** A bad input: `location` says where (file, 1-based line and column) for "Show Line" actions. */
export class DataError extends Error {
  readonly code: DataErrorCode;
  readonly location?: SourceLocation;

  constructor(code: DataErrorCode, message: string, location?: SourceLocation) {
    super(location ? `${where(location)}: ${message}` : message);
    this.name = 'DataError';
    this.code = code;
    this.location = location;
  }
}

/** "ratings.csv, line 7, column 3" (the file's base name keeps messages short; location has the path). */
export function where(location: SourceLocation): string {
  const column = location.column !== undefined ? `, column ${location.column}` : '';
  return `${basename(location.file)}, line ${location.line}${column}`;
}

/** A field's value as shown in a message: quoted, shortened, control characters made visible. */
export function showValue(value: string): string {
  const short = value.length > 40 ? `${value.slice(0, 37)}...` : value;
  // JSON escapes control characters but not bidi overrides/isolates or zero-width marks, which would reorder or hide the message.
  return revealInvisible(JSON.stringify(short).replace(/[\u2028\u2029]/g, escapeUnits), (_code, c) => escapeUnits(c));
}

/** Turns a Node file-system error into a DataError that says what could not be read and why. */
export function unreadable(file: string, err: unknown): DataError {
  const code = (err as { code?: string } | null)?.code;
  const why = code === 'ENOENT' ? 'no such file'
    : code === 'EACCES' || code === 'EPERM' ? 'permission denied'
      : code === 'EISDIR' ? 'it is a folder, not a file'
        : err instanceof Error ? err.message : String(err);
  return new DataError('unreadable', `cannot read ${file}: ${why}`);
}

/** A character as JSON-style `\\uXXXX` escapes (two for a character outside the BMP). */
function escapeUnits(char: string): string {
  return Array.from({ length: char.length }, (_, i) => `\\u${char.charCodeAt(i).toString(16).padStart(4, '0')}`).join('');
}
