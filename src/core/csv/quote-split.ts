/**
 * Quote mode of the fast splitter: splits one line of a file with quoted fields into byte ranges,
 * for the common RFC 4180 shapes only, and says "not this line" (-1) for anything csv-parse (the
 * loader's reference for quoted files, read.ts) might read differently; the loader then reads the
 * whole file with csv-parse. Taken: `"..."` fields without a quote, CR or line break inside, followed
 * by the delimiter or the line's end; unquoted fields without a quote or CR. Refused: doubled
 * quotes, a quoted field running onto the next line, text after a closing quote, a quote inside an
 * unquoted field, a field whose edge is a character String.trim removes but spaces and tabs are not
 * (csv-parse's path trims with String.trim, the byte path trims spaces and tabs).
 *
 * Why: csv-parse read a generated 2M-row file with every field quoted at 13 MB/s, pandas at
 * 121 MB/s (bench/load-2core.mjs, load 1.3); the rows of such files are plain once unquoted.
 */
import { decodeBytes, type TextEncoding } from './encoding';

/** What quote mode needs to know about the file. */
export interface QuoteRules {
  encoding: TextEncoding;
}

const CR = 0x0d, SPACE = 0x20, TAB = 0x09, QUOTE = 0x22;

/**
 * Splits bytes [s, e) of `buf` (one line, its line break removed) into field ranges, unquoted and
 * trimmed of spaces (and tabs, unless the delimiter is a tab), as FastSplitter does for unquoted
 * lines. Returns the number of fields (ranges past the arrays' capacity are counted, not kept), or
 * -1 when the line needs csv-parse.
 */
export function splitQuoted(buf: Uint8Array, s: number, e: number, delimiter: number,
  starts: Int32Array, ends: Int32Array, rules: QuoteRules): number {
  const capacity = starts.length;
  const trimTabs = delimiter !== TAB;
  let n = 0, k = s;
  for (;;) {
    let a: number, b: number;
    if (k < e && buf[k] === QUOTE) {
      let close = k + 1;
      for (; close < e; close++) {
        const c = buf[close];
        if (c === QUOTE) break;
        if (c === CR) return -1;
      }
      // Unclosed on this line, a doubled quote, or text after the closing quote.
      if (close >= e || (close + 1 < e && buf[close + 1] !== delimiter)) return -1;
      a = k + 1;
      b = close;
      k = close + 1;
    } else {
      a = k;
      for (; k < e; k++) {
        const c = buf[k];
        if (c === delimiter) break;
        if (c === QUOTE || c === CR) return -1;
      }
      b = k;
    }
    while (a < b && (buf[a] === SPACE || (trimTabs && buf[a] === TAB))) a++;
    while (b > a && (buf[b - 1] === SPACE || (trimTabs && buf[b - 1] === TAB))) b--;
    if (a < b && !edgesTrimAlike(buf, a, b, rules.encoding)) return -1;
    if (n < capacity) {
      starts[n] = a;
      ends[n] = b;
    }
    n++;
    if (k >= e) return n;
    k++; // past the delimiter
  }
}

/** Whether String.trim leaves the field as it is (only control or non-ASCII edge bytes can differ). */
function edgesTrimAlike(buf: Uint8Array, a: number, b: number, encoding: TextEncoding): boolean {
  const first = buf[a], last = buf[b - 1];
  if (first >= 0x20 && first < 0x80 && last >= 0x20 && last < 0x80) return true;
  const text = decodeBytes(buf, encoding, a, b);
  return text.trim().length === text.length;
}
