/** Splitting a decoded sample of a delimited file into rows, for sniffing (not for loading). */
import { readRow } from './cells';
import { hasDecimalComma, withDecimalPoint } from './excel';

/** One sampled row: its fields and the 1-based line it starts on. */
export interface SampleRow {
  fields: string[];
  line: number;
}

/**
 * Splits text into rows of fields with the shared tokenizer (cells.ts). `delimiter` is one character
 * or 'whitespace' (runs of spaces and tabs). RFC 4180 quotes are honoured when `quotes` is set; a row
 * cut off inside quotes ends the split (callers cut samples at a line end). Blank lines are skipped.
 */
export function splitSample(text: string, delimiter: string, quotes: boolean, maxRows = Infinity): SampleRow[] {
  const rows: SampleRow[] = [];
  let line = 1;
  let pos = 0;
  while (pos < text.length && rows.length < maxRows) {
    const row = readRow(text, pos, delimiter, quotes);
    if (row.cut) break;
    const startLine = line;
    line += row.newlines + 1;
    pos = row.next;
    if (row.cells.length === 1 && row.cells[0].value.trim() === '') continue;
    rows.push({ fields: row.cells.map((c) => c.value), line: startLine });
  }
  return rows;
}

/**
 * True when a field reads as a finite decimal number (what the rating and id columns hold); with
 * `decimalComma` (a file written so), `3,5` counts too.
 */
export function isNumeric(value: string, decimalComma = false): boolean {
  return /^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/.test(value) || (decimalComma && hasDecimalComma(value));
}

/** The number a field holds (isNumeric has said it is one); `3,5` is 3.5 with `decimalComma`. */
export function numberOf(value: string, decimalComma = false): number {
  return Number(decimalComma && hasDecimalComma(value) ? withDecimalPoint(value) : value);
}
