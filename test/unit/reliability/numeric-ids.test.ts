/**
 * Ids that look like numbers but are not the same id ('007' vs '7', '1e3' vs '1000') stay distinct
 * all the way into the dataset's vocabularies: merging them would silently pool two people's ratings.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadRatings } from '../../../src/core/csv/load';
import { buildDataset } from '../../../src/core/data/dataset';

const dir = mkdtempSync(join(tmpdir(), 'collab-ids-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

test("ids '007', '7', '1e3', '1000' are four users in the table and in the vocabulary", async () => {
  const file = join(dir, 'ids.csv');
  writeFileSync(file, 'user,item,rating\n007,1,4\n7,2,3\n1e3,1,5\n1000,2,2\n007,2,5\n7,1,1\n1e3,2,2\n1000,1,3\n');
  const { table } = await loadRatings(file);
  assert.deepEqual([...table.userLabels].sort(), ['007', '1000', '1e3', '7']);
  const data = buildDataset(table, { validPct: 0, seed: 1 });
  assert.equal(data.userVocab.labels.length - 1, 4, `vocabulary ${JSON.stringify(data.userVocab.labels)}`);
  // Every row keeps its own user's label.
  for (let r = 0; r < data.n; r++) assert.equal(data.userVocab.labels[data.users[r]], table.userLabels[table.users[r]]);
});

test('plain numeric ids still sort by value as pandas would (2 before 10)', async () => {
  const file = join(dir, 'plain.csv');
  writeFileSync(file, 'user,item,rating\n10,1,4\n2,2,3\n1,1,5\n10,2,2\n');
  const data = buildDataset((await loadRatings(file)).table, { validPct: 0, seed: 1 });
  assert.deepEqual(data.userVocab.labels, ['#na#', '1', '2', '10']);
});
