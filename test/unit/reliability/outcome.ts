/** Checks a loadRatings outcome against the corpus's expectation (shared by corpus and property tests). */
import assert from 'node:assert/strict';
import { basename } from 'node:path';
import { DataError } from '../../../src/core/csv/errors';
import type { Expected, Fails, Loads } from '../../fixtures/bad/cases';
import type { RatingsTable } from '../../../src/core/data/types';
import type { LoadReport } from '../../../src/core/csv/types';

/** What loading gave: a table and report, or the thrown value. */
export type Outcome = { ok: true; table: RatingsTable; report: LoadReport } | { ok: false; error: unknown };

/** Rejects after `ms` so a hanging load fails its test instead of stalling the suite. */
export async function timeBoxed<T>(what: string, ms: number, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Runs a load and captures either result. */
export async function outcomeOf(load: () => Promise<{ table: RatingsTable; report: LoadReport }>): Promise<Outcome> {
  try {
    const { table, report } = await load();
    return { ok: true, table, report };
  } catch (error) {
    return { ok: false, error };
  }
}

/** Any DataError must be one a person can read: names the file, short, no raw control characters. */
export function assertReadableDataError(error: unknown, file: string): asserts error is DataError {
  if (!(error instanceof DataError)) {
    const text = error instanceof Error ? `${error.name}: ${error.message}\n${error.stack}` : String(error);
    assert.fail(`expected a DataError, got ${text}`);
  }
  assert.ok(error.message.includes(basename(file)), `message names the file: ${error.message}`);
  assert.ok(error.message.length <= 600, `message is short (${error.message.length} chars): ${error.message.slice(0, 200)}...`);
  // eslint-disable-next-line no-control-regex
  assert.doesNotMatch(error.message, /[\u0000-\u0008\u000b-\u001f\u007f\u202a-\u202e\u2066-\u2069]/, 'no raw control characters in the message');
  if (error.location) assert.equal(error.location.file, file, 'location names the loaded file');
}

function checkFails(outcome: Outcome, e: Fails, file: string): void {
  if (outcome.ok) assert.fail(`expected a failure (${e.codes.join('|')}), but it loaded ${outcome.table.n} rows`);
  const error = outcome.error;
  assertReadableDataError(error, file);
  assert.ok(e.codes.includes(error.code), `code ${error.code} is one of ${e.codes.join('|')}: ${error.message}`);
  if (e.line !== undefined) {
    assert.equal(error.location?.line, e.line, `line of: ${error.message}`);
    assert.match(error.message, new RegExp(`line ${e.line}\\b`));
  }
  if (e.column !== undefined) {
    assert.equal(error.location?.column, e.column, `column of: ${error.message}`);
    assert.match(error.message, new RegExp(`column ${e.column}\\b`));
  }
  if (e.message) assert.match(error.message, e.message);
}

/** Row r's user, item and rating as strings/numbers. */
export function rowOf(table: RatingsTable, r: number): { user: string; item: string; rating: number; line: number } {
  return { user: table.userLabels[table.users[r]], item: table.itemLabels[table.items[r]], rating: table.ratings[r], line: table.lines[r] };
}

function checkLoads(outcome: Outcome, e: Loads): void {
  if (!outcome.ok) {
    const err = outcome.error;
    assert.fail(`expected it to load ${e.rows} rows, got ${err instanceof Error ? `${err.name}: ${err.message}` : String(err)}`);
  }
  const { table, report } = outcome;
  assert.equal(table.n, e.rows, 'rows');
  for (const column of [table.users, table.items, table.ratings, table.lines]) assert.ok(column.length >= table.n);
  for (let r = 1; r < table.n; r++) assert.ok(table.lines[r] > table.lines[r - 1], `lines increase at row ${r}`);
  if (e.users !== undefined) assert.equal(new Set(table.users.subarray(0, table.n)).size, e.users, 'distinct users');
  if (e.items !== undefined) assert.equal(new Set(table.items.subarray(0, table.n)).size, e.items, 'distinct items');
  if (e.ratingRange) assert.deepEqual(report.ratingRange, e.ratingRange, 'rating range');
  for (const label of e.userLabels ?? []) assert.ok(table.userLabels.includes(label), `user label ${JSON.stringify(label.slice(0, 40))}`);
  for (const label of e.itemLabels ?? []) assert.ok(table.itemLabels.includes(label), `item label ${JSON.stringify(label.slice(0, 40))}`);
  if (e.lines) assert.deepEqual([...table.lines.subarray(0, e.lines.length)], e.lines, 'source lines');
  if (e.ratings) assert.deepEqual([...table.ratings.subarray(0, e.ratings.length)], e.ratings, 'ratings');
  if (e.badRows) {
    assert.equal(report.badRows.count, e.badRows.count, 'bad rows');
    if (e.badRows.lines) assert.deepEqual(report.badRows.first.map((b) => b.line).slice(0, e.badRows.lines.length), e.badRows.lines);
  } else {
    assert.equal(report.badRows.count, 0, 'no bad rows');
  }
  if (e.duplicates) {
    assert.equal(report.duplicates.count, e.duplicates.count, 'duplicates');
    const first = report.duplicates.first[0];
    if (e.duplicates.first) assert.deepEqual({ line: first?.line, firstLine: first?.firstLine }, e.duplicates.first);
  }
  for (const [key, value] of Object.entries(e.format ?? {})) {
    assert.equal(report.sniff.format[key as keyof typeof report.sniff.format], value, `format.${key}`);
  }
}

/** Asserts an outcome meets an expectation; `either` passes when one option does. */
export function checkOutcome(outcome: Outcome, e: Expected, file: string): void {
  if (e.kind === 'fails') return checkFails(outcome, e, file);
  if (e.kind === 'loads') return checkLoads(outcome, e);
  const failures: string[] = [];
  for (const option of e.options) {
    try {
      checkOutcome(outcome, option, file);
      return;
    } catch (err) {
      failures.push((err as Error).message);
    }
  }
  assert.fail(`no acceptable outcome:\n - ${failures.join('\n - ')}`);
}
