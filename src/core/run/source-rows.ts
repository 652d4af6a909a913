/**
 * An item's or user's rows read from the run's source file by byte offset (lines.bin and the rows
 * index), after checking the file is still the one the run was trained on. For files too large for
 * the editor to hand to extensions; the reading itself is src/core/csv/row-reader.ts.
 */
import { sourceLines } from '../analysis/rows';
import type { Side } from '../analysis/embeddings';
import { readRowsAt, type SourceRow } from '../csv/row-reader';
import { lineCells } from '../csv/cells';
import { checkSourceUnchanged } from './source';
import type { LoadedRun } from './types';

/** Rows read at most for one label (the most-rated movie of MovieLens 25M has about 81,000). */
export const MAX_SOURCE_ROWS = 100_000;

/**
 * VS Code's limit for documents synchronised to extensions (its MODEL_SYNC_LIMIT, 50 MB): files
 * over it never reach an extension's editor APIs, so Collab reads their rows itself.
 */
export const EDITOR_SYNC_LIMIT_BYTES = 50 * 1024 * 1024;

/**
 * A label's rows (their lines ascending, and each line's text at the same index), the header row,
 * and how many rows the label has in all. Two arrays rather than an object per row: the answer
 * crosses from the run service's worker, and cloning 80,000 objects costs ten times more.
 */
export interface SourceRows {
  file: string;
  /** The file's delimiter, as the run read it (to split rows into fields, e.g. to sort them). */
  delimiter: string;
  header?: SourceRow;
  lines: Int32Array;
  texts: string[];
  total: number;
}

/** Options: the most rows to read, and whether the file's bytes still hash as recorded (default: hash them now). */
export interface SourceRowsOptions {
  limit?: number;
  hashMatches?: () => Promise<boolean>;
}

/** Why a run's rows cannot be read by offset (no source, or a run saved before lines.bin). */
export class NoLineOffsetsError extends Error {
  readonly code = 'no-line-offsets';
}

/** Reads the rows of label `index` of `side` from the run's source file. */
export async function readSourceRows(run: LoadedRun, side: Side, index: number, options: SourceRowsOptions = {}): Promise<SourceRows> {
  const source = run.manifest.source;
  if (!source) throw new NoLineOffsetsError('this run has no source file (imported embeddings)');
  const table = run.lineOffsets;
  if (!table) throw new NoLineOffsetsError(`this run was saved before Collab recorded where ${source.path}'s lines start; train the model again to read its rows here`);
  await checkSourceUnchanged(source, options.hashMatches);
  const all = sourceLines(run, side, index);
  const limit = Math.max(0, options.limit ?? MAX_SOURCE_ROWS);
  const lines = Int32Array.from(all).sort().subarray(0, limit);
  const wanted = table.headerLine > 0 ? [table.headerLine, ...lines] : Array.from(lines);
  const quoted = source.format.quoted || table.breaks === 'any';
  const read = await readRowsAt(source.path, table, wanted, { encoding: source.format.encoding, quoted });
  const headerAt = table.headerLine > 0 ? read.findIndex((r) => r.line === table.headerLine) : -1;
  const header = headerAt >= 0 ? read[headerAt] : undefined;
  const rows = headerAt >= 0 ? [...read.slice(0, headerAt), ...read.slice(headerAt + 1)] : read;
  return {
    file: source.path, delimiter: source.format.delimiter, header, lines: Int32Array.from(rows, (r) => r.line), texts: rows.map((r) => r.text),
    total: all.length,
  };
}

/** The header's field names (or "column N" without a header), split as the loader splits rows. */
export function sourceColumns(rows: Pick<SourceRows, 'header' | 'texts' | 'delimiter'>): string[] {
  const first = rows.header?.text ?? rows.texts[0];
  if (first === undefined) return [];
  const cells = lineCells(first, rows.delimiter);
  return cells.map((c, i) => (rows.header ? c.value : `column ${i + 1}`));
}

/**
 * The rows ordered by field `column` (numbers by value when both fields are numbers, else text;
 * empty and missing fields last; ties keep file order), ascending or descending.
 */
export function sortSourceRows(rows: SourceRows, column: number, descending: boolean): SourceRows {
  const keys = rows.texts.map((text) => lineCells(text, rows.delimiter)[column]?.value.trim() ?? '');
  const numbers = keys.map((k) => (k === '' ? Number.NaN : Number(k)));
  const sign = descending ? -1 : 1;
  const order = keys.map((_, i) => i).sort((a, b) => {
    const [ka, kb] = [keys[a], keys[b]];
    if (ka === '' || kb === '') return ka === kb ? a - b : ka === '' ? 1 : -1;
    const [na, nb] = [numbers[a], numbers[b]];
    const c = Number.isFinite(na) && Number.isFinite(nb) ? na - nb : ka.localeCompare(kb);
    return c !== 0 ? sign * c : a - b;
  });
  return { ...rows, lines: Int32Array.from(order, (i) => rows.lines[i]), texts: order.map((i) => rows.texts[i]) };
}
