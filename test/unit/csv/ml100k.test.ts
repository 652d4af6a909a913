/** A check against the real MovieLens 100K when it is present (never copied into the repository). */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadRatings } from '../../../src/core/csv/load';
import { buildDataset } from '../../../src/core/data/dataset';

const ML100K = process.env.COLLAB_ML100K
  ?? [join(__dirname, '../../../../../shared/datasets/ml-100k'), '/work/shared/datasets/ml-100k'].find((d) => existsSync(d))
  ?? '../shared/datasets/ml-100k';
const skip = existsSync(join(ML100K, 'u.data')) ? false : `MovieLens 100K not found at ${ML100K}`;

test('u.data: 100,000 rows, 943 users, 1,682 items', { skip }, async () => {
  const { table, report } = await loadRatings(join(ML100K, 'u.data'));
  assert.deepEqual([report.rows, report.users, report.items], [100000, 943, 1682]);
  assert.deepEqual(report.mapping, { user: 0, item: 1, rating: 2, timestamp: 3 });
  assert.deepEqual(report.ratingRange, [1, 5]);
  assert.equal(report.duplicates.count, 0);
  assert.equal(table.lines[99999], 100000);
});

test('u.data with u.item keyed by title: 1,664 distinct titles, as in the book', { skip }, async () => {
  const { table, report } = await loadRatings(join(ML100K, 'u.data'), { itemsFile: join(ML100K, 'u.item') });
  assert.equal(report.items, 1664);
  assert.equal(report.titles?.distinctTitles, 1664);
  assert.equal(report.titles?.titled, 1682);
  assert.ok(table.itemLabels.includes('Star Wars (1977)'));
  const ds = buildDataset(table, { validPct: 0.2, seed: 42 });
  assert.equal(ds.valid.length, 20000);
  assert.ok(ds.itemVocab.labels.length <= 1665);
  assert.equal(ds.itemVocab.labels[0], '#na#');
  assert.equal(ds.itemVocab.labels[1], "'Til There Was You (1997)", 'sorted as Python sorts the titles');
});

test('u1.base with u1.test as the validation file', { skip }, async () => {
  const base = await loadRatings(join(ML100K, 'u1.base'));
  const probe = await loadRatings(join(ML100K, 'u1.test'), { format: base.report.sniff.format, mapping: base.report.mapping });
  const ds = buildDataset(base.table, { validTable: probe.table });
  assert.deepEqual([ds.train.length, ds.valid.length], [80000, 20000]);
  assert.equal(ds.userVocab.labels[1], '1');
  assert.equal(ds.userVocab.labels[2], '2', 'numeric ids sort by value');
  assert.ok(ds.unknownInValid.items > 0, 'u1.test has items u1.base never rates');
});
