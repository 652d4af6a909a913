/** Sniffing: layout, encoding and roles are guessed with reasons, and every guess can be overridden. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { detectEncoding, firstInvalidUtf8 } from '../../../src/core/csv/encoding';
import { splitSample } from '../../../src/core/csv/sample';
import { sniffFile } from '../../../src/core/csv/sniff';
import { tempDir, writeTemp } from './helpers';

const dir = tempDir();

function reason(result: Awaited<ReturnType<typeof sniffFile>>, what: string): string {
  const guess = result.guesses.find((g) => g.what === what);
  assert.ok(guess, `a guess for ${what}`);
  return guess.reason;
}

test('u.data-like: tab, no header, roles from the values with reasons', async () => {
  const rows = Array.from({ length: 300 }, (_, r) => `${1 + (r % 50)}\t${1 + ((r * 7) % 120)}\t${1 + (r % 5)}\t${881250949 + r * 13}`);
  const result = await sniffFile(writeTemp(dir, 'u.data', rows.join('\n') + '\n'));
  assert.deepEqual(result.format, { delimiter: '\t', hasHeader: false, encoding: 'utf8', bom: false, lineEnding: 'lf', quoted: false });
  assert.deepEqual(result.mapping, { user: 0, item: 1, rating: 2, timestamp: 3 });
  assert.match(reason(result, 'delimiter'), /tab splits 200 of 200 sampled lines into 4 fields/);
  assert.match(reason(result, 'rating'), /numbers with 5 distinct values from 1 to 5/);
  assert.match(reason(result, 'timestamp'), /integers from 881250949 to \d+: Unix times/);
  assert.match(reason(result, 'user'), /first column left/);
  assert.match(reason(result, 'header'), /looks like the rows below/);
});

test('header names in many spellings', async () => {
  const result = await sniffFile(writeTemp(dir, 'named.csv', 'item_id;Score;customer_id;Movie Title\n5;4;9;Heat (1995)\n6;3;9;Up (2009)\n'));
  assert.equal(result.format.delimiter, ';');
  assert.equal(result.format.hasHeader, true);
  assert.deepEqual(result.mapping, { item: 0, rating: 1, user: 2, title: 3 });
  assert.equal(reason(result, 'user'), "header 'customer_id'");
});

test('half-star ratings are found among integer columns; the header is found from the values', async () => {
  const rows = ['a,b,c'];
  for (let r = 0; r < 100; r++) rows.push(`${r % 7},${r % 11},${(1 + (r % 10)) / 2}`);
  const result = await sniffFile(writeTemp(dir, 'half.csv', rows.join('\n')));
  assert.equal(result.format.hasHeader, true);
  assert.match(reason(result, 'header'), /line 1 has 'a' in column 1, where the rows below have numbers/);
  assert.equal(result.mapping.rating, 2);
});

test('a pipe-separated Latin-1 items file: id and title', async () => {
  const text = '1|Toy Story (1995)|01-Jan-1995||http://x/1|0|1\n2|Café Society (1996)|01-Jan-1996||http://x/2|1|0\n3|Heat (1995)|01-Jan-1995||http://x/3|0|0\n';
  const result = await sniffFile(writeTemp(dir, 'u.item', Buffer.from(text, 'latin1')), {}, 'items');
  assert.equal(result.format.delimiter, '|');
  assert.equal(result.format.encoding, 'latin1');
  assert.match(reason(result, 'encoding'), /byte 0xE9 at offset \d+ is not valid UTF-8, so Latin-1/);
  assert.deepEqual(result.mapping, { item: 0, title: 1 });
});

test('movies.csv: quoted titles with commas are seen as quoted', async () => {
  const text = 'movieId,title,genres\n1,Toy Story (1995),Animation|Comedy\n11,"American President, The (1995)",Comedy|Drama|Romance\n';
  const result = await sniffFile(writeTemp(dir, 'movies.csv', text), {}, 'items');
  assert.equal(result.format.delimiter, ',');
  assert.equal(result.format.quoted, true);
  assert.deepEqual(result.mapping, { item: 0, title: 1 });
});

test('overrides win over every guess and are marked as given', async () => {
  const path = writeTemp(dir, 'override.csv', 'x,y,z,w\n1,2,3,4\n5,6,7,8\n');
  const result = await sniffFile(path, { hasHeader: false, delimiter: ',', encoding: 'latin1', columns: { user: 4, item: 'column 3', rating: '1' } });
  assert.equal(result.format.hasHeader, false);
  assert.equal(result.format.encoding, 'latin1');
  assert.deepEqual([result.mapping.user, result.mapping.item, result.mapping.rating], [3, 2, 0]);
  assert.ok(result.guesses.filter((g) => ['user', 'item', 'rating', 'header', 'delimiter', 'encoding'].includes(g.what)).every((g) => g.overridden));
});

test('BOM and CRLF are detected; the header name carries no BOM', async () => {
  const result = await sniffFile(writeTemp(dir, 'bom.csv', '\uFEFFuser,item,rating\r\n1,2,3\r\n'));
  assert.equal(result.format.bom, true);
  assert.equal(result.format.lineEnding, 'crlf');
  assert.equal(result.columns[0].name, 'user');
});

test('UTF-8 validation: invalid bytes, overlongs, and a sequence cut by the sample end', () => {
  assert.equal(firstInvalidUtf8(Buffer.from('héllo'), false), -1);
  assert.equal(firstInvalidUtf8(Buffer.from([0x61, 0xe9, 0x62]), false), 1);
  assert.equal(firstInvalidUtf8(Buffer.from([0xc0, 0x80]), false), 0);
  assert.equal(firstInvalidUtf8(Buffer.from([0x61, 0xe2, 0x82]), true), -1);
  assert.equal(firstInvalidUtf8(Buffer.from([0x61, 0xe2, 0x82]), false), 1);
  assert.equal(detectEncoding(Buffer.from('abc'), false).reason, 'plain ASCII (read as UTF-8)');
});

test('splitSample honours quotes, doubled quotes and quoted newlines, with start lines', () => {
  const rows = splitSample('a,"b,c"\n"x\ny",""""\n\nlast,1\n', ',', true);
  assert.deepEqual(rows, [
    { fields: ['a', 'b,c'], line: 1 },
    { fields: ['x\ny', '"'], line: 2 },
    { fields: ['last', '1'], line: 5 },
  ]);
});
