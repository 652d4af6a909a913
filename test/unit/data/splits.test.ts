/** Splits: random (unchanged), temporal, user-last, user-random, K folds, their errors, and the dataset wiring. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { buildDataset, randomSplit } from '../../../src/core/data/dataset';
import { runNow } from '../../../src/core/data/paced';
import { timeOrderWork } from '../../../src/core/data/row-order';
import {
  describeSplit, kFolds, splitProblem, splitRows, temporalSplit, userLastSplit, userRandomSplit, type SplitSpec, type SplitTable,
} from '../../../src/core/data/splits';
import type { RatingsTable } from '../../../src/core/data/types';

/** Ten rows: (user, timestamp); users 0..3, ties at 200 and 300. */
const ROWS: [number, number][] = [[0, 100], [1, 50], [0, 300], [2, 200], [1, 300], [0, 200], [2, 10], [1, 300], [0, 400], [3, 5]];
const table: SplitTable = {
  n: ROWS.length, file: '/data/ratings.csv',
  users: Int32Array.from(ROWS, ([u]) => u), timestamps: Float64Array.from(ROWS, ([, t]) => t),
};
const list = (a: Uint32Array): number[] => [...a];
const complement = (n: number, valid: number[]): number[] => Array.from({ length: n }, (_, r) => r).filter((r) => !valid.includes(r));

test('temporal: the latest floor(validPct * n) rows by time; ties at the cutoff go to the later rows of the file', () => {
  // by (time, row): 9 6 1 0 3 5 | 2 4 7 (300) | 8 (400)
  const cases: [number, number[]][] = [[0.25, [7, 8]], [0.3, [4, 7, 8]], [0.4, [2, 4, 7, 8]], [0.5, [2, 4, 5, 7, 8]]];
  for (const [pct, valid] of cases) {
    const split = temporalSplit(table.timestamps as Float64Array, table.n, pct);
    assert.deepEqual(list(split.valid), valid, `validPct ${pct}`);
    assert.deepEqual(list(split.train), complement(table.n, valid));
    assert.deepEqual(splitRows(table, { kind: 'temporal', validPct: pct, seed: 1 }), split);
  }
});

test("user-last: each user's latest N rows (ties by file order); users with N or fewer ratings stay in training", () => {
  // user 0: rows 0 2 5 8 (100 300 200 400); user 1: 1 4 7 (50 300 300); user 2: 3 6 (200 10); user 3: 9
  const cases: [number, number[]][] = [[1, [3, 7, 8]], [2, [2, 4, 7, 8]], [3, [2, 5, 8]], [4, []]];
  for (const [holdout, valid] of cases) {
    const split = userLastSplit(table.users, table.timestamps as Float64Array, table.n, holdout);
    assert.deepEqual(list(split.valid), valid, `holdout ${holdout}`);
    assert.deepEqual(list(split.train), complement(table.n, valid));
  }
  assert.deepEqual(list(splitRows(table, { kind: 'user-last', seed: 0 }).valid), [3, 7, 8], 'holdout defaults to 1');
});

test("user-random: round(validPct * c) of each user's c rows, at most c - 1, seeded", () => {
  const perUser = (valid: Uint32Array): number[] => [0, 1, 2, 3].map((u) => list(valid).filter((r) => ROWS[r][0] === u).length);
  // c = 4 3 2 1: at 0.5 -> 2, round(1.5) = 2, 1, min(1, 0) = 0; at 0.2 -> 1 (0.8), 1 (0.6), 0 (0.4), 0
  assert.deepEqual(perUser(userRandomSplit(table.users, table.n, 0.5, 7).valid), [2, 2, 1, 0]);
  assert.deepEqual(perUser(userRandomSplit(table.users, table.n, 0.2, 7).valid), [1, 1, 0, 0]);
  assert.deepEqual(perUser(userRandomSplit(table.users, table.n, 0.9, 7).valid), [3, 2, 1, 0], 'one row kept in training');
  // pinned: the draws are mulberry32(seed) in user order, a partial Fisher-Yates over each user's rows
  assert.deepEqual(list(userRandomSplit(table.users, table.n, 0.5, 7).valid), [0, 1, 2, 6, 7]);
  const a = userRandomSplit(table.users, table.n, 0.5, 7);
  assert.deepEqual(userRandomSplit(table.users, table.n, 0.5, 7), a, 'same seed, same split');
  const seeds = new Set(Array.from({ length: 20 }, (_, s) => list(userRandomSplit(table.users, table.n, 0.5, s).valid).join()));
  assert.ok(seeds.size > 1, 'the seed matters');
});

