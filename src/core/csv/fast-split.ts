/**
 * The fast path for unquoted files: splits raw bytes into lines and fields without decoding them
 * to strings (DESIGN.md section 11 measured a byte splitter 3x faster than csv-parse).
 */
import { hasUtf8Bom } from './encoding';
import type { CheckpointRecorder } from './line-offsets';
import type { PlainRowScanner } from './plain-rows';
import type { RawRows } from './plain-scan';
import { splitQuoted, type QuoteRules } from './quote-split';

/** Receives one non-blank row: fields are byte ranges [starts[k], ends[k]), trimmed of spaces. */
export type ByteRowHandler = (buf: Uint8Array, starts: Int32Array, ends: Int32Array, nFields: number, line: number) => void;

/**
 * Thrown when a field starts with a quote (or, in quote mode, when a line is one csv-parse might read
 * differently): the caller re-reads the file in quote mode or with csv-parse.
 */
export class QuotedFieldFound extends Error {
  constructor(readonly line: number) {
    super(`a quoted field at line ${line} needs the csv-parse path`);
  }
}

/** A line longer than this is no ratings row: stop instead of buffering it. */
export const MAX_LINE_BYTES = 16 * 1024 * 1024;

/** Thrown when a line grows past MAX_LINE_BYTES without a line break. */
export class LineTooLong extends Error {
  constructor(readonly line: number) {
    super(`line ${line} is longer than ${MAX_LINE_BYTES} bytes`);
  }
}

/** Lines in a row the plain scanner may refuse before the splitter stops offering it lines (it costs a call each). */
const PLAIN_MISSES = 1000;

const LF = 0x0a, CR = 0x0d, SPACE = 0x20, TAB = 0x09, QUOTE = 0x22;

/** Feeds chunks in order with `push`, then `end`; rows go to the handler with their 1-based line. */
export class FastSplitter {
  private carry: Buffer | undefined;
  private line = 1;
  private started = false;
  private readonly starts: Int32Array;
  private readonly ends: Int32Array;
  private readonly delimiter: number;
  /** File offset of the first byte of the next chunk (for the checkpoints). */
  private consumed = 0;
  /** Non-blank rows handed to onRow so far. */
  private rows = 0;
  /** Scans in a row that took no line (a file of string ids, say): past PLAIN_MISSES the scanner is not asked again. */
  private plainMisses = 0;
  /** Quote mode: whether the file's first line ended in CR LF (csv-parse splits records on that ending only). */
  private crlf: boolean | undefined;

  /**
   * `skipLines` first lines are counted but not split (Excel's `sep=;` line, which may be quoted).
   * `checkpoints`, when given, is told where lines start (line-offsets.ts). `plain`, when given,
   * takes the plain rows after the first `generalRows` non-blank rows (a header goes to `onRow`).
   * `quotes`: quote mode (quote-split.ts), for files with quoted fields.
   */
  constructor(delimiter: string, width: number, private readonly onRow: ByteRowHandler, private skipLines = 0,
    private readonly checkpoints?: CheckpointRecorder, private readonly plain?: PlainRowScanner, private readonly generalRows = 0,
    private readonly quotes?: QuoteRules) {
    // Rows wider than `width` are ragged anyway: ranges past the capacity are counted, not kept.
    const capacity = Math.max(64, width + 1);
    this.starts = new Int32Array(capacity);
    this.ends = new Int32Array(capacity);
    this.delimiter = delimiter === 'whitespace' ? -1 : delimiter.charCodeAt(0);
  }

  /** Splits every complete line in `chunk` (plus what was left over from the last chunk). */
  push(chunk: Buffer): void {
    const chunkBase = this.consumed;
    this.consumed += chunk.length;
    let from = 0;
    if (this.carry) {
      // Only the line that straddles the chunks is copied (copying the whole chunk onto the carry
      // cost 0.15 s of a 130 MB load).
      const nl = chunk.indexOf(LF);
      const head = nl < 0 ? chunk : chunk.subarray(0, nl + 1);
      const joined = Buffer.concat([this.carry, head]);
      const base = chunkBase - this.carry.length;
      this.carry = undefined;
      this.splitRegion(joined, base);
      if (nl < 0) return;
      from = nl + 1;
    }
    this.splitRegion(from === 0 ? chunk : chunk.subarray(from), chunkBase + from);
  }

