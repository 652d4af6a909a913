/** Splitting a decoded sample of a delimited file into rows, for sniffing (not for loading). */
import { hasDecimalComma, withDecimalPoint } from './excel';

/** One sampled row: its fields and the 1-based line it starts on. */
export interface SampleRow {
  fields: string[];
  line: number;
}

/**
 * Splits text into rows of fields. `delimiter` is one character or 'whitespace' (runs of spaces and
 * tabs). RFC 4180 quotes are honoured when `quotes` is set; a row cut off inside quotes ends the
 * split (callers cut samples at a line end). Blank lines are skipped.
 */
export function splitSample(text: string, delimiter: string, quotes: boolean, maxRows = Infinity): SampleRow[] {
  const rows: SampleRow[] = [];
  let line = 1;
  let pos = 0;
  const n = text.length;
  while (pos < n && rows.length < maxRows) {
    const startLine = line;
    const fields: string[] = [];
    let field = '';
    // Whether `field` is only spaces so far (tracked, not re-trimmed: trimming a long field at every quote was quadratic).
    let blank = true;
    while (pos < n) {
      const c = text[pos];
      if (quotes && c === '"' && blank && delimiter !== 'whitespace') {
        const close = readQuoted(text, pos + 1);
        if (close.end < 0) return rows; // cut off inside quotes
        field = close.value;
        blank = field.trim() === '';
        line += close.newlines;
        pos = close.end;
        continue;
      }
      if (c === '\n' || c === '\r') {
        pos += c === '\r' && text[pos + 1] === '\n' ? 2 : 1;
        line++;
        break;
      }
      if (delimiter === 'whitespace' ? c === ' ' || c === '\t' : c === delimiter) {
        if (delimiter === 'whitespace') {
          while (text[pos + 1] === ' ' || text[pos + 1] === '\t') pos++;
          if (fields.length === 0 && field === '') { pos++; continue; } // leading whitespace
        }
        fields.push(field);
        field = '';
        blank = true;
        pos++;
        continue;
      }
      field += c;
      if (blank && c.trim() !== '') blank = false;
      pos++;
    }
    if (delimiter === 'whitespace' && field === '' && fields.length > 0) {
      rows.push({ fields, line: startLine });
      continue;
    }
    fields.push(field);
    if (fields.length === 1 && fields[0].trim() === '') continue;
    rows.push({ fields, line: startLine });
  }
  return rows;
}

/** Reads a quoted field body starting after its opening quote: value, end position, newlines inside. */
function readQuoted(text: string, from: number): { value: string; end: number; newlines: number } {
  let value = '';
  let newlines = 0;
  let pos = from;
  while (pos < text.length) {
    const c = text[pos];
    if (c === '"') {
      if (text[pos + 1] === '"') { value += '"'; pos += 2; continue; }
      return { value, end: pos + 1, newlines };
    }
    if (c === '\n') newlines++;
    value += c;
    pos++;
  }
  return { value, end: -1, newlines };
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