test('K folds: validation rows partition the rows, fold sizes floor/ceil of n/K, fold 0 is the random split, seeded', () => {
  fc.assert(fc.property(fc.integer({ min: 2, max: 400 }), fc.integer({ min: 2, max: 12 }), fc.integer({ min: 0, max: 2 ** 31 }), (n, k0, seed) => {
    const k = Math.min(k0, n);
    const folds = [...kFolds(n, k, seed)];
    assert.equal(folds.length, k);
    const seen = new Uint8Array(n);
    for (const { train, valid } of folds) {
      assert.ok(valid.length === Math.floor(n / k) || valid.length === Math.ceil(n / k));
      assert.equal(train.length + valid.length, n);
      for (const r of valid) seen[r]++;
      const all = [...train, ...valid].sort((x, y) => x - y);
      assert.deepEqual(all, Array.from({ length: n }, (_, r) => r));
      assert.ok(train.every((r, i) => i === 0 || r > train[i - 1]) && valid.every((r, i) => i === 0 || r > valid[i - 1]));
    }
    assert.ok(seen.every((c) => c === 1), 'each row in exactly one validation fold');
    assert.deepEqual(folds[0].valid, randomSplit(n, Math.floor(n / k), seed).valid);
    const users = new Int32Array(n);
    for (let f = 0; f < k; f++) assert.deepEqual(splitRows({ n, users }, { kind: 'random', folds: k, fold: f, seed }), folds[f]);
  }), { numRuns: 60 });
  assert.notDeepEqual([...kFolds(100, 5, 1)][0].valid, [...kFolds(100, 5, 2)][0].valid);
});

test('random through a SplitSpec is bit-identical to the split recorded before splits existed', () => {
  assert.deepEqual(list(randomSplit(20, 4, 42).valid), [9, 12, 14, 17]);
  assert.deepEqual(list(randomSplit(37, 7, 3).valid), [2, 5, 17, 20, 21, 26, 29]);
  const hash = (a: Uint32Array): number => a.reduce((h, v) => (Math.imul(h, 31) + v) >>> 0, 0);
  const n = 100003;
  const split = splitRows({ n, users: new Int32Array(n) }, { kind: 'random', validPct: 20000 / n + 1e-9, seed: 42 });
  assert.equal(split.valid.length, 20000);
  // figures printed by the code before this change (randomSplit(100003, 20000, 42))
  assert.equal(hash(split.valid), 3036552700);
  assert.equal(hash(split.train), 1836156045);
  assert.deepEqual(split, randomSplit(n, 20000, 42));
});

test('the time order is a stable sort by timestamp (negatives, -0, ties, fractions)', () => {
  const value = fc.oneof(fc.double({ noNaN: true }), fc.integer({ min: -5, max: 5 }).map((x) => x / 2), fc.constantFrom(0, -0, 1.7e9, 1.7e9 + 1));
  fc.assert(fc.property(fc.array(value, { maxLength: 300 }), (values) => {
    const ts = Float64Array.from(values);
    const order = runNow(timeOrderWork(ts, ts.length, '', 0, 1));
    const expected = Array.from({ length: ts.length }, (_, r) => r).sort((a, b) => (ts[a] < ts[b] ? -1 : ts[a] > ts[b] ? 1 : a - b));
    assert.deepEqual([...order], expected);
  }), { numRuns: 200 });
});

test('errors: a split needing timestamps without them, folds out of range, holdout < 1, validPct outside (0, 1)', () => {
  const noTime = { n: 7, file: '/home/me/data/ratings.csv' };
  const problem = (spec: Partial<SplitSpec>, t: Pick<SplitTable, 'n' | 'timestamps' | 'file'> = table, file = false): string | undefined =>
    splitProblem({ kind: 'random', seed: 1, ...spec } as SplitSpec, t, file);
  assert.equal(problem({ kind: 'temporal' }, noTime), "split 'temporal' needs a timestamp column; none was found in ratings.csv");
  assert.equal(problem({ kind: 'user-last' }, noTime), "split 'user-last' needs a timestamp column; none was found in ratings.csv");
  assert.equal(problem({ kind: 'user-random' }, noTime), undefined, 'user-random needs no time');
  assert.equal(problem({ folds: 8 }, noTime), '8 folds need at least 8 rows; ratings.csv has 7');
  assert.equal(problem({ folds: 7 }, noTime), undefined);
  assert.equal(problem({ folds: 1 }), 'folds must be a whole number, at least 2, not 1');
  assert.equal(problem({ folds: 2.5 }), 'folds must be a whole number, at least 2, not 2.5');
  assert.equal(problem({ folds: 3, fold: 3 }), 'fold must be a whole number from 0 to 2, not 3');
  assert.match(problem({ kind: 'temporal', folds: 3 }) ?? '', /cannot be combined with split 'temporal'/);
  assert.equal(problem({ kind: 'user-last', holdout: 0 }), 'holdout must be a whole number of ratings, at least 1, not 0');
  for (const validPct of [0, 1, -0.1, 1.5, NaN]) {
    assert.match(problem({ kind: 'temporal', validPct }) ?? '', /valid-pct must be between 0 and 1/);
    assert.match(problem({ kind: 'user-random', validPct }) ?? '', /valid-pct must be between 0 and 1/);
  }
  assert.equal(problem({ validPct: 0 }), undefined, 'random keeps accepting 0 (no validation rows), as before');
  assert.match(problem({ validPct: 1 }) ?? '', /valid-pct must be in \[0, 1\)/);
  assert.equal(problem({ kind: 'file' }), "split 'file' needs a validation file");
  assert.equal(problem({ kind: 'file' }, table, true), undefined);
  assert.match(problem({ kind: 'sideways' as SplitSpec['kind'] }) ?? '', /unknown split 'sideways'/);
  assert.throws(() => splitRows({ n: 7, users: new Int32Array(7), file: 'ratings.csv' }, { kind: 'temporal', seed: 1 }), RangeError);
  assert.throws(() => [...kFolds(3, 4, 1)], /4 folds need at least 4 rows/);
});