  /**
   * Like `push(chunk)` for a chunk of whole lines whose plain rows from its start were already
   * scanned (`raw`, by scanPlainRaw on `chunk`): those rows are stored as the scanner would have
   * stored them and the rest of the chunk is pushed. When this splitter would not be scanning at the
   * chunk's start (a line carried over, the header not yet seen, the scanner given up) the rows are
   * ignored and the chunk is pushed whole, so the result is always push's.
   */
  pushScanned(chunk: Buffer, raw: RawRows): void {
    const { plain } = this;
    if (!plain || this.carry || !this.started || this.skipLines > 0 || this.rows < this.generalRows
      || this.plainMisses >= PLAIN_MISSES || this.quotes) {
      this.push(chunk);
      return;
    }
    this.line = plain.takeRaw(raw, this.line, this.checkpoints, this.consumed);
    this.consumed += raw.stop;
    if (raw.n > 0) this.plainMisses = 0;
    if (raw.stop < chunk.length) this.push(chunk.subarray(raw.stop));
  }

  /** Splits the complete lines of `buf` (file offset `base`) and keeps the incomplete last one as the carry. */
  private splitRegion(region: Buffer, base: number): void {
    let buf = region;
    if (!this.started) {
      this.started = true;
      if (hasUtf8Bom(buf)) {
        buf = buf.subarray(3);
        base += 3;
      }
    }
    const { checkpoints, plain } = this;
    const mask = checkpoints ? checkpoints.mask : -1;
    let pos = 0;
    for (;;) {
      if (plain && this.skipLines === 0 && this.rows >= this.generalRows && this.plainMisses < PLAIN_MISSES) {
        const from = pos;
        const stop = plain.scan(buf, pos, this.line, checkpoints, base);
        pos = stop.pos;
        this.line = stop.line;
        this.plainMisses = pos === from ? this.plainMisses + 1 : 0;
      }
      const nl = buf.indexOf(LF, pos);
      if (nl < 0) break;
      if (this.quotes) this.checkLineEnd(nl > pos && buf[nl - 1] === CR);
      if (this.skipLines > 0) this.skipLines--;
      else this.splitLine(buf, pos, nl);
      this.line++;
      pos = nl + 1;
      if (checkpoints && ((this.line - 1) & mask) === 0) checkpoints.lineStart(this.line, base + pos);
    }
    this.carry = pos < buf.length ? Buffer.from(buf.subarray(pos)) : undefined;
    if (this.carry && this.carry.length > MAX_LINE_BYTES) throw new LineTooLong(this.line);
  }

  /** Splits the last line when the file does not end with a newline. */
  end(): void {
    if (this.carry && this.skipLines === 0) this.splitLine(this.carry, 0, this.carry.length);
    this.carry = undefined;
  }

  /** Quote mode: every line must end as the first did (csv-parse would keep another ending inside a field). */
  private checkLineEnd(crlf: boolean): void {
    if (this.crlf === undefined) this.crlf = crlf;
    else if (this.crlf !== crlf) throw new QuotedFieldFound(this.line);
  }

  private splitLine(buf: Buffer, s: number, e: number): void {
    if (e > s && buf[e - 1] === CR) e--;
    const n = this.delimiter < 0 ? this.splitWhitespace(buf, s, e)
      : this.quotes ? splitQuoted(buf, s, e, this.delimiter, this.starts, this.ends, this.quotes)
        : this.splitDelimited(buf, s, e);
    if (n < 0) throw new QuotedFieldFound(this.line);
    if (n === 0 || (n === 1 && this.starts[0] === this.ends[0])) return; // blank line
    this.rows++;
    this.onRow(buf, this.starts, this.ends, n, this.line);
  }

  private splitDelimited(buf: Buffer, s: number, e: number): number {
    const { starts, ends, delimiter } = this;
    const capacity = starts.length;
    const trimTabs = delimiter !== TAB;
    let n = 0, from = s;
    for (let k = s; k <= e; k++) {
      if (k < e && buf[k] !== delimiter) continue;
      let a = from, b = k;
      while (a < b && (buf[a] === SPACE || (trimTabs && buf[a] === TAB))) a++;
      while (b > a && (buf[b - 1] === SPACE || (trimTabs && buf[b - 1] === TAB))) b--;
      if (a < b && buf[a] === QUOTE) throw new QuotedFieldFound(this.line);
      if (n < capacity) {
        starts[n] = a;
        ends[n] = b;
      }
      n++;
      from = k + 1;
    }
    return n;
  }

  private splitWhitespace(buf: Buffer, s: number, e: number): number {
    const { starts, ends } = this;
    const capacity = starts.length;
    let n = 0, k = s;
    while (true) {
      while (k < e && (buf[k] === SPACE || buf[k] === TAB)) k++;
      if (k >= e) return n;
      const a = k;
      while (k < e && buf[k] !== SPACE && buf[k] !== TAB) k++;
      if (n < capacity) {
        starts[n] = a;
        ends[n] = k;
      }
      n++;
    }
  }
}
