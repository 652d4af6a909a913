/**
 * The plain-row scanner (plain-rows.ts) must give exactly what the general splitter gives: the same
 * columns, labels, lines, checkpoints and errors, across 1 MiB chunk boundaries and with odd rows
 * (spaces, string ids, CR LF, blank lines, signs) mixed among plain ones.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RowColumns } from '../../../src/core/csv/columns';
import { DataError } from '../../../src/core/csv/errors';
import { CheckpointRecorder } from '../../../src/core/csv/line-offsets';
import { loadRatings, type LoadOptions } from '../../../src/core/csv/load';
import { PlainRowScanner } from '../../../src/core/csv/plain-rows';
import { readFast } from '../../../src/core/csv/read';
import { RowBuilder } from '../../../src/core/csv/rows';
import type { ColumnMapping, FileFormat } from '../../../src/core/data/types';
import { tempDir, writeTemp } from './helpers';

const dir = tempDir();
const MAPPING: ColumnMapping = { user: 0, item: 1, rating: 2, timestamp: 3 };
const NAMES = ['userId', 'movieId', 'rating', 'timestamp'];

/** The general path alone (no scanner): the yardstick. */
async function general(path: string, format: FileFormat, skipBadRows = false) {
  const builder = new RowBuilder(new RowColumns(16, true), path, MAPPING, NAMES, format.encoding, skipBadRows);
  const checkpoints = new CheckpointRecorder('lf');
  let headerLine = 0;
  await readFast(path, format, NAMES.length, (buf, starts, ends, n, line) => {
    if (format.hasHeader && headerLine === 0) headerLine = line;
    else builder.addBytes(buf, starts, ends, n, line);
  }, () => {}, undefined, checkpoints);
  return { builder, cols: builder.columns.finish(), checkpoints: checkpoints.finish(headerLine) };
}

/** Deterministic rows, ~3 MB: most plain, one in 97 odd in some way the scanner must hand over. */
function mixedFile(rows: number, crlf: boolean): string {
  let seed = 7;
  const random = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 4294967296);
  const odd = [
    (u: number, i: number) => ` ${u},${i},4,100`, // a leading space (trimmed)
    (u: number, i: number) => `u${u},${i},3.5,100`, // a string id
    (u: number, i: number) => `0${u},${i},2,100`, // a leading zero: a different label from u
    (u: number, i: number) => `${u},${i},+4,100`, // a signed rating
    (u: number, i: number) => `${u},${i},4 ,100`, // a trailing space
    () => '', // a blank line
    (u: number, i: number) => `${u},${i},.5,-7`, // no whole part, a negative timestamp
    (u: number, i: number) => `${u},${i},5.,100\r`, // a CR LF line in an LF file
  ];
  const lines = ['userId,movieId,rating,timestamp'];
  for (let r = 0; r < rows; r++) {
    const u = 1 + Math.floor(random() * 5000), i = 1 + Math.floor(random() * 900);
    lines.push(r % 97 === 13 ? odd[r % odd.length](u, i) : `${u},${i},${(1 + Math.floor(random() * 10)) / 2},${1e9 + r}`);
  }
  return lines.join(crlf ? '\r\n' : '\n') + (crlf ? '\r\n' : '\n');
}

for (const crlf of [false, true]) {
  test(`mixed plain and odd rows over several 1 MiB chunks (${crlf ? 'CR LF' : 'LF'}) load as the general path loads them`, async () => {
    const text = mixedFile(150_000, crlf);
    const path = writeTemp(dir, `mixed-${crlf}.csv`, text);
    const { table, report, lineOffsets } = await loadRatings(path);
    // Independently of the splitter (whose chunk carry both paths share): every plain line, by line number.
    const plain = new Map<number, string[]>();
    text.split('\n').forEach((l, k) => { if (/^[1-9]\d*,[1-9]\d*,\d\.?\d*,\d+\r?$/.test(l)) plain.set(k + 1, l.trim().split(',')); });
    let matched = 0;
    for (let r = 0; r < table.n; r++) {
      const fields = plain.get(table.lines[r]);
      if (!fields) continue;
      matched++;
      assert.equal(table.userLabels[table.users[r]], fields[0]);
      assert.equal(table.itemLabels[table.items[r]], fields[1]);
      assert.equal(table.ratings[r], Math.fround(Number(fields[2])));
      assert.equal(table.timestamps?.[r], Number(fields[3]));
    }
    assert.equal(matched, plain.size);
    assert.equal(report.parser, 'fast');
    const format = report.sniff.format;
    const yardstick = await general(path, format);
    assert.equal(table.n, yardstick.cols.n);
    assert.deepEqual(table.userLabels, yardstick.builder.users.labels);
    assert.deepEqual(table.itemLabels, yardstick.builder.items.labels);
    assert.deepEqual(table.users, yardstick.cols.users);
    assert.deepEqual(table.items, yardstick.cols.items);
    assert.deepEqual(table.ratings, yardstick.cols.ratings);
    assert.deepEqual(table.timestamps, yardstick.cols.timestamps);
    assert.deepEqual(table.lines, yardstick.cols.lines);
    assert.deepEqual(lineOffsets, yardstick.checkpoints);
    assert.ok(table.userLabels.includes('u17') || table.userLabels.some((l) => l.startsWith('0')), 'odd labels present');
  });
}

