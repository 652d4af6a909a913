/**
 * Files as Excel writes them in European locales (issue 12): a `sep=;` first line, `;` between
 * fields, decimal-comma ratings, Windows-1252 text with curly quotes and dashes, CR LF line ends,
 * and with "CSV UTF-8" a byte order mark. Each is generated here as Excel would save it.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import inspect from '../../../src/cli/commands/inspect';
import { decodeBytes, detectEncoding } from '../../../src/core/csv/encoding';
import { DataError } from '../../../src/core/csv/errors';
import { loadRatings } from '../../../src/core/csv/load';
import { sniffFile } from '../../../src/core/csv/sniff';
import type { SniffResult } from '../../../src/core/csv/types';
import { tempDir, writeTemp } from './helpers';

const dir = tempDir();

/** Bytes 0x80-0x9F of Windows-1252 that the titles below use (the rest is Latin-1). */
const CP1252: Record<string, number> = { '€': 0x80, '„': 0x84, '…': 0x85, '‘': 0x91, '’': 0x92, '“': 0x93, '”': 0x94, '–': 0x96, '—': 0x97 };

/** Encodes text as Windows-1252, as Excel's "CSV (semicolon delimited)" does on a Western European Windows. */
function windows1252(text: string): Buffer {
  return Buffer.from(Array.from(text, (c) => {
    const code = CP1252[c] ?? c.charCodeAt(0);
    if (code > 0xff) throw new Error(`${c} is not in Windows-1252`);
    return code;
  }));
}

const TITLES = [
  '“Amélie” – Le fabuleux destin (2001)', 'Das Boot (1981)', 'Café au lait – Métisse (1993)', 'Lola rennt (1998)',
  'Der „Himmel“ über Berlin (1987)', 'Die Blechtrommel (1979)', 'Léon – The Professional (1994)', 'Good Bye, Lenin! (2003)',
  'Ça commence aujourd’hui (1999)', 'Das Leben der Anderen (2006)', 'Cinéma Paradiso — Nuovo (1988)', 'M – Eine Stadt sucht einen Mörder (1931)',
];

interface Export { text: string; ratings: number[]; titles: string[]; firstDataLine: number }

/**
 * An Excel export: `sep=;`, a header, rows `user;film;3,5;timestamp;title` with CR LF.
 * `badAt` puts the word 'vier' in the rating of that data row; `quoteTitle` quotes one title with a `;` in it.
 */
