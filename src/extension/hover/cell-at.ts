/** Which delimited field a cursor is in, on one line of a CSV/TSV-like file (pure; quotes aware). */

/** A field of a line: 0-based column, its unquoted text and its character range [start, end). */
export interface Cell {
  column: number;
  value: string;
  start: number;
  end: number;
}

/** The fields of one line. `delimiter` is a single character or 'whitespace' (runs of blanks). */
export function splitCells(line: string, delimiter: string): Cell[] {
  if (delimiter === 'whitespace') return splitWhitespace(line);
  const cells: Cell[] = [];
  let i = 0;
  let column = 0;
  while (i <= line.length) {
    const start = i;
    let value = '';
    if (line[i] === '"') {
      i++;
      while (i < line.length) {
        if (line[i] === '"') {
          if (line[i + 1] === '"') { value += '"'; i += 2; continue; }
          i++;
          break;
        }
        value += line[i++];
      }
      // Anything between the closing quote and the delimiter belongs to the field, as csv-parse's relax mode does.
      while (i < line.length && line[i] !== delimiter) value += line[i++];
    } else {
      const next = line.indexOf(delimiter, i);
      const stop = next < 0 ? line.length : next;
      value = line.slice(i, stop);
      i = stop;
    }
    cells.push({ column: column++, value, start, end: i });
    if (i >= line.length) break;
    i++; // skip the delimiter
    if (i === line.length) { cells.push({ column: column++, value: '', start: i, end: i }); break; }
  }
  return cells;
}

function splitWhitespace(line: string): Cell[] {
  const cells: Cell[] = [];
  const re = /\S+/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(line)) !== null) cells.push({ column: cells.length, value: m[0], start: m.index, end: m.index + m[0].length });
  return cells;
}

/** The cell under `character` (a cursor on a delimiter belongs to the field before it), or undefined. */
export function cellAt(line: string, character: number, delimiter: string): Cell | undefined {
  const cells = splitCells(line, delimiter);
  return cells.find((c) => character >= c.start && character <= c.end && c.value.length > 0);
}

/** The likeliest delimiter of an items file line (`|` for u.item, `,` for movies.csv, tab, `;`). */
export function guessDelimiter(line: string): string {
  const candidates = [',', '\t', '|', ';']; // ties go to the comma: movies.csv genres hold pipes
  let best = ',';
  let bestCount = 0;
  for (const d of candidates) {
    const count = splitCells(line, d).length - 1;
    if (count > bestCount) { best = d; bestCount = count; }
  }
  return best;
}
