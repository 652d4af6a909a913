/**
 * Excel's conventions for delimited files: a first line `sep=;` that names the delimiter (Excel
 * writes and honours it; many European locales use `;` with decimal commas), and `3,5` for 3.5.
 */

/**
 * `sep=X` (or `"sep=X"`), X one ASCII character other than a quote, optionally followed by more X
 * (a `sep=;` typed into cell A1 of a sheet saved as CSV comes back as `sep=;;;`).
 */
const SEP_LINE = /^("?)sep=([\t\x20\x21\x23-\x7e])\1\2*[ \t]*$/i;

/** The delimiter a `sep=X` first line names, or undefined when line 1 of `text` is no such line. */
export function sepLineDelimiter(text: string): string | undefined {
  const end = text.search(/[\r\n]/);
  return SEP_LINE.exec(end < 0 ? text : text.slice(0, end))?.[2];
}

/** `text` after its first line (what follows a `sep=` line). */
export function afterFirstLine(text: string): string {
  const end = text.search(/\r\n|\r|\n/);
  if (end < 0) return '';
  return text.slice(end + (text.startsWith('\r\n', end) ? 2 : 1));
}

/** The delimiter as written in a `sep=` line (a tab shown as \t). */
export function sepLineText(delimiter: string): string {
  return `sep=${delimiter === '\t' ? '\\t' : delimiter}`;
}

/** A number written with a decimal comma and nothing else: `3,5`, `-0,25`, `+4,0` (no thousands separators). */
const DECIMAL_COMMA = /^\s*[-+]?\d+,\d+\s*$/;

/** True when `value` is a number written with a decimal comma. */
export function hasDecimalComma(value: string): boolean {
  return DECIMAL_COMMA.test(value);
}

/** `3,5` as `3.5` (the caller has checked hasDecimalComma). */
export function withDecimalPoint(value: string): string {
  return value.replace(',', '.');
}
