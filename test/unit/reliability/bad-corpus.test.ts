/**
 * Table-driven: every case of the bad-input corpus (test/fixtures/bad/cases.ts) is written to a temp
 * folder and loaded; the outcome must be the one written beside the case.
 */
import { test } from 'node:test';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadRatings } from '../../../src/core/csv/load';
import { BAD_CASES, describeExpected } from '../../fixtures/bad/cases';
import { checkOutcome, outcomeOf, timeBoxed } from './outcome';

const dir = mkdtempSync(join(tmpdir(), 'collab-bad-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

for (const c of BAD_CASES) {
  test(`${c.name}: ${c.what} -> ${describeExpected(c.expect)}`, async () => {
    const file = join(dir, c.file);
    writeFileSync(file, c.bytes());
    const outcome = await timeBoxed(c.name, 30_000, outcomeOf(() => loadRatings(file, { ...c.options })));
    checkOutcome(outcome, c.expect, file);
  });
}