/** Loads `content` and returns the DataError it raises. */
async function failure(name: string, content: string, options: LoadOptions = {}): Promise<DataError> {
  const path = writeTemp(dir, name, content);
  const err = await loadRatings(path, options).then(() => undefined, (e: unknown) => e);
  assert.ok(err instanceof DataError, `expected a DataError, got ${String(err)}`);
  return err;
}

test('a bad row far past the first chunk is reported at its exact line', async () => {
  const rows = Array.from({ length: 80_000 }, (_, r) => `${1 + (r % 300)},${1 + (r % 70)},4,${1e9 + r}`);
  rows[70_000] = `${rows[70_000].split(',').slice(0, 2).join(',')},x,1`;
  const err = await failure('bad-late.csv', `userId,movieId,rating,timestamp\n${rows.join('\n')}\n`);
  assert.equal(err.code, 'not-a-number');
  assert.deepEqual([err.location?.line, err.location?.column], [70_002, 3]);
});

test('a ragged row right after a chunk boundary names its line', async () => {
  // A 20-byte header and rows of 14 bytes: row 74,896 (line 74,898) spans bytes 1,048,564-1,048,577, across 1 MiB.
  const rows = Array.from({ length: 80_000 }, (_, r) => `${100 + (r % 900)},${10 + (r % 90)},4,${1000 + (r % 9000)}`);
  assert.ok(rows.every((l) => l.length === 13));
  rows[74_896] = '1,2,3,4,5,6,7';
  const err = await failure('ragged-boundary.csv', `user,item,rate,time\n${rows.join('\n')}\n`);
  assert.equal(err.code, 'ragged');
  assert.equal(err.location?.line, 74_898);
  assert.match(err.message, /found 7 fields/);
});

test('skipping bad rows counts the same rows as the general path', async () => {
  const path = writeTemp(dir, 'skip.csv', mixedFile(20_000, false).replace(/\n(\d+),(\d+),4.5,/g, '\n$1,$2,,'));
  const { report, table } = await loadRatings(path, { skipBadRows: true });
  const yardstick = await general(path, report.sniff.format, true);
  assert.ok(report.badRows.count > 100);
  assert.deepEqual(report.badRows, yardstick.builder.bad);
  assert.deepEqual(table.lines, yardstick.cols.lines);
});

test('a numeric-looking header stays a header; ids with leading zeros stay distinct labels', async () => {
  const path = writeTemp(dir, 'numeric-header.csv', '1,2,3\n7,10,4\n007,10,5\n7,010,3\n');
  const { table } = await loadRatings(path, { format: { hasHeader: true }, columns: { user: '1', item: '2', rating: '3' } });
  assert.deepEqual([...table.lines], [2, 3, 4]);
  assert.deepEqual(table.userLabels, ['7', '007']);
  assert.deepEqual(table.itemLabels, ['10', '010']);
  assert.deepEqual([...table.users], [0, 1, 0]);
});

test('the last line without a line break, and a file that is only plain rows with no header', async () => {
  const path = writeTemp(dir, 'no-final-newline.tsv', '1\t2\t3\t100\n2\t3\t4.5\t101');
  const { table, report } = await loadRatings(path);
  assert.equal(report.sniff.format.hasHeader, false);
  assert.deepEqual([...table.ratings], [3, 4.5]);
  assert.deepEqual([...table.lines], [1, 2]);
});

test('after a long run of rows it refuses (string ids), the rest of the file still loads as the general path loads it', async () => {
  const odd = Array.from({ length: 1500 }, (_, r) => `u${r % 40},${1 + (r % 30)},4,${r}`);
  const plainRows = Array.from({ length: 3000 }, (_, r) => `${1 + (r % 50)},${1 + (r % 60)},${1 + (r % 5)},${r}`);
  const path = writeTemp(dir, 'string-then-plain.csv', `userId,movieId,rating,timestamp\n${[...odd, ...plainRows].join('\n')}\n`);
  const { table, report } = await loadRatings(path);
  const yardstick = await general(path, report.sniff.format);
  assert.equal(table.n, 4500);
  assert.deepEqual(table.userLabels, yardstick.builder.users.labels);
  assert.deepEqual(table.users, yardstick.cols.users);
  assert.deepEqual(table.ratings, yardstick.cols.ratings);
  assert.deepEqual(table.lines, yardstick.cols.lines);
});

test('the scanner is offered to comma, tab, semicolon and pipe files, not to a delimiter that is part of a number', () => {
  for (const d of [',', '\t', ';', '|']) assert.equal(PlainRowScanner.applies(d, MAPPING, false), true, JSON.stringify(d));
  for (const d of ['.', '-', '5', ' ', 'whitespace']) assert.equal(PlainRowScanner.applies(d, MAPPING, false), false, d);
  assert.equal(PlainRowScanner.applies(',', { ...MAPPING, title: 4 }, false), false);
  assert.equal(PlainRowScanner.applies(';', MAPPING, true), false);
});
