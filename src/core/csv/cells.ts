/**
 * The one tokenizer for delimited text read as strings: the sniffer's sample split (sample.ts), the
 * items-file reader (items.ts) and the hover's "which field is the cursor in" all read fields here,
 * with the same quoting rules (RFC 4180 quotes at a field's start, `""` inside; text after a closing
 * quote stays in the field, as csv-parse's relax mode does).
 */

/** A field of a row: 0-based column, its unquoted text and its character range [start, end) in the text. */
export interface Cell {
  column: number;
  value: string;
  start: number;
  end: number;
}

/** One row read from a position: its cells, where the next row starts and the newlines inside quotes. */
export interface RowRead {
  cells: Cell[];
  next: number;
  /** Line breaks inside quoted fields (the row's own line end not counted). */
  newlines: number;
  /** True when the text ended inside quotes (a sample cut mid-field): the row is incomplete. */
  cut: boolean;
}

/**
 * Whether quotes are honoured: for every delimiter but 'whitespace'. The loader agrees: its fast
 * splitter hands any file with a field starting with a quote to csv-parse.
 */
export function quotesApply(delimiter: string): boolean {
  return delimiter !== 'whitespace';
}

const isBlank = (c: string | undefined): boolean => c === ' ' || c === '\t';

/**
 * Reads the row starting at `from`. `delimiter` is one character or 'whitespace' (runs of spaces and
 * tabs, leading and trailing ones ignored). A quote opens a quoted field only where the field holds
 * nothing but spaces so far, and only when `quotes` is set.
 */
export function readRow(text: string, from: number, delimiter: string, quotes: boolean): RowRead {
  const ws = delimiter === 'whitespace';
  const useQuotes = quotes && !ws;
  const n = text.length;
  const cells: Cell[] = [];
  let pos = from;
  let newlines = 0;
  if (ws) while (isBlank(text[pos])) pos++;
  let start = pos;
  let field = '';
  // Plain text is sliced in runs from `plain`, not appended a character at a time (that churned the GC).
  let plain = pos;
  // Whether the field is only spaces so far (tracked, not re-trimmed: trimming a long field at every quote was quadratic).
  let blank = true;
  while (pos < n) {
    const c = text[pos];
    if (useQuotes && c === '"' && blank) {
      const close = readQuoted(text, pos + 1);
      if (close.end < 0) return { cells, next: n, newlines: newlines + close.newlines, cut: true };
      field = close.value;
      blank = field.trim() === '';
      newlines += close.newlines;
      pos = plain = close.end;
      continue;
    }
    if (c === '\n' || c === '\r') break;
    if (ws ? isBlank(c) : c === delimiter) {
      cells.push({ column: cells.length, value: field + text.slice(plain, pos), start, end: pos });
      if (ws) while (isBlank(text[pos + 1])) pos++;
      pos++;
      start = plain = pos;
      // Trailing whitespace ends the row's fields, it does not start an empty one.
      if (ws && (pos >= n || text[pos] === '\n' || text[pos] === '\r')) { start = -1; break; }
      field = '';
      blank = true;
      continue;
    }
    if (blank && c.trim() !== '') blank = false;
    pos++;
  }
  if (start >= 0) cells.push({ column: cells.length, value: field + text.slice(plain, pos), start, end: pos });
  const next = text[pos] === '\r' && text[pos + 1] === '\n' ? pos + 2 : Math.min(n, pos + 1);
  return { cells, next, newlines, cut: false };
}

/** Reads a quoted field body starting after its opening quote: value, end position (-1: no closing quote), newlines inside. */
function readQuoted(text: string, from: number): { value: string; end: number; newlines: number } {
  let value = '';
  let newlines = 0;
  let pos = from;
  while (true) {
    const quote = text.indexOf('"', pos);
    const stop = quote < 0 ? text.length : quote;
    for (let nl = text.indexOf('\n', pos); nl >= 0 && nl < stop; nl = text.indexOf('\n', nl + 1)) newlines++;
    value += text.slice(pos, stop);
    if (quote < 0) return { value, end: -1, newlines };
    if (text[quote + 1] !== '"') return { value, end: quote + 1, newlines };
    value += '"';
    pos = quote + 2;
  }
}

/** The fields of one line of a file with this delimiter (quotes as the loader reads them). */
export function lineCells(line: string, delimiter: string): Cell[] {
  return readRow(line, 0, delimiter, quotesApply(delimiter)).cells;
}

/** The non-empty cell under `character` (a cursor just after a field still belongs to it), or undefined. */
export function cellAt(cells: readonly Cell[], character: number): Cell | undefined {
  return cells.find((c) => character >= c.start && character <= c.end && c.value.length > 0);
}
