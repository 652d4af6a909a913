/**
 * Reading rows by byte offset (src/core/csv/line-offsets.ts, row-reader.ts): the offsets the loader
 * records agree with the line numbers it reports, whatever the file's line ends, quoting, BOM or
 * last line; and a file changed after training is refused with a clear reason.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { loadRatings } from '../../../src/core/csv/load';
import { readLineByScan, readRowsAt } from '../../../src/core/csv/row-reader';
import { CHECKPOINT_EVERY } from '../../../src/core/csv/line-offsets';
import { checkSourceUnchanged, sha256File, SourceChangedError } from '../../../src/core/run/source';
import { tempDir, writeTemp } from '../csv/helpers';

const dir = tempDir();

/** Deterministic rows: user, item, rating, timestamp (enough to span several checkpoints). */
function rowsOf(n: number): string[] {
  const out: string[] = [];
  for (let r = 0; r < n; r++) out.push(`${1 + (r % 37)},${1 + ((r * 7) % 53)},${1 + (r % 5)},${1000000 + r}`);
  return out;
}

/** Loads `path`, then reads every row the loader kept by offset and checks each against `expected` (line -> text). */
async function assertRowsAgree(path: string, expected: Map<number, string>, header?: string): Promise<void> {
  const { table, report, lineOffsets } = await loadRatings(path);
  assert.equal(table.n, expected.size, 'every row loaded');
  const lines = Array.from(table.lines.subarray(0, table.n));
  assert.deepEqual([...lines].sort((a, b) => a - b), [...expected.keys()].sort((a, b) => a - b), 'the loader numbers rows as the test does');
  const quoted = report.sniff.format.quoted || lineOffsets.breaks === 'any';
  const read = await readRowsAt(path, lineOffsets, lines, { encoding: report.sniff.format.encoding, quoted });
  assert.equal(read.length, lines.length);
  for (const row of read) assert.equal(row.text, expected.get(row.line), `line ${row.line}`);
  if (header !== undefined) {
    assert.ok(lineOffsets.headerLine > 0);
    const [got] = await readRowsAt(path, lineOffsets, [lineOffsets.headerLine], { encoding: 'utf8', quoted });
    assert.equal(got.text, header);
  }
}

test('CRLF line ends, a BOM and a last line without a line break: every row read back by offset', async () => {
  const rows = rowsOf(3 * CHECKPOINT_EVERY + 17);
  const path = writeTemp(dir, 'crlf.csv', '\ufeffuserId,movieId,rating,timestamp\r\n' + rows.join('\r\n'));
  const expected = new Map(rows.map((text, i) => [i + 2, text]));
  await assertRowsAgree(path, expected, 'userId,movieId,rating,timestamp');
});

test('a file without a header: the BOM is not part of line 1', async () => {
  const rows = rowsOf(CHECKPOINT_EVERY * 2 + 1);
  const path = writeTemp(dir, 'bom-noheader.csv', '\ufeff' + rows.join('\n') + '\n');
  await assertRowsAgree(path, new Map(rows.map((text, i) => [i + 1, text])));
});

test('quoted newlines inside fields (LF and CR LF): the rows start where the loader says, each read whole', async () => {
  const records: string[] = ['userId,movieId,rating,comment'];
  for (let r = 0; r < 2 * CHECKPOINT_EVERY + 40; r++) {
    const comment = r % 9 === 0 ? '"two\nlines"' : r % 13 === 0 ? '"three\r\nlines, with\r\ncommas"' : r % 5 === 0 ? '"plain, quoted"' : 'none';
    records.push(`${1 + (r % 29)},${1 + (r % 31)},${1 + (r % 5)},${comment}`);
  }
  const path = writeTemp(dir, 'quoted.csv', records.join('\r\n') + '\r\n');
  const expected = new Map<number, string>();
  let line = 1;
  records.forEach((text, i) => {
    if (i > 0) expected.set(line, text);
    line += 1 + (text.match(/\r\n|\r|\n/g)?.length ?? 0);
  });
  await assertRowsAgree(path, expected, records[0]);
});

test('blank lines are counted as lines, in both parsers', async () => {
  const rows = rowsOf(CHECKPOINT_EVERY + 5);
  const withBlanks = rows.flatMap((r, i) => (i % 50 === 0 ? ['', r] : [r]));
  const expected = new Map<number, string>();
  withBlanks.forEach((text, i) => { if (text !== '') expected.set(i + 1, text); });
  await assertRowsAgree(writeTemp(dir, 'blanks.csv', withBlanks.join('\n') + '\n'), expected);
  const quoted = withBlanks.map((r) => (r === '' ? r : `${r},"q"`));
  const expectedQuoted = new Map<number, string>();
  quoted.forEach((text, i) => { if (text !== '') expectedQuoted.set(i + 1, text); });
  await assertRowsAgree(writeTemp(dir, 'blanks-quoted.csv', quoted.join('\n') + '\n'), expectedQuoted);
});

test('a line past the end of the file is an error; readLineByScan finds a late line and says undefined past the end', async () => {
  const rows = rowsOf(1000);
  const path = writeTemp(dir, 'scan.csv', rows.join('\r\n'));
  const { lineOffsets } = await loadRatings(path);
  await assert.rejects(readRowsAt(path, lineOffsets, [1005], { encoding: 'utf8', quoted: false }), /line 1005 is past the end/);
  assert.equal(await readLineByScan(path, 999), rows[998]);
  assert.equal(await readLineByScan(path, 1000), rows[999]);
  assert.equal(await readLineByScan(path, 1001), undefined);
});

test('a file changed after training: moved, resized, touched or rewritten in place, each refused with its reason', async () => {
  const path = writeTemp(dir, 'changing.csv', rowsOf(100).join('\n') + '\n');
  // A whole-second modification time, which utimes can set back exactly.
  const when = new Date(Math.floor(Date.now() / 1000) * 1000 - 60_000);
  utimesSync(path, when, when);
  const s = statSync(path);
  const recorded = { path, size: s.size, mtimeMs: s.mtimeMs, sha256: await sha256File(path) };
  assert.deepEqual(await checkSourceUnchanged(recorded), { size: s.size, mtimeMs: s.mtimeMs });
  const reason = async (r: typeof recorded): Promise<string> => {
    try {
      await checkSourceUnchanged(r);
    } catch (err) {
      assert.ok(err instanceof SourceChangedError);
      assert.equal(err.code, 'source-changed');
      return err.message;
    }
    return 'unchanged';
  };
  assert.match(await reason({ ...recorded, path: `${path}.gone` }), /was moved or deleted/);
  const original = readFileSync(path);
  // Same size, same modification time, other bytes: only the hash tells.
  const swapped = Buffer.from(original);
  swapped[0] = swapped[0] === 0x31 ? 0x32 : 0x31;
  writeFileSync(path, swapped);
  utimesSync(path, s.atime, s.mtime);
  assert.equal(statSync(path).mtimeMs, s.mtimeMs);
  assert.match(await reason(recorded), /has different contents.*train the model again/);
  // A stamp already hashed is trusted (the run service hashes a file once per size and time).
  assert.deepEqual(await checkSourceUnchanged(recorded, async () => true), { size: s.size, mtimeMs: s.mtimeMs });
  writeFileSync(path, Buffer.concat([original, Buffer.from('9,9,9,9\n')]));
  assert.match(await reason(recorded), /changed size/);
  writeFileSync(path, original);
  utimesSync(path, s.atime, new Date(s.mtimeMs + 5000));
  assert.match(await reason(recorded), /was modified/);
});
