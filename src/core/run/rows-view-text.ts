/**
 * The text of Collab's rows view (a read-only document under the `collab-rows:` scheme): a few lines
 * saying what it lists, then the header row and each row, prefixed with its source line number.
 * Pure (no vscode): the run service's worker builds the text (63,000 rows took 139 ms on the
 * extension host's thread), and the host parses its lines back for CodeLenses and hovers.
 */
import type { SourceRows } from './source-rows';

/** What a rows view shows: one label's rows of one run. */
export interface RowsTarget {
  runDir: string;
  /** The run's source file (the file the rows are in). */
  file: string;
  side: 'items' | 'users';
  index: number;
  label: string;
  /** Rows ordered by this field (0-based), instead of file order. */
  sort?: { column: number; name: string; descending: boolean };
}

/** Separates a row's line number from its text. */
const BAR = ' | ';
/** A row line: spaces, the line number, the bar, the row. */
const ROW_LINE = /^ *(\d+) \| /;
/** Shown in place of a line break inside a quoted field (one row stays one line of the view). */
const BREAK_MARK = '\u23ce';

/** Lines of the view before the first row (its description and the column heading). */
export const PREAMBLE_LINES = 4;

/** The view's text: a description, then `line | row` for the header and each row. */
export function rowsViewText(target: RowsTarget, answer: SourceRows, limitBytes: number): string {
  const kind = target.side === 'items' ? 'item' : 'user';
  const { lines, texts } = answer;
  const shown = lines.length < answer.total ? `the first ${lines.length.toLocaleString('en-US')} of ` : '';
  const mb = Math.round(limitBytes / 1024 / 1024);
  const width = Math.max(4, String(lines.length > 0 ? lines[lines.length - 1] : 0).length, String(answer.header?.line ?? 0).length);
  const row = (line: number, text: string): string => `${String(line).padStart(width)}${BAR}${text.replace(/\r\n|\r|\n/g, BREAK_MARK)}`;
  const out = [
    `Collab: ${shown}${answer.total.toLocaleString('en-US')} row${answer.total === 1 ? '' : 's'} of ${kind} ${oneLine(target.label)} in ${answer.file}`,
    `(read from the file by byte offset: the file is over the ${mb} MB VS Code hands to extensions; hover an id here as in the file)`
      + (target.sort ? ` sorted by ${oneLine(target.sort.name)}, ${target.sort.descending ? 'descending' : 'ascending'} (Collab: Sort Rows by Column...)` : ' in file order (Collab: Sort Rows by Column... to sort)'),
    `To see a row in the file: "Open the file at line N" above it, or "Collab: Open the File at This Line" on the cursor's row.`,
    `${'line'.padStart(width)}${BAR}row`,
  ];
  if (answer.header) out.push(row(answer.header.line, answer.header.text));
  for (let k = 0; k < lines.length; k++) out.push(row(lines[k], texts[k]));
  return out.join('\n') + '\n';
}

/** The source line and the row's text (and where it starts) of one line of the view; undefined off a row. */
export function parseRowLine(text: string): { line: number; row: string; offset: number } | undefined {
  const m = ROW_LINE.exec(text);
  if (!m) return undefined;
  return { line: Number(m[1]), row: text.slice(m[0].length), offset: m[0].length };
}

/** The view's text when the rows cannot be read, with the reason. */
export function rowsProblemText(target: RowsTarget, message: string): string {
  return `Collab: could not read the rows of ${oneLine(target.label)}.\n\n${message}\n`;
}

/** The query string of a rows view's URI (the target as JSON) and back. */
export function encodeRowsTarget(target: RowsTarget): string {
  return JSON.stringify({
    runDir: target.runDir, file: target.file, side: target.side, index: target.index, label: target.label, ...(target.sort ? { sort: target.sort } : {}),
  });
}

/** Parses a rows view URI's query; undefined when it is not one Collab wrote. */
export function decodeRowsTarget(query: string): RowsTarget | undefined {
  try {
    const t = JSON.parse(query) as Partial<RowsTarget>;
    if (typeof t.runDir !== 'string' || typeof t.file !== 'string' || (t.side !== 'items' && t.side !== 'users') || !Number.isInteger(t.index) || typeof t.label !== 'string') return undefined;
    const sort = t.sort && Number.isInteger(t.sort.column) && t.sort.column >= 0 && typeof t.sort.name === 'string'
      ? { column: t.sort.column, name: t.sort.name, descending: t.sort.descending === true } : undefined;
    return { runDir: t.runDir, file: t.file, side: t.side, index: t.index as number, label: t.label, ...(sort ? { sort } : {}) };
  } catch {
    return undefined;
  }
}

/** A label quoted on one line (titles come from user files). */
function oneLine(label: string): string {
  return `'${label.replace(/[\r\n\u2028\u2029]+/g, ' ').slice(0, 200)}'`;
}
