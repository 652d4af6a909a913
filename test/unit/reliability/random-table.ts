/**
 * fast-check arbitraries for the CSV property tests: random ratings tables and their bytes on disk
 * (delimiter, quoting, embedded newlines, line endings, blank lines, BOM, encoding), with the
 * source line each row must be reported on.
 */
import fc from 'fast-check';

/** One table row as written. */
export interface TableRow { user: string; item: string; rating: number }

/** How a table is laid out in its file. */
export interface Layout {
  delimiter: ',' | ';' | '\t' | '|';
  eol: '\n' | '\r\n';
  encoding: 'utf8' | 'latin1';
  bom: boolean;
  /** Quote every field, only those that need it, or a random choice per field. */
  quoting: 'all' | 'needed' | 'random';
  /** Blank lines inserted before row r when blankBefore[r] > 0 (how many). */
  blankBefore: number[];
  /** Per-field coin flips for 'random' quoting. */
  coins: boolean[];
  finalNewline: boolean;
}

/** A generated file: its bytes and, per row, the expected values and 1-based start line. */
export interface WrittenTable { bytes: Buffer; rows: TableRow[]; lines: number[]; layout: Layout }

const ASCII_SAFE = 'abcxyzABCXYZ0123456789_-.#@!?()[]{}<>/\\+=*&^%$~`\'';
/** Latin-1 letters 0xC0-0xFF: each is a UTF-8 lead byte that no ASCII byte can follow, so the file never reads as UTF-8. */
const LATIN1_LETTERS = 'ÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÐÑÒÓÔÕÖØÙÚÛÜÝÞßàáâãäåæçèéêëìíîïðñòóôõöøùúûüýþÿ';
const UNICODE = 'é中日本🙂ß€\u202e\u00a0ñ';
/** Characters that force quoting (the delimiter is added per layout). */
const SPECIAL = ['"', ',', ';', '\t', '|', '\n', '\r\n', ' '];

/** A label: 1-12 pieces, never empty, never starting or ending with whitespace (loaders trim). */
export function labelArb(encoding: 'utf8' | 'latin1'): fc.Arbitrary<string> {
  const letters = ASCII_SAFE + (encoding === 'latin1' ? LATIN1_LETTERS : UNICODE);
  const piece = fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...[...letters]) },
    { weight: 2, arbitrary: fc.constantFrom(...SPECIAL) },
    { weight: 1, arbitrary: fc.constantFrom('007', '1e3', '0x10', '-0', 'NaN', 'null', '#na#', '""') },
  );
  return fc.array(piece, { minLength: 1, maxLength: 12 })
    .map((parts) => parts.join(''))
    .filter((s) => s.trim() === s && s.length > 0);
}

/** A rating as the loader must read it back exactly (halves and tenths of small numbers). */
export const ratingArb = fc.oneof(
  fc.integer({ min: 1, max: 10 }),
  fc.integer({ min: 1, max: 10 }).map((x) => x / 2),
  fc.integer({ min: -50, max: 100 }).map((x) => x / 10),
);

export function layoutArb(rows: number): fc.Arbitrary<Layout> {
  return fc.record({
    delimiter: fc.constantFrom(',' as const, ';' as const, '\t' as const, '|' as const),
    eol: fc.constantFrom('\n' as const, '\r\n' as const),
    encoding: fc.constantFrom('utf8' as const, 'latin1' as const),
    bom: fc.boolean(),
    quoting: fc.constantFrom('all' as const, 'needed' as const, 'random' as const),
    blankBefore: fc.array(fc.oneof({ weight: 8, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.integer({ min: 1, max: 3 }) }), { minLength: rows, maxLength: rows }),
    coins: fc.array(fc.boolean(), { minLength: rows * 3 + 3, maxLength: rows * 3 + 3 }),
    finalNewline: fc.boolean(),
  }).map((l) => ({ ...l, bom: l.bom && l.encoding === 'utf8' }));
}

/** A random table of 1..maxRows rows with its layout. */
export function tableArb(maxRows = 25): fc.Arbitrary<{ rows: TableRow[]; layout: Layout }> {
  return fc.integer({ min: 1, max: maxRows }).chain((n) =>
    fc.constantFrom('utf8' as const, 'latin1' as const).chain((encoding) =>
      fc.record({
        rows: fc.array(fc.record({ user: labelArb(encoding), item: labelArb(encoding), rating: ratingArb }), { minLength: n, maxLength: n }),
        layout: layoutArb(n).map((l) => ({ ...l, encoding, bom: l.bom && encoding === 'utf8' })),
      })));
}

/** Quoting its own delimiter is required; `strict` also quotes the other delimiters (what most writers do). */
function needsQuotes(field: string, delimiter: string, strict: boolean): boolean {
  return field.includes(delimiter) || /["\r\n]/.test(field) || field !== field.trim() || (strict && /[,;\t|]/.test(field));
}

function quote(field: string): string {
  return `"${field.replace(/"/g, '""')}"`;
}

/** Newlines in a written field (a CR LF counts once). */
function newlinesIn(text: string): number {
  return (text.match(/\r\n|\n|\r/g) ?? []).length;
}

/** Writes a table with a `userId,movieId,rating` header in its layout; tracks each row's start line. */
export function writeTable(rows: TableRow[], layout: Layout, strict = true): WrittenTable {
  const { delimiter: d, eol } = layout;
  let coin = 0;
  const field = (value: string): string => {
    const flip = layout.coins[coin++ % layout.coins.length];
    const quoted = needsQuotes(value, d, strict) || layout.quoting === 'all' || (layout.quoting === 'random' && flip);
    return quoted ? quote(value) : value;
  };
  const out: string[] = [['userId', 'movieId', 'rating'].map(field).join(d)];
  const lines: number[] = [];
  let line = 2;
  rows.forEach((row, r) => {
    for (let b = 0; b < (layout.blankBefore[r] ?? 0); b++) { out.push(''); line++; }
    const text = [field(row.user), field(row.item), field(String(row.rating))].join(d);
    lines.push(line);
    out.push(text);
    line += newlinesIn(text) + 1;
  });
  const body = out.join(eol) + (layout.finalNewline ? eol : '');
  const bytes = Buffer.concat([layout.bom ? Buffer.from([0xef, 0xbb, 0xbf]) : Buffer.alloc(0), Buffer.from(body, layout.encoding)]);
  return { bytes, rows, lines, layout };
}
