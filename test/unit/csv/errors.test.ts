/** Every bad input gets a DataError naming file, line and column, and saying what was expected. */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { DataError } from '../../../src/core/csv/errors';
import { loadRatings, type LoadOptions } from '../../../src/core/csv/load';
import { tempDir, writeTemp } from './helpers';

const dir = tempDir();
const HEADER = 'userId,movieId,rating,timestamp\n';

/** Loads `content` from a fresh file and returns the DataError it must raise. */
async function failure(name: string, content: string | Buffer, options: LoadOptions = {}): Promise<DataError> {
  const path = writeTemp(dir, name, content);
  try {
    await loadRatings(path, options);
  } catch (err) {
    assert.ok(err instanceof DataError, `expected a DataError, got ${String(err)}`);
    return err;
  }
  return assert.fail(`${name} loaded without an error`);
}

test('an empty file', async () => {
  const err = await failure('empty.csv', '');
  assert.equal(err.code, 'empty');
  assert.match(err.message, /^empty\.csv, line 1: the file is empty: expected a header or rating rows$/);
});

test('a file of blank lines is empty too', async () => {
  const err = await failure('blank.csv', '\n  \n\r\n');
  assert.equal(err.code, 'empty');
});

test('a header and no rows', async () => {
  const err = await failure('header-only.csv', HEADER);
  assert.equal(err.code, 'header-only');
  assert.deepEqual(err.location, { file: join(dir, 'header-only.csv'), line: 2 });
  assert.match(err.message, /header-only\.csv, line 2: the file has a header but no rating rows/);
});

test('a ragged row names its line and the fields expected', async () => {
  const err = await failure('ragged.csv', `${HEADER}1,1,4,100000000\n1,2,3,100000001\n2,1,5\n`);
  assert.equal(err.code, 'ragged');
  assert.equal(err.location?.line, 4);
  assert.equal(err.message, 'ragged.csv, line 4: found 3 fields, expected 4 (userId, movieId, rating, timestamp)');
});

test('a non-numeric rating names line and column', async () => {
  const err = await failure('abc.csv', `${HEADER}1,1,4,100000000\n1,2,abc,100000001\n`);
  assert.equal(err.code, 'not-a-number');
  assert.deepEqual([err.location?.line, err.location?.column], [3, 3]);
  assert.equal(err.message, 'abc.csv, line 3, column 3: rating "abc" is not a number: expected a number');
});

test('NaN and infinite ratings', async () => {
  const nan = await failure('nan.csv', `${HEADER}1,1,NaN,100000000\n`);
  assert.equal(nan.code, 'not-a-number');
  assert.equal(nan.message, 'nan.csv, line 2, column 3: rating is "NaN": expected a number');
  const inf = await failure('inf.csv', `${HEADER}1,1,4,100000000\n1,2,-Infinity,100000000\n`);
  assert.equal(inf.code, 'not-finite');
  assert.equal(inf.message, 'inf.csv, line 3, column 3: rating is "-Infinity": expected a finite number');
  const huge = await failure('huge.csv', `${HEADER}1,1,1e999,100000000\n`);
  assert.equal(huge.code, 'not-finite');
  assert.match(huge.message, /line 2, column 3: rating "1e999" is too large/);
});

test('missing fields: an empty id or an empty rating', async () => {
  const item = await failure('no-item.csv', `${HEADER}1,1,4,100000000\n1,,4,100000001\n`);
  assert.equal(item.code, 'missing-field');
  assert.equal(item.message, 'no-item.csv, line 3, column 2: the movieId field is empty: expected an id');
  const rating = await failure('no-rating.tsv', '1\t1\t4\n2\t3\t5\n3\t1\t2\n4\t4\t1\n2\t3\t\n');
  assert.equal(rating.code, 'missing-field');
  assert.equal(rating.message, 'no-rating.tsv, line 5, column 3: the column 3 field is empty: expected a number');
});

test('a bad timestamp is a bad row too', async () => {
  const err = await failure('ts.csv', `${HEADER}1,1,4,100000000\n1,2,4,soon\n`);
  assert.equal(err.code, 'not-a-number');
  assert.equal(err.message, 'ts.csv, line 3, column 4: timestamp "soon" is not a number: expected a number or a date');
});