function excelExport(options: { sepLine?: string; header?: string; badAt?: number; quoteTitle?: boolean } = {}): Export {
  const lines: string[] = [];
  if (options.sepLine !== '') lines.push(options.sepLine ?? 'sep=;');
  lines.push(options.header ?? 'Benutzer;Film;Bewertung;Zeitstempel;Titel');
  const ratings: number[] = [], titles: string[] = [];
  for (let u = 1; u <= 30; u++) {
    for (let k = 0; k < 8; k++) {
      const film = (u * 5 + k * 7) % TITLES.length;
      const rating = 0.5 + ((u * 3 + k * 5) % 10) / 2;
      let title = TITLES[film];
      if (options.quoteTitle && film === 7) title = 'Good Bye; Lenin! (2003)';
      const shown = /[;"]/.test(title) ? `"${title.replace(/"/g, '""')}"` : title;
      const written = lines.length - (options.sepLine === '' ? 1 : 2) === options.badAt ? 'vier' : String(rating).replace('.', ',');
      lines.push(`${u};${film + 1};${written};${1_600_000_000 + u * 86_400 + k * 60};${shown}`);
      ratings.push(rating);
      titles.push(title);
    }
  }
  return { text: `${lines.join('\r\n')}\r\n`, ratings, titles, firstDataLine: options.sepLine === '' ? 2 : 3 };
}

function reason(sniff: SniffResult, what: string): string {
  return sniff.guesses.find((g) => g.what === what)?.reason ?? '';
}

test('an Excel export (sep=;, decimal comma, Windows-1252, CR LF): roles found, every reason given', async () => {
  const file = writeTemp(dir, 'bewertungen.csv', windows1252(excelExport().text));
  const sniff = await sniffFile(file);
  assert.deepEqual(sniff.format, {
    delimiter: ';', hasHeader: true, encoding: 'windows1252', bom: false, lineEnding: 'crlf', quoted: false,
    sepLine: true, decimalComma: true,
  });
  assert.deepEqual(sniff.mapping, { user: 0, item: 1, rating: 2, timestamp: 3, title: 4 });
  assert.equal(reason(sniff, 'delimiter'), 'first line `sep=;` (Excel)');
  assert.match(reason(sniff, 'encoding'), /not valid UTF-8; byte 0x93 at offset \d+ is in 0x80-0x9F.*Windows-1252/);
  assert.match(reason(sniff, 'decimal'), /column 3 has numbers written with a decimal comma \('\d,5'\) in a semicolon-separated file/);
  assert.match(reason(sniff, 'header'), /^line 2 /, 'the header is line 2, after the sep line');
  const rating = sniff.columns[2];
  assert.deepEqual([rating.name, rating.numericShare, rating.integer, rating.min, rating.max], ['Bewertung', 1, false, 0.5, 5]);
});

for (const quoteTitle of [false, true]) {
  test(`an Excel export loads: ratings 3.5, curly quotes decoded, source lines count the sep line (${quoteTitle ? 'quoted' : 'fast'} path)`, async () => {
    const written = excelExport({ quoteTitle });
    const file = writeTemp(dir, `export-${quoteTitle}.csv`, windows1252(written.text));
    const { table, report } = await loadRatings(file, { itemKey: 'id' });
    // Quoted titles without doubled quotes or line breaks stay on the byte splitter (quote-split.ts).
    assert.equal(report.parser, quoteTitle ? 'fast-quoted' : 'fast');
    assert.equal(table.n, written.ratings.length);
    assert.deepEqual(Array.from(table.ratings), written.ratings);
    assert.deepEqual(Array.from(table.lines.slice(0, 3)), [3, 4, 5]);
    assert.equal(table.lines[table.n - 1], table.n + 2);
    for (let r = 0; r < table.n; r++) assert.equal(table.itemTitles?.[table.items[r]], written.titles[r], `row ${r}`);
    assert.ok(table.itemTitles?.includes('“Amélie” – Le fabuleux destin (2001)'));
    assert.deepEqual(report.ratingRange, [0.5, 5]);
    assert.equal(report.histogram.length, 10);
  });
}

test('a bad row in an Excel export is reported on its own line (the sep line is line 1)', async () => {
  const written = excelExport({ badAt: 4 });
  const file = writeTemp(dir, 'bad-row.csv', windows1252(written.text));
  await assert.rejects(loadRatings(file), (err: unknown) => {
    assert.ok(err instanceof DataError);
    assert.deepEqual(err.location, { file, line: 7, column: 3 });
    assert.match(err.message, /line 7, column 3: Bewertung "vier" is not a number/);
    return true;
  });
  const skipped = await loadRatings(file, { skipBadRows: true });
  assert.deepEqual(skipped.report.badRows.first.map((b) => b.line), [7]);
});

test('"CSV UTF-8": a BOM, then sep=;, then UTF-8 text with curly quotes', async () => {
  const written = excelExport({ header: 'userId;movieId;rating;timestamp;title' });
  const file = writeTemp(dir, 'utf8-bom.csv', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(written.text, 'utf8')]));
  const { table, report } = await loadRatings(file, { itemKey: 'id' });
  assert.equal(report.sniff.format.encoding, 'utf8');
  assert.equal(report.sniff.format.bom, true);
  assert.equal(report.sniff.format.sepLine, true);
  assert.deepEqual(report.mapping, { user: 0, item: 1, rating: 2, timestamp: 3, title: 4 });
  assert.deepEqual(Array.from(table.ratings.slice(0, 4)), written.ratings.slice(0, 4));
  assert.equal(table.lines[0], 3);
  assert.ok(table.itemTitles?.includes('Der „Himmel“ über Berlin (1987)'));
});

test('sep= names any one character, quoted or not, with trailing delimiters from a sheet cell', async () => {
  const cases: [string, string, string][] = [
    ['sep=\t', '\t', 'first line `sep=\\t` (Excel)'], ['"sep=|"', '|', 'first line `sep=|` (Excel)'],
    ['sep=,', ',', 'first line `sep=,` (Excel)'], ['SEP=;;;;', ';', 'first line `sep=;` (Excel)'],
  ];
  for (const [first, delimiter, why] of cases) {
    const rows = ['user;item;rating', '1;10;4', '2;11;3', '1;12;5'].map((r) => r.replaceAll(';', delimiter));
    const file = writeTemp(dir, 'sep.csv', `${first}\n${rows.join('\n')}\n`);
    const { table, report } = await loadRatings(file);
    assert.equal(report.sniff.format.delimiter, delimiter, first);
    assert.equal(reason(report.sniff, 'delimiter'), why);
    assert.equal(report.sniff.format.decimalComma, undefined, 'no decimal comma without one');
    assert.deepEqual(Array.from(table.ratings), [4, 3, 5], first);
    assert.deepEqual(Array.from(table.lines), [3, 4, 5], first);
  }
  // Not a sep line: sniffed as before.
  const plain = await sniffFile(writeTemp(dir, 'nosep.csv', 'separator;item;rating\n1;10;4\n2;11;3\n'));
  assert.equal(plain.format.sepLine, undefined);
  assert.match(reason(plain, 'delimiter'), /semicolon splits/);
});

test('decimal commas: negative values, ids kept as written, not in comma-separated files', async () => {
  const file = writeTemp(dir, 'signed.csv', 'user;item;score\n007;a;-0,25\n7;b;1,5\n007;b;-1\n7;a;0,75\n');
  const { table, report } = await loadRatings(file);
  assert.equal(report.sniff.format.decimalComma, true);
  assert.deepEqual(Array.from(table.ratings), [-0.25, 1.5, -1, 0.75]);
  assert.deepEqual(table.userLabels, ['007', '7']);
  // In a comma-separated file "3,5" is two fields, or one quoted field that is no number.
  const commas = writeTemp(dir, 'quoted-comma.csv', 'user,item,rating\n1,2,"3,5"\n');
  await assert.rejects(loadRatings(commas), /rating "3,5" has a decimal comma: expected a decimal point \(3\.5\)/);
});

test('encodings: Windows-1252 only when bytes 0x80-0x9F occur; Latin-1 stays Latin-1', () => {
  const all = Uint8Array.from({ length: 32 }, (_, k) => 0x80 + k);
  const decoded = decodeBytes(all, 'windows1252');
  assert.equal(decoded.length, 32);
  assert.equal(decoded[0], '€');
  assert.equal(decoded.slice(0x13, 0x17), '“”•–');
  assert.equal(decoded[0x1f], 'Ÿ');
  assert.equal(decodeBytes(Buffer.from('Caf\xe9 \x93x\x94', 'latin1'), 'windows1252'), 'Café “x”');
  assert.equal(decodeBytes(Buffer.from('Caf\xe9', 'latin1'), 'latin1', 1, 4), 'afé');
  const latin1 = detectEncoding(Buffer.from('1|Café (1995)|x\n', 'latin1'), false);
  assert.equal(latin1.encoding, 'latin1');
  assert.match(latin1.reason, /byte 0xE9 at offset 5 is not valid UTF-8, so Latin-1 \(no byte in 0x80-0x9F\)/);
  const cp = detectEncoding(windows1252('1;“Heat” – Café\n'), false);
  assert.equal(cp.encoding, 'windows1252');
  assert.match(cp.reason, /^byte 0x93 at offset 2 is not valid UTF-8; byte 0x93 at offset 2 is in 0x80-0x9F/);
});

test('an items file with sep=; and Windows-1252 titles joins onto ratings', async () => {
  const items = writeTemp(dir, 'filme.csv', windows1252('sep=;\r\nFilm;Titel\r\n10;“Heat” – Café (1995)\r\n11;Das Boot (1981)\r\n'));
  const ratings = writeTemp(dir, 'r.csv', 'user;item;rating\n1;10;4\n2;11;3\n');
  const { table } = await loadRatings(ratings, { itemsFile: items });
  assert.deepEqual(table.itemLabels, ['“Heat” – Café (1995)', 'Das Boot (1981)']);
});

test('collab inspect on an Excel export finds the roles and says why (in process and through bin/collab.js)', async () => {
  const file = writeTemp(dir, 'inspect-me.csv', windows1252(excelExport().text));
  const out: string[] = [], err: string[] = [];
  const log = console.log, error = console.error;
  console.log = (...a: unknown[]) => { out.push(a.join(' ')); };
  console.error = (...a: unknown[]) => { err.push(a.join(' ')); };
  let code: number;
  try {
    code = await inspect.run([file]);
  } finally {
    console.log = log;
    console.error = error;
  }
  const text = out.join('\n');
  assert.equal(code, 0, err.join('\n'));
  assert.match(text, /delimiter\s+semicolon\s+\(first line `sep=;` \(Excel\)\)/);
  assert.match(text, /encoding\s+windows1252\s+\(.*Windows-1252/);
  assert.match(text, /3 Bewertung\s+rating/);
  assert.match(text, /5 Titel\s+title/);
  assert.match(text, /ratings from 0\.5 to 5/);

  const cli = join(resolve(__dirname, '../../../..'), 'bin', 'collab.js');
  assert.ok(existsSync(cli), `${cli} is missing`);
  const r = spawnSync(process.execPath, [cli, 'inspect', file, '--json'], { encoding: 'utf8', timeout: 60_000 });
  assert.equal(r.status, 0, r.stderr);
  const report = JSON.parse(r.stdout);
  assert.deepEqual(report.roles, { user: 'Benutzer', item: 'Film', rating: 'Bewertung', timestamp: 'Zeitstempel', title: 'Titel' });
  assert.equal(report.format.sepLine, true);
  assert.equal(report.format.encoding, 'windows1252');
  assert.deepEqual(report.ratingRange, [0.5, 5]);
});
