/** The dataset: seeded split by row, vocabularies from training rows, unseen validation ids counted. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { buildDataset, randomPermutation } from '../../../src/core/data/dataset';
import { labelStats, lineIndex } from '../../../src/core/data/stats';
import type { RatingsTable } from '../../../src/core/data/types';
import { NA_LABEL } from '../../../src/core/data/vocab';

/** A table from (user, item, rating) triples; labels in order of first appearance, lines from 2. */
function tableOf(rows: [string, string, number][], file = 'ratings.csv'): RatingsTable {
  const userLabels: string[] = [], itemLabels: string[] = [];
  const index = (labels: string[], l: string): number => (labels.includes(l) ? labels.indexOf(l) : labels.push(l) - 1);
  return {
    file, n: rows.length,
    users: Int32Array.from(rows, ([u]) => index(userLabels, u)),
    items: Int32Array.from(rows, ([, i]) => index(itemLabels, i)),
    ratings: Float32Array.from(rows, ([, , r]) => r),
    lines: Int32Array.from(rows, (_, k) => k + 2),
    userLabels, itemLabels,
  };
}

const randomRows = (n: number, seed: number): [string, string, number][] =>
  Array.from({ length: n }, (_, k) => [String((k * 7 + seed) % 23), `item ${(k * 13 + seed) % 31}`, 1 + ((k + seed) % 5)]);

test('split: floor(validPct * n) validation rows, disjoint, covering, sorted, and seeded', () => {
  const table = tableOf(randomRows(1003, 1));
  const a = buildDataset(table, { validPct: 0.2, seed: 7 });
  assert.equal(a.valid.length, 200);
  assert.equal(a.train.length, 803);
  const all = new Set([...a.train, ...a.valid]);
  assert.equal(all.size, 1003);
  assert.ok(a.train.every((r, k) => k === 0 || r > a.train[k - 1]));
  assert.deepEqual(buildDataset(table, { validPct: 0.2, seed: 7 }).valid, a.valid);
  assert.notDeepEqual(buildDataset(table, { validPct: 0.2, seed: 8 }).valid, a.valid);
  assert.equal(a.seed, 7);
  assert.deepEqual(a.ratingRange, [1, 5]);
  assert.equal(buildDataset(table).valid.length, 200, 'valid_pct defaults to 0.2');
});

test('a permutation is a permutation', () => {
  const p = randomPermutation(1000, 3);
  assert.deepEqual([...p].sort((x, y) => x - y), Array.from({ length: 1000 }, (_, i) => i));
});

test('property: training rows map to their own label, validation rows to theirs or to #na# (counted)', () => {
  fc.assert(fc.property(fc.integer({ min: 1, max: 300 }), fc.integer({ min: 0, max: 1e6 }), fc.double({ min: 0, max: 0.9, noNaN: true }),
    (n, seed, validPct) => {
      const table = tableOf(randomRows(n, seed % 97));
      const ds = buildDataset(table, { validPct, seed });
      for (const r of ds.train) {
        assert.equal(ds.userVocab.labels[ds.users[r]], table.userLabels[table.users[r]]);
        assert.equal(ds.itemVocab.labels[ds.items[r]], table.itemLabels[table.items[r]]);
      }
      const unknownUsers = new Set<string>();
      for (const r of ds.valid) {
        const label = table.userLabels[table.users[r]];
        if (ds.users[r] === 0) {
          assert.equal(ds.userVocab.index.get(label), undefined);
          unknownUsers.add(label);
        } else assert.equal(ds.userVocab.labels[ds.users[r]], label);
      }
      assert.equal(ds.unknownInValid.users, unknownUsers.size);
      assert.equal(ds.userVocab.labels[0], NA_LABEL);
    }));
});

test('an explicit validation file: ids seen only there map to #na# and are counted', () => {
  const train = tableOf([['1', 'A', 4], ['2', 'B', 3], ['10', 'A', 5]], 'u1.base');
  const valid = tableOf([['2', 'A', 2], ['3', 'A', 1], ['1', 'C', 5], ['3', 'D', 4]], 'u1.test');
  const ds = buildDataset(train, { validTable: valid });
  assert.equal(ds.n, 7);
  assert.deepEqual([...ds.train], [0, 1, 2]);
  assert.deepEqual([...ds.valid], [3, 4, 5, 6]);
  assert.deepEqual(ds.userVocab.labels, [NA_LABEL, '1', '2', '10']);
  assert.deepEqual(ds.itemVocab.labels, [NA_LABEL, 'A', 'B']);
  assert.deepEqual([...ds.users], [1, 2, 3, 2, 0, 1, 0]);
  assert.deepEqual([...ds.items], [1, 2, 1, 1, 1, 0, 0]);
  assert.deepEqual(ds.unknownInValid, { users: 1, items: 2 });
  assert.equal(ds.validFile, 'u1.test');
  assert.deepEqual([...ds.lines], [2, 3, 4, 2, 3, 4, 5]);
});

test('labelStats: count and mean of training ratings per vocabulary index', () => {
  const ds = buildDataset(tableOf([['a', 'x', 4], ['a', 'y', 2], ['b', 'x', 5], ['c', 'z', 1]]), { validPct: 0 });
  const users = labelStats(ds, 'user');
  assert.deepEqual([...users.count], [0, 2, 1, 1]);
  assert.deepEqual([...users.mean].slice(1), [3, 5, 1]);
  assert.ok(Number.isNaN(users.mean[0]));
  const items = labelStats(ds, 'item');
  assert.deepEqual([...items.count], [0, 2, 1, 1]);
  assert.deepEqual([...items.mean].slice(1), [4.5, 2, 1]);
});

test('lineIndex: each label\'s source lines, ascending, in CSR layout', () => {
  const ds = buildDataset(tableOf([['a', 'x', 4], ['b', 'y', 2], ['a', 'y', 5], ['c', 'x', 1], ['a', 'x', 3]]), { validPct: 0.4, seed: 1 });
  const index = lineIndex(ds, 'item');
  assert.equal(index.offsets.length, ds.itemVocab.labels.length + 1);
  assert.equal(index.offsets[index.offsets.length - 1], ds.n);
  for (let i = 0; i < ds.itemVocab.labels.length; i++) {
    const lines = [...index.lines.subarray(index.offsets[i], index.offsets[i + 1])];
    const expected = [...ds.lines].filter((_, r) => ds.items[r] === i);
    assert.deepEqual(lines, expected);
  }
});