test('describeSplit says what each split does', () => {
  assert.equal(describeSplit({ kind: 'random', validPct: 0.2, seed: 42 }), 'random: 20% of rows for validation (seed 42)');
  assert.equal(describeSplit({ kind: 'random', folds: 5, fold: 1, seed: 42 }), '5-fold cross-validation over random rows, fold 2 of 5 (seed 42)');
  assert.match(describeSplit({ kind: 'temporal', validPct: 0.1, seed: 1 }), /^temporal: the latest 10% of rows by timestamp/);
  assert.match(describeSplit({ kind: 'user-last', holdout: 2, seed: 1 }), /latest 2 ratings .*users with 2 or fewer stay in training/);
  assert.match(describeSplit({ kind: 'user-random', seed: 3 }), /^user-random: 20% of each user's rows/);
  assert.equal(describeSplit({ kind: 'file', seed: 3 }), 'validation rows from a separate file');
});

/** A RatingsTable of ROWS: user labels u0..u3, items cycling over five, with timestamps. */
function ratingsTable(withTime = true): RatingsTable {
  return {
    file: 'ratings.csv', n: ROWS.length,
    users: Int32Array.from(ROWS, ([u]) => u), items: Int32Array.from(ROWS, (_, r) => r % 5),
    ratings: Float32Array.from(ROWS, (_, r) => 1 + (r % 5)), lines: Int32Array.from(ROWS, (_, r) => r + 2),
    timestamps: withTime ? Float64Array.from(ROWS, ([, t]) => t) : undefined,
    userLabels: ['u0', 'u1', 'u2', 'u3'], itemLabels: ['a', 'b', 'c', 'd', 'e'],
  };
}

test('the dataset takes a split: rows as splitRows chose them, vocabularies from its training rows, the spec recorded', () => {
  const spec: SplitSpec = { kind: 'user-last', holdout: 1, seed: 5 };
  const ds = buildDataset(ratingsTable(), { split: spec });
  assert.deepEqual(list(ds.valid), [3, 7, 8]);
  assert.deepEqual(ds.split, spec);
  assert.equal(ds.seed, 5);
  assert.deepEqual(ds.userVocab.labels, ['#na#', 'u0', 'u1', 'u2', 'u3']);
  const random = buildDataset(ratingsTable(), { split: { kind: 'random', validPct: 0.3, seed: 9 } });
  const { split: _recorded, ...rest } = random;
  assert.deepEqual(rest, buildDataset(ratingsTable(), { validPct: 0.3, seed: 9 }), 'same dataset as without a spec');
  assert.equal(buildDataset(ratingsTable()).split, undefined, 'no spec, nothing recorded (as before)');
  assert.throws(() => buildDataset(ratingsTable(false), { split: { kind: 'temporal', seed: 1 } }),
    /split 'temporal' needs a timestamp column; none was found in ratings.csv/);
  assert.throws(() => buildDataset(ratingsTable(), { split: { kind: 'file', seed: 1 } }), /needs a validation file/);
  const withFile = buildDataset(ratingsTable(), { split: { kind: 'file', seed: 2 }, validTable: ratingsTable() });
  assert.equal(withFile.valid.length, ROWS.length);
  assert.throws(() => buildDataset(ratingsTable(), { split: { kind: 'temporal', seed: 1 }, validTable: ratingsTable() }), /a validation file was given/);
});
