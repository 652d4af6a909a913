/**
 * Reads given source lines straight from a file by byte offset (line-offsets.ts): each wanted line
 * is found from its nearest checkpoint with a short forward scan, and nearby checkpoints' blocks are
 * read together, so a row costs a fraction of a block and the file is never scanned whole.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { decodeBytes, hasUtf8Bom, type TextEncoding } from './encoding';
import type { LineCheckpoints } from './line-offsets';

/** One source row: its 1-based line and its text (a quoted record may hold line breaks). */
export interface SourceRow {
  line: number;
  text: string;
}

/** How the file's text is read. */
export interface RowReadOptions {
  encoding: TextEncoding;
  /** Fields may be quoted: a record then runs to the first line break outside quotes. */
  quoted: boolean;
}

/** Blocks closer than this are read in one piece (one read costs about as much as copying this many bytes more). */
const GAP_BYTES = 2 * 1024;
/** The most one read takes in. */
const SEGMENT_BYTES = 8 * 1024 * 1024;
/** A record longer than this is cut (a ratings row is tens of bytes; the loader refuses 16 MB lines). */
export const MAX_ROW_BYTES = 64 * 1024;

const LF = 0x0a, CR = 0x0d, QUOTE = 0x22;

/** Thrown when a wanted line lies past the end of the file (the file is shorter than the run says). */
export class LinePastEnd extends Error {
  constructor(readonly line: number) {
    super(`line ${line} is past the end of the file`);
  }
}

/**
 * The text of each of `lines` (1-based, any order, no duplicates needed) in `path`, in ascending
 * line order. Throws LinePastEnd when the file has fewer lines than asked for. The reads are
 * synchronous (tens of thousands of small positional reads: a promise each would cost more than the
 * read); callers run it off the extension host's thread, in the run service's worker.
 */
export async function readRowsAt(path: string, table: LineCheckpoints, lines: ArrayLike<number>,
  options: RowReadOptions): Promise<SourceRow[]> {
  const wanted = Float64Array.from(lines).sort();
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    const out: SourceRow[] = [];
    let buf = Buffer.allocUnsafe(64 * 1024);
    for (const segment of segmentsOf(table, wanted, size)) {
      const length = segment.end - segment.start;
      if (buf.length < length) buf = Buffer.allocUnsafe(length);
      const bytesRead = readSync(fd, buf, 0, length, segment.start);
      const reader = new BlockScanner(buf.subarray(0, bytesRead), segment.start, table, options, segment.start + bytesRead >= size);
      for (let k = segment.from; k < segment.to; k++) {
        const line = wanted[k];
        if (k > segment.from && line === wanted[k - 1]) continue;
        out.push(reader.find(line) ?? readAlone(fd, table, line, options, size));
      }
    }
    return out;
  } finally {
    closeSync(fd);
  }
}

/** A byte range of the file and the wanted lines [from, to) it holds. */
interface Segment { start: number; end: number; from: number; to: number }

/** Groups the (ascending) wanted lines into reads: one per run of nearby checkpoint blocks. */
function segmentsOf(table: LineCheckpoints, wanted: Float64Array, size: number): Segment[] {
  const { offsets, every } = table;
  const blockStart = (b: number): number => (b < offsets.length ? offsets[b] : size);
  // A row ends inside its block unless it is a quoted record running on past it (then readAlone reads it).
  const blockEnd = (b: number): number => Math.min(size, b + 1 < offsets.length ? offsets[b + 1] : size);
  const segments: Segment[] = [];
  let current: Segment | undefined;
  for (let k = 0; k < wanted.length; k++) {
    const block = Math.min(offsets.length - 1, Math.floor((wanted[k] - 1) / every));
    const start = blockStart(block), end = blockEnd(block);
    if (current && start - current.end <= GAP_BYTES && end - current.start <= SEGMENT_BYTES) {
      current.end = Math.max(current.end, end);
      current.to = k + 1;
    } else {
      current = { start, end: Math.max(start, end), from: k, to: k + 1 };
      segments.push(current);
    }
  }
  return segments;
}

/** Finds lines in one read piece of the file, moving forward from checkpoints or from the last line found. */
class BlockScanner {
  private line = 0;
  private position = -1;

  constructor(private readonly buf: Buffer, private readonly base: number, private readonly table: LineCheckpoints,
    private readonly options: RowReadOptions, private readonly atFileEnd: boolean) {}

