/** Streaming a file through the fast byte splitter or csv-parse, with progress and cancellation. */
import { createReadStream } from 'node:fs';
import { parse } from 'csv-parse';
import type { FileFormat } from '../data/types';
import { DataError, unreadable } from './errors';
import { FastSplitter, type ByteRowHandler } from './fast-split';

/** Read size: large enough that per-chunk overhead vanishes, small enough for smooth progress. */
const CHUNK_BYTES = 1 << 20;

/** Called after each chunk with the bytes read so far. */
export type ChunkProgress = (bytesRead: number) => void;

/** Reads an unquoted file with the byte splitter; throws QuotedFieldFound if a field is quoted. */
export async function readFast(path: string, format: FileFormat, width: number, onRow: ByteRowHandler,
  onChunk: ChunkProgress, signal?: AbortSignal): Promise<void> {
  const splitter = new FastSplitter(format.delimiter, width, onRow);
  const input = createReadStream(path, { highWaterMark: CHUNK_BYTES });
  let bytes = 0;
  try {
    for await (const chunk of input as AsyncIterable<Buffer>) {
      signal?.throwIfAborted();
      splitter.push(chunk);
      bytes += chunk.length;
      onChunk(bytes);
    }
  } catch (err) {
    input.destroy();
    throw isFileSystemError(err) ? unreadable(path, err) : err;
  }
  splitter.end();
}

/** Fields of one record and the 1-based line it starts on. */
export type RecordHandler = (fields: string[], line: number) => void;

interface CsvInfo {
  lines: number;
  empty_lines: number;
}

/**
 * Reads a quoted file with csv-parse. csv-parse reports the line where a record ends, so a
 * record starts one line after the previous record ended, plus any blank lines skipped between.
 */
export async function readQuoted(path: string, format: FileFormat, onRecord: RecordHandler,
  onChunk: ChunkProgress, signal?: AbortSignal): Promise<void> {
  const parser = parse({
    delimiter: format.delimiter, bom: true, encoding: format.encoding, info: true,
    relax_column_count: true, relax_quotes: true, skip_empty_lines: true,
  });
  const input = createReadStream(path, { highWaterMark: CHUNK_BYTES });
  let bytes = 0;
  input.on('data', (chunk) => {
    bytes += chunk.length;
    onChunk(bytes);
  });
  input.on('error', (err) => parser.destroy(unreadable(path, err)));
  input.pipe(parser);
  let previousEnd = 0, previousEmpty = 0;
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
          for (let item = parser.read(); item !== null; item = parser.read()) {
            const { record, info } = item as { record: string[]; info: CsvInfo };
            const start = previousEnd + 1 + (info.empty_lines - previousEmpty);
            previousEnd = info.lines;
            previousEmpty = info.empty_lines;
            onRecord(record, start);
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
    if (code === 'CSV_QUOTE_NOT_CLOSED') {
      throw new DataError('bad-quote', 'a quoted field starting here is never closed: expected a closing double quote (")',
        { file: path, line: previousEnd + 1 });
    }
    if (typeof code === 'string' && code.startsWith('CSV_')) {
      const line = (err as { lines?: number }).lines ?? previousEnd + 1;
      throw new DataError('bad-quote', `cannot split this line into fields: ${(err as Error).message}`, { file: path, line });
    }
    throw err;
  }
}

function isFileSystemError(err: unknown): boolean {
  const code = (err as { code?: string } | null)?.code;
  return typeof code === 'string' && /^E[A-Z]+$/.test(code);
}
