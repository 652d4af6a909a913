import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { appendAtomically, encodeText, newUserId, ratingLines, type AppendLayout, type AppendStep } from '../../../src/core/data/append-ratings';
import type { FileFormat } from '../../../src/core/data/types';

const csv: FileFormat = { delimiter: ',', hasHeader: true, encoding: 'utf8', bom: false, lineEnding: 'lf', quoted: true };

test('new rows in the file\'s own delimiter, quoting, decimal mark, columns and line endings', () => {
  const layout: AppendLayout = { format: csv, mapping: { user: 0, item: 1, rating: 2, timestamp: 3, title: 4 }, fields: 5 };
  assert.equal(ratingLines(layout, '944', [{ item: '7', title: 'Heat, "The" (1995)', rating: 4.5 }], 1700000000.7),
    '944,7,4.5,1700000000,"Heat, ""The"" (1995)"\n');
  const tsv: AppendLayout = { format: { ...csv, delimiter: 'whitespace', lineEnding: 'crlf', quoted: false }, mapping: { user: 0, item: 1, rating: 2 }, fields: 4, whitespace: '\t' };
  assert.equal(ratingLines(tsv, 'me', [{ item: '1', rating: 5 }, { item: '2', rating: 1 }], 0), 'me\t1\t5\r\nme\t2\t1\r\n');
  const excel: AppendLayout = { format: { ...csv, delimiter: ';', decimalComma: true }, mapping: { user: 1, item: 0, rating: 2 }, fields: 3 };
  assert.equal(ratingLines(excel, 'u', [{ item: 'x;y', rating: 3.5 }], 0), '"x;y";u;3,5\n');
  assert.throws(() => ratingLines({ ...tsv, mapping: { user: 0, item: 1, rating: 2, title: 3 } }, 'me', [{ item: '1', title: 'Two Words', rating: 1 }], 0), /runs of spaces/);
});

test('encodings: UTF-8, Latin-1 and Windows-1252 bytes; a character the encoding lacks is an error', () => {
  assert.deepEqual([...encodeText('é', 'utf8')], [0xc3, 0xa9]);
  assert.deepEqual([...encodeText('é', 'latin1')], [0xe9]);
  assert.deepEqual([...encodeText('\u201cA\u201d \u2013 \u20ac', 'windows1252')], [0x93, 0x41, 0x94, 0x20, 0x96, 0x20, 0x80]);
  assert.throws(() => encodeText('\u20ac', 'latin1'), /Latin-1/);
  assert.throws(() => encodeText('\u4e2d', 'windows1252'), /Windows-1252/);
});

test('a new user id cannot clash: the next number for numeric ids, else a free name', () => {
  assert.equal(newUserId(['1', '943', '12']), '944');
  assert.equal(newUserId(['a', 'collab-me', 'collab-me-2']), 'collab-me-3');
  assert.equal(newUserId(['alice', '7']), 'collab-me');
});

test('the append is atomic: a crash after any step leaves the old file or the new one, and no temp file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'collab-append-'));
  try {
    const file = join(dir, 'ratings.csv');
    const before = 'userId,movieId,rating\n1,7,4\n2,7,3'; // no final newline: the append adds one first
    const after = `${before}\n3,9,5\n`;
    const steps: AppendStep[] = ['temp-opened', 'old-copied', 'new-written', 'flushed', 'renamed'];
    for (const crashAt of steps) {
      writeFileSync(file, before);
      assert.throws(() => appendAtomically(file, '3,9,5\n', csv, (step) => { if (step === crashAt) throw new Error(`crash at ${step}`); }), /crash/);
      const now = readFileSync(file, 'utf8');
      assert.equal(now, crashAt === 'renamed' ? after : before, `crash at ${crashAt}`);
      assert.deepEqual(readdirSync(dir), ['ratings.csv'], `no temp file left after a crash at ${crashAt}`);
    }
    writeFileSync(file, before);
    appendAtomically(file, '3,9,5\n', csv);
    assert.equal(readFileSync(file, 'utf8'), after);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
