/** Loading a ratings file into columns: sniff, stream, validate, join titles, summarise. */
import type { ColumnMapping, FileFormat, RatingsTable } from '../data/types';
import { RowColumns } from './columns';
import { DataError } from './errors';
import { QuotedFieldFound, type ByteRowHandler } from './fast-split';
import { joinTitles, loadItemTitles } from './items';
import { CheckpointRecorder, type LineCheckpoints } from './line-offsets';
import { PlainRowScanner } from './plain-rows';
import { readFast, readQuoted, type PlainRows } from './read';
import { readFastParallel } from './read-parallel';
import { RowBuilder } from './rows';
import { sniffFile } from './sniff';
import { findDuplicatesPaced, ratingSummaryPaced, SUMMARY_STAGES } from './summary';
import { Pacer, ROWS_PER_MARK, type PacedWork, type PlannedStage } from '../data/paced';
import type { ColumnRef, ColumnRole, LoadProgress, LoadReport, SniffOverrides, SniffResult } from './types';

export interface LoadOptions {
  /** Layout overrides (delimiter, header, encoding); anything not given is sniffed. */
  format?: Partial<FileFormat>;
  /** Roles by 0-based column index (e.g. a saved run's mapping); wins over `columns` and sniffing. */
  mapping?: Partial<ColumnMapping>;
  /** Roles by header name or 1-based number, as typed on the command line. */
  columns?: Partial<Record<ColumnRole, ColumnRef>>;
  /** An items file (movies.csv, u.item) whose titles are joined by item id. */
  itemsFile?: string;
  itemsOverrides?: SniffOverrides;
  /** Key items by title (default when titles are known, as the book does) or by id. */
  itemKey?: 'id' | 'title';
  /**
   * The first parser to try (default: 'fast', or 'fast-quoted' when the sample shows quotes); each
   * falls back to the next when the file needs it. 'csv-parse' is the reference the tests compare with.
   */
  parser?: LoadReport['parser'];
  /**
   * Threads parsing a plain file: 1, or 2 (a worker thread beside this one: read-parallel.ts).
   * By default 1: on a quiet machine (2026-12-07 22:41, load 1.5, `node bench/load-2core.mjs --repeat 3`)
   * a 130 MB 5M-row file loaded in 1.18 s on one thread and 1.17 s on two (CPU 1.45 s against 1.91 s):
   * the worker takes over only the parse, a quarter to a third of the loop, while interning ids and
   * writing columns stay on the main thread in file order. Two stays an option (its property tests
   * hold it to the one-thread results) until the main thread's share shrinks.
   */
  threads?: 1 | 2;
  /** Skip bad rows (counted, first few listed) instead of failing on the first. */
  skipBadRows?: boolean;
  /** Called about once per MiB read. */
  onProgress?: (progress: LoadProgress) => void;
  signal?: AbortSignal;
  /**
   * Paces the work after the last byte is read (LOAD_STAGES): reports its progress and gives the
   * event loop a turn every few tens of milliseconds. By default a pacer that only checks `signal`.
   */
  pacer?: Pacer;
}

/** The stages of loading after the file is read, in order (for a Pacer's plan). */
export const LOAD_STAGES: readonly PlannedStage[] = [
  { stage: 'keying items by title', weight: 0.3 },
  SUMMARY_STAGES.ratings,
  SUMMARY_STAGES.duplicates,
];

/** The loaded table and what was found on the way. */
export interface LoadResult {
  table: RatingsTable;
  report: LoadReport;
  /** Byte offsets of every CHECKPOINT_EVERY-th line, counted as the rows' lines were (a run saves them). */
  lineOffsets: LineCheckpoints;
}

