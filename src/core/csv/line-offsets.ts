/**
 * Byte offsets of source lines, recorded while the loader reads a file, so a run can later find a
 * row's bytes from its line number without scanning the file: the offset of every CHECKPOINT_EVERY-th
 * line (a sparse table), then a short forward scan (row-reader.ts). Lines are counted exactly as
 * the loader numbers them: the fast splitter ends a line at each LF ('lf'); the csv-parse path
 * counts CR LF, CR or LF as one break, inside quoted fields too ('any').
 */

/** How a file's lines were counted: 'lf' (the fast splitter) or 'any' (csv-parse's path, as editors count). */
export type LineBreaks = 'lf' | 'any';

/**
 * Lines between two checkpoints (a power of two). 256 keeps the table at 8 bytes per 256 lines
 * (0.8 MB at 25M rows) and a row's scan at 128 lines on average (bench/source-rows.mjs compares).
 */
export const CHECKPOINT_EVERY = 256;

/** The sparse line table of one source file. */
export interface LineCheckpoints {
  /** Lines between two checkpoints (a power of two). */
  every: number;
  breaks: LineBreaks;
  /** offsets[k]: the byte where line 1 + k * every starts (offsets[0] = 0, before any BOM). */
  offsets: Float64Array;
  /** The header's 1-based line, 0 when the file has none. */
  headerLine: number;
}

const LF = 0x0a, CR = 0x0d;

/** Collects checkpoints from line starts reported in file order (the fast splitter calls `lineStart`). */
export class CheckpointRecorder {
  private readonly starts: number[] = [0];
  /** every - 1: line - 1 is a multiple of `every` when (line - 1) & mask is 0. */
  readonly mask: number;

  constructor(readonly breaks: LineBreaks, readonly every = CHECKPOINT_EVERY) {
    if (every < 1 || (every & (every - 1)) !== 0) throw new Error(`checkpoint spacing ${every} is not a power of two`);
    this.mask = every - 1;
  }

  /** Line `line` (1-based, > 1) starts at byte `offset`; only checkpoint lines are kept. */
  lineStart(line: number, offset: number): void {
    if (((line - 1) & this.mask) === 0) this.starts[(line - 1) / this.every] = offset;
  }

  /** The table, once the whole file went through. */
  finish(headerLine: number): LineCheckpoints {
    return { every: this.every, breaks: this.breaks, offsets: Float64Array.from(this.starts), headerLine };
  }
}

/**
 * Counts lines the 'any' way (CR LF, CR or LF) over a file's chunks and records checkpoints: the
 * csv-parse path feeds it the same chunks it parses, so its offsets agree with csv-parse's lines.
 */
export class AnyBreakScanner {
  private line = 1;
  private position = 0;
  private afterCr = false;

  constructor(private readonly recorder: CheckpointRecorder) {}

  /** Scans the next chunk of the file. */
  push(chunk: Uint8Array): void {
    const { recorder } = this;
    const mask = recorder.mask;
    let line = this.line, afterCr = this.afterCr;
    const base = this.position;
    for (let k = 0; k < chunk.length; k++) {
      const c = chunk[k];
      if (c === CR) {
        line++;
        if (((line - 1) & mask) === 0) recorder.lineStart(line, base + k + 1);
        afterCr = true;
      } else if (c === LF) {
        // The LF of a CR LF: the line that began after the CR begins after the LF.
        if (!afterCr) line++;
        if (((line - 1) & mask) === 0) recorder.lineStart(line, base + k + 1);
        afterCr = false;
      } else {
        afterCr = false;
      }
    }
    this.line = line;
    this.afterCr = afterCr;
    this.position = base + chunk.length;
  }
}