test('an unreadable file: missing, or a folder', async () => {
  await assert.rejects(loadRatings(join(dir, 'nope.csv')), (err: unknown) =>
    err instanceof DataError && err.code === 'unreadable' && /cannot read .*nope\.csv: no such file/.test(err.message));
  const folder = join(dir, 'folder.csv');
  mkdirSync(folder);
  await assert.rejects(loadRatings(folder), (err: unknown) =>
    err instanceof DataError && err.code === 'unreadable' && /it is a folder/.test(err.message));
});

test('errors in quoted files name the line where the bad row starts', async () => {
  const text = 'user,title,rating\n1,"Two\nlines",4\n2,"Three\nline\ntitle",oops\n';
  const err = await failure('quoted-bad.csv', text);
  assert.equal(err.code, 'not-a-number');
  assert.deepEqual([err.location?.line, err.location?.column], [4, 3]);
});

test('an unclosed quote', async () => {
  const err = await failure('unclosed.csv', 'user,title,rating\n1,"Fine",4\n2,"Never closed,3\n3,Other,2\n');
  assert.equal(err.code, 'bad-quote');
  assert.equal(err.location?.line, 3);
  assert.match(err.message, /never closed: expected a closing double quote/);
});

test('a column named on the command line that does not exist', async () => {
  const err = await failure('cols.csv', `${HEADER}1,1,4,100000000\n`, { columns: { rating: 'stars' } });
  assert.equal(err.code, 'unknown-column');
  assert.match(err.message, /has no column 'stars' \(columns: userId, movieId, rating, timestamp; or give a number 1-4\)/);
});

test('a file whose rating column cannot be told asks to name it', async () => {
  const err = await failure('words.csv', 'a,b\nx,y\nz,w\n');
  assert.equal(err.code, 'no-role');
  assert.match(err.message, /cannot tell which column of .*words\.csv holds the rating: columns are 1 'column 1', 2 'column 2'; name it \(e\.g\. --rating COL\)/);
});

test('with skipBadRows, a file of only bad rows still fails, quoting the first', async () => {
  const err = await failure('all-bad.csv', `${HEADER}1,1,x,100000000\n1,2,y,100000000\n`, { skipBadRows: true });
  assert.equal(err.code, 'all-rows-bad');
  assert.equal(err.location?.line, 2);
  assert.match(err.message, /all 2 rows are bad; the first: all-bad\.csv, line 2, column 3: rating "x" is not a number/);
});

test('UTF-16 text is refused with what to do', async () => {
  const body = Buffer.from('user,item,rating\n1,2,3\n', 'utf16le');
  const err = await failure('utf16.csv', Buffer.concat([Buffer.from([0xff, 0xfe]), body]));
  assert.equal(err.code, 'unreadable');
  assert.equal(err.message, 'utf16.csv, line 1: utf16.csv is UTF-16 text; save it as UTF-8 (in Excel: CSV UTF-8) and try again');
});

test('a first line longer than the sample with no line break is not a ratings file', async () => {
  const err = await failure('one-line.csv', '1,10,4,'.repeat(60000));
  assert.equal(err.code, 'line-too-long');
  assert.equal(err.location?.line, 1);
  assert.ok(err.message.length < 200);
});

test('messages list at most 8 columns', async () => {
  const header = Array.from({ length: 30 }, (_, i) => `c${i}`).join(',');
  const row = Array.from({ length: 30 }, () => 'x').join(',');
  const err = await failure('wide.csv', `${header}\n${row}\n${row}\n`);
  assert.equal(err.code, 'no-role');
  assert.match(err.message, /8 'column 8' and 22 more;/);
});

test('a decimal comma is named as such (in a comma-separated file; a \';\' file reads 3,5 as 3.5)', async () => {
  const err = await failure('comma.csv', 'user,item,rating\n1,2,3\n1,3,4\n2,2,"3,5"\n');
  assert.equal(err.code, 'not-a-number');
  assert.equal(err.message, 'comma.csv, line 4, column 3: rating "3,5" has a decimal comma: expected a decimal point (3.5)');
});

test('a line over 16 MiB later in the file stops the load at that line (both parsers)', async () => {
  const good = 'user,item,rating\n1,2,3\n2,3,4\n';
  const fast = await failure('long-line.csv', good + 'x'.repeat(17 * 1024 * 1024) + '\n');
  assert.equal(fast.code, 'line-too-long');
  assert.equal(fast.location?.line, 4);
  const quoted = await failure('long-quoted.csv', 'user,title,rating\n1,"A, B",3\n2,"' + 'y'.repeat(17 * 1024 * 1024) + '",4\n');
  assert.equal(quoted.code, 'line-too-long');
  assert.equal(quoted.location?.line, 3);
});
