/**
 * Property tests of the CSV path (fast-check): random tables written in random layouts load back
 * as the same rows with the right source line each; random bytes either load or fail with a
 * DataError, never another exception, never a hang.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { loadRatings, type LoadOptions } from '../../../src/core/csv/load';
import { assertReadableDataError, outcomeOf, rowOf, timeBoxed } from './outcome';
import { tableArb, writeTable, type WrittenTable } from './random-table';

const dir = mkdtempSync(join(tmpdir(), 'collab-prop-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

/** Per case: a load that takes longer than this is a hang (the suite's own timeout is the backstop). */
const CASE_MS = 5000;
let counter = 0;
const nextFile = (): string => join(dir, `case-${counter++}.csv`);

/** Loads a written table and checks every row's values and source line. */
async function roundTrip(written: WrittenTable, options: LoadOptions): Promise<void> {
  const file = nextFile();
  writeFileSync(file, written.bytes);
  const started = performance.now();
  const outcome = await timeBoxed('load', CASE_MS, outcomeOf(() => loadRatings(file, options)));
  const ms = performance.now() - started;
  assert.ok(ms < CASE_MS, `load took ${ms.toFixed(0)} ms`);
  if (!outcome.ok) {
    const e = outcome.error;
    assert.fail(`did not load: ${e instanceof Error ? e.message : String(e)}\nlayout ${JSON.stringify({ ...written.layout, coins: undefined })}\n`
      + `bytes ${JSON.stringify(written.bytes.toString('latin1').slice(0, 400))}`);
  }
  const { table } = outcome;
  const got = Array.from({ length: table.n }, (_, r) => rowOf(table, r));
  const expected = written.rows.map((row, r) => ({ user: row.user, item: row.item, rating: Math.fround(row.rating), line: written.lines[r] }));
  assert.deepEqual(got, expected, `layout ${JSON.stringify({ ...written.layout, coins: undefined })}`);
  rmSync(file, { force: true });
}

test('random tables, sniffed: same rows and the right source line for each', { timeout: 600_000 }, async () => {
  await fc.assert(fc.asyncProperty(tableArb(25), async ({ rows, layout }) => {
    await roundTrip(writeTable(rows, layout, true), {});
  }), { numRuns: 300 });
});

test('random tables, layout given (only the delimiter is quoted): same rows and lines', { timeout: 600_000 }, async () => {
  await fc.assert(fc.asyncProperty(tableArb(25), async ({ rows, layout }) => {
    const written = writeTable(rows, layout, false);
    await roundTrip(written, { format: { delimiter: layout.delimiter, hasHeader: true, encoding: layout.encoding } });
  }), { numRuns: 300 });
});

/** Loads arbitrary bytes: a table that makes sense, or a readable DataError; nothing else. */
async function loadOrDataError(bytes: Uint8Array, options: LoadOptions = {}): Promise<void> {
  const file = nextFile();
  writeFileSync(file, bytes);
  const started = performance.now();
  const outcome = await timeBoxed('load', CASE_MS, outcomeOf(() => loadRatings(file, options)));
  const ms = performance.now() - started;
  assert.ok(ms < CASE_MS, `load took ${ms.toFixed(0)} ms`);
  if (outcome.ok) {
    const { table } = outcome;
    assert.ok(table.n > 0, 'a table that loads has rows');
    for (let r = 0; r < table.n; r++) {
      assert.ok(Number.isFinite(table.ratings[r]), 'finite ratings');
      assert.ok(table.users[r] >= 0 && table.users[r] < table.userLabels.length, 'user index in range');
      assert.ok(table.items[r] >= 0 && table.items[r] < table.itemLabels.length, 'item index in range');
      if (r > 0) assert.ok(table.lines[r] > table.lines[r - 1], 'lines increase');
    }
  } else {
    assertReadableDataError(outcome.error, file);
  }
  rmSync(file, { force: true });
}

test('random bytes load or fail with a readable DataError, never anything else, never hang', { timeout: 600_000 }, async () => {
  await fc.assert(fc.asyncProperty(fc.uint8Array({ minLength: 0, maxLength: 3000 }), (bytes) => loadOrDataError(bytes)), { numRuns: 300 });
});

/** Text made of the characters a CSV reader cares about, so the parser's edge paths are hit. */
const csvishArb = fc.array(fc.constantFrom(
  ',', ';', '\t', '|', '"', '""', '\n', '\r\n', '\r', ' ', '1', '2', '5', '3.5', '-', 'e', '1e3', 'NaN', 'a', 'é', '\u0000', '\ufeff', 'userId', 'rating', 'movieId',
), { maxLength: 400 }).map((parts) => Buffer.from(parts.join(''), 'utf8'));

test('random CSV-like text loads or fails with a readable DataError (also with skipBadRows)', { timeout: 600_000 }, async () => {
  await fc.assert(fc.asyncProperty(csvishArb, fc.boolean(), (bytes, skipBadRows) => loadOrDataError(bytes, { skipBadRows })), { numRuns: 400 });
});