/** Streams a ratings file into columnar typed arrays (no object per row), with every row's source line. */
export async function loadRatings(path: string, options: LoadOptions = {}): Promise<LoadResult> {
  const started = performance.now();
  const sniff = await sniffFile(path, {
    delimiter: options.format?.delimiter, hasHeader: options.format?.hasHeader,
    encoding: options.format?.encoding, columns: options.columns,
  });
  const format: FileFormat = { ...sniff.format, ...definedOnly(options.format ?? {}) };
  const mapping = completeMapping(sniff, { ...sniff.mapping, ...definedOnly(options.mapping ?? {}) });
  const names = sniff.columns.map((c) => c.name);
  const capacity = (sniff.size / Math.max(1, sniff.bytesPerLine)) * 1.05;
  const progress = (bytesRead: number, rows: number): void => options.onProgress?.({ bytesRead, totalBytes: sniff.size, rows });
  const newBuilder = (): RowBuilder => new RowBuilder(new RowColumns(capacity, mapping.timestamp !== undefined), path,
    mapping, names, format.encoding, options.skipBadRows ?? false, format.decimalComma ?? false);

  let builder = newBuilder();
  // The byte splitter, then (a quote found) its quote mode, then csv-parse for what quote mode refuses.
  let parser: LoadReport['parser'] = options.parser ?? (format.quoted ? 'fast-quoted' : 'fast');
  let headerLine = 0;
  let checkpoints = new CheckpointRecorder('lf');
  let threads: 1 | 2 = 1;
  while (parser !== 'csv-parse') {
    try {
      const quotes = parser === 'fast-quoted' ? { encoding: format.encoding } : undefined;
      const plain = quotes ? undefined : plainRows(builder, format, mapping);
      const onRow: ByteRowHandler = (buf, starts, ends, n, line) => {
        if (format.hasHeader && headerLine === 0) headerLine = line;
        else builder.addBytes(buf, starts, ends, n, line);
      };
      const onChunk = (bytes: number): void => progress(bytes, builder.columns.n);
      threads = plain && options.threads === 2 ? 2 : 1;
      if (plain && threads === 2) {
        await readFastParallel(path, format, names.length, onRow, onChunk, options.signal, checkpoints, plain, sniff.bytesPerLine);
      }
      else await readFast(path, format, names.length, onRow, onChunk, options.signal, checkpoints, plain, quotes);
      break;
    } catch (err) {
      if (!(err instanceof QuotedFieldFound)) throw err;
      // A quote the sniffed sample did not show, or a line quote mode leaves to csv-parse: start again.
      builder = newBuilder();
      parser = parser === 'fast' ? 'fast-quoted' : 'csv-parse';
      headerLine = 0;
      checkpoints = new CheckpointRecorder('lf');
      threads = 1;
    }
  }
  if (parser === 'csv-parse') {
    checkpoints = new CheckpointRecorder('any');
    await readQuoted(path, format, (fields, line) => {
      if (format.hasHeader && headerLine === 0) headerLine = line;
      else builder.addStrings(fields, line);
    }, (bytes) => progress(bytes, builder.columns.n), options.signal, checkpoints);
  }
  checkNotEmpty(builder, path, headerLine);

  const pacer = options.pacer ?? new Pacer({ signal: options.signal });
  const cols = builder.columns.finish();
  const itemTitles = options.itemsFile ? await loadItemTitles(options.itemsFile, options.itemsOverrides) : undefined;
  const hasTitles = itemTitles !== undefined || mapping.title !== undefined;
  let itemLabels = builder.items.labels;
  let titles: string[] | undefined;
  let itemIds: string[] | undefined;
  let titleJoin: LoadReport['titles'];
  if (hasTitles) {
    const joined = joinTitles(itemLabels, builder.itemTitles, itemTitles, options.itemKey ?? 'title');
    if (joined.remap) await pacer.run(renumber(cols.items, cols.n, joined.remap, LOAD_STAGES[0].stage));
    itemLabels = joined.itemLabels;
    titles = joined.itemTitles;
    // Without an id column (items named by a title column) there are no ids to keep.
    if (mapping.item !== mapping.title) itemIds = joined.itemIds;
    titleJoin = joined.join;
  }
  const userLabels = builder.users.labels;
  const { range, histogram } = await pacer.run(ratingSummaryPaced(cols.ratings));
  const duplicates = await pacer.run(findDuplicatesPaced(cols.n, cols.users, cols.items, cols.lines, userLabels, itemLabels));
  const table: RatingsTable = {
    file: path, n: cols.n, users: cols.users, items: cols.items, ratings: cols.ratings, timestamps: cols.timestamps,
    lines: cols.lines, userLabels, itemLabels, itemTitles: titles, itemIds,
  };
  const report: LoadReport = {
    sniff, mapping, parser, threads, rows: cols.n, users: userLabels.length, items: itemLabels.length, ratingRange: range,
    histogram, badRows: builder.bad, duplicates,
    titles: titleJoin, bytes: sniff.size, seconds: (performance.now() - started) / 1000,
  };
  progress(sniff.size, cols.n);
  return { table, report, lineOffsets: checkpoints.finish(headerLine) };
}

