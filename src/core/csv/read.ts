/** Streaming a file through the fast byte splitter or csv-parse, with progress and cancellation. */
import { createReadStream } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { parse } from 'csv-parse';
import type { FileFormat } from '../data/types';
import { fromLatin1 } from './encoding';
import { DataError, unreadable } from './errors';
import { FastSplitter, LineTooLong, MAX_LINE_BYTES, type ByteRowHandler } from './fast-split';
import { AnyBreakScanner, type CheckpointRecorder } from './line-offsets';
import type { PlainRowScanner } from './plain-rows';
import type { QuoteRules } from './quote-split';

/** Read size: large enough that per-chunk overhead vanishes, small enough for smooth progress. */
const CHUNK_BYTES = 1 << 20;

/** The plain-row scanner and how many non-blank rows (a header) go to the row handler first. */
export interface PlainRows {
  scanner: PlainRowScanner;
  afterRows: number;
}

/** Called after each chunk with the bytes read so far. */
export type ChunkProgress = (bytesRead: number) => void;

/**
 * Reads a file with the byte splitter; throws QuotedFieldFound if a field is quoted (or, with
 * `quotes`, if a line needs csv-parse: quote-split.ts). `checkpoints` (a recorder counting 'lf'
 * breaks) is told where lines start; `plain` takes the plain rows after the first `afterRows` rows
 * (plain-rows.ts).
 */
export async function readFast(path: string, format: FileFormat, width: number, onRow: ByteRowHandler,
  onChunk: ChunkProgress, signal?: AbortSignal, checkpoints?: CheckpointRecorder, plain?: PlainRows,
  quotes?: QuoteRules): Promise<void> {
  const splitter = new FastSplitter(format.delimiter, width, onRow, format.sepLine ? 1 : 0, checkpoints,
    plain?.scanner, plain?.afterRows, quotes);
  // Two reused buffers, the next read in flight while one is split: a fresh 1 MiB Buffer per chunk
  // (a read stream's) made the garbage collector run a full collection every few chunks.
  const buffers = [Buffer.allocUnsafe(CHUNK_BYTES), Buffer.allocUnsafe(CHUNK_BYTES)];
  let file: FileHandle | undefined;
  let pending: Promise<{ bytesRead: number }> | undefined;
  let bytes = 0;
  try {
    file = await open(path, 'r');
    pending = file.read(buffers[0], 0, CHUNK_BYTES, null);
    for (let k = 0; ; k ^= 1) {
      const { bytesRead } = await pending;
      pending = undefined;
      if (bytesRead === 0) break;
      signal?.throwIfAborted();
      pending = file.read(buffers[k ^ 1], 0, CHUNK_BYTES, null);
      splitter.push(bytesRead === CHUNK_BYTES ? buffers[k] : buffers[k].subarray(0, bytesRead));
      bytes += bytesRead;
      onChunk(bytes);
    }
  } catch (err) {
    throw readFailure(path, err);
  } finally {
    await pending?.catch(() => undefined);
    await file?.close();
  }
  splitter.end();
}

/** The error to report for one thrown while reading `path` with the byte splitter. */
export function readFailure(path: string, err: unknown): unknown {
  if (err instanceof LineTooLong) return tooLong(path, err.line);
  return isFileSystemError(err) ? unreadable(path, err) : err;
}

/** Fields of one record and the 1-based line it starts on. */
export type RecordHandler = (fields: string[], line: number) => void;

/**
 * Reads a quoted file with csv-parse. Lines are counted here rather than with csv-parse's
 * `info` (which costs an object per record and halves the speed): a record spans one line plus
 * the newlines inside its quoted fields, and blank lines come through as one empty field.
 * `checkpoints` (a recorder counting 'any' breaks) is told where lines start, from the same chunks.
 */
export async function readQuoted(path: string, format: FileFormat, onRecord: RecordHandler,
  onChunk: ChunkProgress, signal?: AbortSignal, checkpoints?: CheckpointRecorder): Promise<void> {
  // csv-parse decodes with Buffer, which has no Windows-1252: read Latin-1 and re-map 0x80-0x9F per record.
  const cp1252 = format.encoding === 'windows1252';
  const parser = parse({
    delimiter: format.delimiter, bom: true, encoding: format.encoding === 'windows1252' ? 'latin1' : format.encoding,
    relax_column_count: true, relax_quotes: true, skip_empty_lines: false, max_record_size: MAX_LINE_BYTES,
  });
  const input = createReadStream(path, { highWaterMark: CHUNK_BYTES });
  let bytes = 0;
  const lineScanner = checkpoints && new AnyBreakScanner(checkpoints);
  input.on('data', (chunk) => {
    lineScanner?.push(chunk as Buffer);
    bytes += chunk.length;
    onChunk(bytes);
  });
  input.on('error', (err) => parser.destroy(unreadable(path, err)));
  input.pipe(parser);
  let line = 1;
  // Excel's `sep=;` line is record 1 (counted, not passed on).
  let skip = format.sepLine ? 1 : 0;
  try {
    // Records are drained synchronously on 'readable' (async iteration would cost a promise per record).
    await new Promise<void>((resolve, reject) => {
      const fail = (err: unknown): void => {
        input.destroy();
        parser.destroy();
        reject(err);
      };
      parser.on('readable', () => {
        try {
          for (let record = parser.read(); record !== null; record = parser.read()) {
            const fields = record as string[];
            const start = line;
            line++;
            for (let k = 0; k < fields.length; k++) line += lineBreaks(fields[k]);
            if (skip > 0) {
              skip--;
              continue;
            }
            if (cp1252) for (let k = 0; k < fields.length; k++) fields[k] = fromLatin1(fields[k]);
            if (fields.length > 1 || fields[0].trim() !== '') onRecord(fields, start);
          }
          signal?.throwIfAborted();
        } catch (err) {
          fail(err);
        }
      });
      parser.on('error', fail);
      parser.on('end', resolve);
    });
  } catch (err) {
    if (err instanceof DataError) throw err;
    const code = (err as { code?: string }).code;
    if (code === 'CSV_MAX_RECORD_SIZE') throw tooLong(path, line);
    if (code === 'CSV_QUOTE_NOT_CLOSED') {
      throw new DataError('bad-quote', 'a quoted field starting here is never closed: expected a closing double quote (")',
        { file: path, line });
    }
    if (typeof code === 'string' && code.startsWith('CSV_')) {
      const at = (err as { lines?: number }).lines ?? line;
      throw new DataError('bad-quote', `cannot split this line into fields: ${(err as Error).message}`, { file: path, line: at });
    }
    throw err;
  }
}

/** Line breaks inside a quoted value, counted as an editor does (CR LF, CR or LF is one). */
function lineBreaks(value: string): number {
  let count = 0;
  for (let at = value.search(/[\r\n]/); at >= 0 && at < value.length; at++) {
    const c = value.charCodeAt(at);
    if (c === 13) {
      // A CR ending the last field is the CR of a CR LF line end (csv-parse split on the LF).
      if (at === value.length - 1) break;
      count++;
      if (value.charCodeAt(at + 1) === 10) at++;
    } else if (c === 10) count++;
  }
  return count;
}

function tooLong(path: string, line: number): DataError {
  return new DataError('line-too-long', `line ${line} runs over ${MAX_LINE_BYTES / 1024 / 1024} MB with no line break: this is not a ratings file`,
    { file: path, line });
}

function isFileSystemError(err: unknown): boolean {
  const code = (err as { code?: string } | null)?.code;
  return typeof code === 'string' && /^E[A-Z]+$/.test(code);
}