  /** The row on `line`, or undefined when it does not end inside this piece. */
  find(line: number): SourceRow | undefined {
    const { table, buf } = this;
    const block = Math.min(table.offsets.length - 1, Math.floor((line - 1) / table.every));
    const checkpointLine = 1 + block * table.every;
    if (this.position < 0 || this.line > line || this.line < checkpointLine) {
      this.line = checkpointLine;
      this.position = table.offsets[block] - this.base;
    }
    let at = this.position;
    for (let l = this.line; l < line; l++) {
      at = this.nextLineStart(at);
      if (at < 0) return undefined;
    }
    this.line = line;
    this.position = at;
    let start = at;
    if (line === 1 && this.options.encoding === 'utf8' && hasUtf8Bom(buf.subarray(at, at + 3))) start += 3;
    const end = this.rowEnd(start);
    if (end < 0) return undefined;
    return { line, text: decodeBytes(buf, this.options.encoding, start, end) };
  }

  /** Where the line after the one starting at `at` starts, or -1 when that is past this piece. */
  private nextLineStart(at: number): number {
    const { buf } = this;
    if (this.table.breaks === 'lf') {
      const nl = buf.indexOf(LF, at);
      return nl < 0 ? -1 : nl + 1;
    }
    for (let k = at; k < buf.length; k++) {
      const c = buf[k];
      if (c === LF) return k + 1;
      if (c === CR) {
        if (k + 1 >= buf.length) return this.atFileEnd ? k + 1 : -1; // a CR LF may straddle the piece's end
        return buf[k + 1] === LF ? k + 2 : k + 1;
      }
    }
    return -1;
  }

  /** The end of the record starting at `start` (before its line break), or -1 past this piece. */
  private rowEnd(start: number): number {
    const { buf } = this;
    const limit = Math.min(buf.length, start + MAX_ROW_BYTES);
    let inQuotes = false;
    const quoted = this.options.quoted;
    for (let k = start; k < limit; k++) {
      const c = buf[k];
      if (quoted && c === QUOTE) inQuotes = !inQuotes;
      else if (!inQuotes && (c === LF || (c === CR && this.table.breaks === 'any'))) return k > start && buf[k - 1] === CR ? k - 1 : k;
    }
    // A record cut at MAX_ROW_BYTES, the file's last line without a line break, or a row this piece cuts off.
    if (limit < buf.length || this.atFileEnd) return limit;
    return -1;
  }
}

/** Reads one line by itself from its checkpoint to its end (the rare row the grouped read cut off). */
function readAlone(fd: number, table: LineCheckpoints, line: number, options: RowReadOptions, size: number): SourceRow {
  const block = Math.min(table.offsets.length - 1, Math.floor((line - 1) / table.every));
  const start = table.offsets[block];
  let length = 1 << 20;
  for (;;) {
    const buf = Buffer.allocUnsafe(Math.min(length, Math.max(0, size - start)));
    const bytesRead = readSync(fd, buf, 0, buf.length, start);
    const scanner = new BlockScanner(buf.subarray(0, bytesRead), start, table, options, start + bytesRead >= size);
    const found = scanner.find(line);
    if (found) return found;
    if (start + bytesRead >= size) throw new LinePastEnd(line);
    length *= 4;
  }
}

/**
 * The text of line `line` (1-based, LF-counted, its CR dropped) found by streaming the file from
 * its start: for a bad row's Go to Line before any run recorded offsets. Undefined past the end.
 */
export async function readLineByScan(path: string, line: number, encoding: TextEncoding = 'utf8'): Promise<string | undefined> {
  const file = await open(path, 'r');
  try {
    const buf = Buffer.allocUnsafe(1 << 20);
    let current = 1, position = 0;
    let kept: Buffer[] = [];
    for (;;) {
      const { bytesRead } = await file.read(buf, 0, buf.length, position);
      if (bytesRead === 0) break;
      position += bytesRead;
      let at = 0;
      while (current < line) {
        const nl = buf.indexOf(LF, at);
        if (nl < 0 || nl >= bytesRead) { at = bytesRead; break; }
        current++;
        at = nl + 1;
      }
      if (current < line) continue;
      const nl = buf.indexOf(LF, at);
      const end = nl >= 0 && nl < bytesRead ? nl : bytesRead;
      kept.push(Buffer.from(buf.subarray(at, end)));
      if (end < bytesRead || kept.reduce((n, b) => n + b.length, 0) > MAX_ROW_BYTES) break;
    }
    if (current < line) return undefined;
    let bytes = Buffer.concat(kept);
    kept = [];
    if (line === 1 && hasUtf8Bom(bytes)) bytes = bytes.subarray(3);
    if (bytes.length > 0 && bytes[bytes.length - 1] === CR) bytes = bytes.subarray(0, bytes.length - 1);
    return decodeBytes(bytes, encoding);
  } finally {
    await file.close();
  }
}
