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
    // What happened, for the closing note's table.
    console.log(`  ${c.name}: ${outcome.ok ? `loaded ${outcome.table.n} rows (${outcome.report.parser}), ${outcome.report.badRows.count} bad, ${outcome.report.duplicates.count} duplicates`
      : `${(outcome.error as Error).name} ${(outcome.error as { code?: string }).code ?? ''}: ${(outcome.error as Error).message.slice(0, 160)}`}`);
    checkOutcome(outcome, c.expect, file);
  });
}
