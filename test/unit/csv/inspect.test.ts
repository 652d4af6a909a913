/** `collab inspect` and `collab sample`: options, text and JSON output, exit codes. */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import inspect, { parseInspectArgs } from '../../../src/cli/commands/inspect';
import sample from '../../../src/cli/commands/sample';
import { tempDir, writeTemp } from './helpers';

const dir = tempDir();

/** Runs a command, capturing what it prints. */
async function capture(run: () => Promise<number>): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [], err: string[] = [];
  const log = console.log, error = console.error;
  console.log = (...a: unknown[]) => { out.push(a.join(' ')); };
  console.error = (...a: unknown[]) => { err.push(a.join(' ')); };
  try {
    return { code: await run(), out: out.join('\n'), err: err.join('\n') };
  } finally {
    console.log = log;
    console.error = error;
  }
}

test('options: columns, delimiter names, header switches', () => {
  const parsed = parseInspectArgs(['r.txt', '--user', 'uid', '--rating', '3', '--delimiter', 'tab', '--no-header', '--skip-bad-rows']);
  assert.notEqual(parsed, 'help');
  if (parsed === 'help') return;
  assert.equal(parsed.file, 'r.txt');
  assert.deepEqual(parsed.options.columns, { user: 'uid', rating: '3' });
  assert.deepEqual(parsed.options.format, { delimiter: '\t', encoding: undefined, hasHeader: false });
  assert.equal(parsed.options.skipBadRows, true);
  assert.throws(() => parseInspectArgs(['a', '--delimiter', 'x']), /unknown delimiter 'x'/);
  assert.throws(() => parseInspectArgs([]), /exactly one FILE/);
  assert.equal(parseInspectArgs(['--help']), 'help');
});

test('sample writes planted files that inspect reads, as text and as JSON', async () => {
  const out = join(dir, 'sample');
  const written = await capture(() => sample.run(['--out', out, '--users', '60', '--items', '40', '--format', 'both']));
  assert.equal(written.code, 0, written.err);
  for (const f of ['ratings.csv', 'movies.csv', 'u.data', 'u.item', 'planted.json']) assert.ok(existsSync(join(out, f)), f);
  const truth = JSON.parse(readFileSync(join(out, 'planted.json'), 'utf8'));
  assert.equal(truth.goodItems.length, 5);

  const text = await capture(() => inspect.run([join(out, 'ratings.csv'), '--items', join(out, 'movies.csv')]));
  assert.equal(text.code, 0, text.err);
  assert.match(text.out, /delimiter\s+comma/);
  assert.match(text.out, /1 userId\s+user\s+\(header 'userId'\)/);
  assert.match(text.out, /Rows: [\d,]+\s+users: 60\s+items: 40\s+ratings from 0\.5 to 5/);
  assert.match(text.out, /Titles: 40 items titled/);
  assert.match(text.out, /Duplicate \(user, item\) pairs: 0/);

  const json = await capture(() => inspect.run([join(out, 'u.data'), '--items', join(out, 'u.item'), '--json']));
  assert.equal(json.code, 0, json.err);
  const report = JSON.parse(json.out);
  assert.equal(report.format.delimiter, '\t');
  assert.deepEqual(report.roles, { user: 'column 1', item: 'column 2', rating: 'column 3', timestamp: 'column 4' });
  assert.equal(report.users, 60);
  assert.equal(report.histogram.length, 5);
});

test('bad input: exit code 1 and the located message (text and JSON)', async () => {
  const path = writeTemp(dir, 'bad.csv', 'userId,movieId,rating\n1,2,3\n1,3,zz\n');
  const text = await capture(() => inspect.run([path]));
  assert.equal(text.code, 1);
  assert.match(text.err, /bad\.csv, line 3, column 3: rating "zz" is not a number/);
  const json = await capture(() => inspect.run([path, '--json']));
  assert.equal(json.code, 1);
  assert.deepEqual(JSON.parse(json.out).error.location, { file: path, line: 3, column: 3 });
  const skipped = await capture(() => inspect.run([path, '--skip-bad-rows']));
  assert.equal(skipped.code, 0);
  assert.match(skipped.out, /Bad rows skipped: 1\n {2}bad\.csv, line 3, column 3/);
  const usage = await capture(() => inspect.run([path, '--nope']));
  assert.equal(usage.code, 2);
});