/** The plain-row fast path for this file, when its format and mapping allow one (plain-rows.ts). */
function plainRows(builder: RowBuilder, format: FileFormat, mapping: ColumnMapping): PlainRows | undefined {
  if (!PlainRowScanner.applies(format.delimiter, mapping, format.decimalComma ?? false)) return undefined;
  const scanner = new PlainRowScanner(format.delimiter.charCodeAt(0), builder.width, mapping, builder.columns, builder.users, builder.items);
  return { scanner, afterRows: format.hasHeader ? 1 : 0 };
}

/** Replaces each of the first n values of `column` by `to[value]`, pausing between chunks. */
function* renumber(column: Int32Array, n: number, to: Int32Array, stage: string): PacedWork<void> {
  for (let from = 0; from < n; from += ROWS_PER_MARK) {
    yield { stage, fraction: from / n };
    for (let r = from, end = Math.min(n, from + ROWS_PER_MARK); r < end; r++) column[r] = to[column[r]];
  }
}

/** Fails unless user, item and rating columns are known and exist. */
function completeMapping(sniff: SniffResult, mapping: Partial<ColumnMapping>): ColumnMapping {
  const listed = sniff.columns.slice(0, 8).map((c, i) => `${i + 1} '${c.name}'`).join(', ');
  const names = sniff.columns.length > 8 ? `${listed} and ${sniff.columns.length - 8} more` : listed;
  for (const role of ['user', 'item', 'rating'] as const) {
    if (mapping[role] === undefined) {
      throw new DataError('no-role', `cannot tell which column of ${sniff.file} holds the ${role}: `
        + `columns are ${names}; name it (e.g. --${role} COL)`);
    }
  }
  for (const [role, index] of Object.entries(mapping)) {
    if (index !== undefined && (index < 0 || index >= sniff.columns.length)) {
      throw new DataError('unknown-column', `the ${role} column ${index + 1} does not exist: ${sniff.file} has ${sniff.columns.length} columns (${names})`);
    }
  }
  return mapping as ColumnMapping;
}

/** An empty file, a header with no rows, or a file whose every row was bad, is an error. */
function checkNotEmpty(builder: RowBuilder, path: string, headerLine: number): void {
  if (builder.columns.n > 0) return;
  if (builder.bad.count > 0) {
    const first = builder.bad.first[0];
    throw new DataError('all-rows-bad', `all ${builder.bad.count} rows are bad; the first: ${first.message}`,
      { file: path, line: first.line });
  }
  if (headerLine > 0) {
    throw new DataError('header-only', 'the file has a header but no rating rows: expected rows below it',
      { file: path, line: headerLine + 1 });
  }
  throw new DataError('empty', 'the file is empty: expected a header or rating rows', { file: path, line: 1 });
}

function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
