/**
 * The dataset built paced (progress, turns of the event loop, cancellation) is the dataset built at
 * once, which is the dataset of the original one-pass implementation (kept below as the reference:
 * saved runs and their split depend on it).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { buildDataset, buildDatasetPaced, DATASET_PLAN, randomSplit } from '../../../src/core/data/dataset';
import { Pacer, runNow, type PacedWork, type PlanProgress } from '../../../src/core/data/paced';
import { seededRandom } from '../../../src/core/data/random';
import type { RatingsDataset, RatingsTable } from '../../../src/core/data/types';
import { allNumeric, compareCodePoints, NA_LABEL } from '../../../src/core/data/vocab';

/** A table of `n` rows over `users` x `items` labels (numeric user ids spread by `idStep`, text or numeric items). */
function bigTable(n: number, options: { users: number; items: number; idStep: number; textItems: boolean; seed: number }): RatingsTable {
  const random = seededRandom(options.seed);
  const userLabels: string[] = [], itemLabels: string[] = [];
  const userIndex = new Map<number, number>(), itemIndex = new Map<number, number>();
  const intern = (labels: string[], index: Map<number, number>, key: number, label: string): number => {
    const known = index.get(key);
    if (known !== undefined) return known;
    index.set(key, labels.length);
    return labels.push(label) - 1;
  };
  const users = new Int32Array(n), items = new Int32Array(n), ratings = new Float32Array(n), lines = new Int32Array(n);
  for (let r = 0; r < n; r++) {
    const u = Math.floor(random() ** 2 * options.users), i = Math.floor(random() ** 3 * options.items);
    users[r] = intern(userLabels, userIndex, u, String(1 + u * options.idStep));
    items[r] = intern(itemLabels, itemIndex, i, options.textItems ? `Movie ${i} (${1950 + (i % 70)})` : String(i));
    ratings[r] = 1 + Math.floor(random() * 9) / 2;
    lines[r] = r + 2;
  }
  return { file: 'big.csv', n, users, items, ratings, lines, userLabels, itemLabels };
}

/** The original implementation: a full Fisher-Yates prefix, a comparator sort of the labels, a Map per vocabulary. */
function referenceDataset(table: RatingsTable, validPct: number, seed: number): Omit<RatingsDataset, 'userVocab' | 'itemVocab'> & { userLabels: string[]; itemLabels: string[] } {
  const n = table.n, nValid = Math.floor(validPct * n);
  const random = seededRandom(seed);
  const order = Uint32Array.from({ length: n }, (_, i) => i);
  for (let i = 0; i < Math.min(nValid, n - 1); i++) {
    const j = i + Math.floor(random() * (n - i));
    [order[i], order[j]] = [order[j], order[i]];
  }
  const isValid = new Uint8Array(n);
  for (let k = 0; k < nValid; k++) isValid[order[k]] = 1;
  const train = Uint32Array.from(Array.from({ length: n }, (_, r) => r).filter((r) => !isValid[r]));
  const valid = Uint32Array.from(Array.from({ length: n }, (_, r) => r).filter((r) => isValid[r]));
  const side = (labels: string[], column: Int32Array) => {
    const chosen = [...new Set(Array.from(train, (r) => column[r]))];
    chosen.sort(allNumeric(labels) ? (a, b) => Number(labels[a]) - Number(labels[b]) : (a, b) => compareCodePoints(labels[a], labels[b]));
    const toVocab = new Int32Array(labels.length);
    chosen.forEach((i, k) => { toVocab[i] = k + 1; });
    const unseen = new Set(Array.from(valid, (r) => column[r]).filter((l) => toVocab[l] === 0)).size;
    return { vocab: [NA_LABEL, ...chosen.map((i) => labels[i])], column: Int32Array.from(column, (l) => toVocab[l]), unseen };
  };
  const users = side(table.userLabels, table.users), items = side(table.itemLabels, table.items);
  let lo = Infinity, hi = -Infinity;
  for (const x of table.ratings) { lo = Math.min(lo, x); hi = Math.max(hi, x); }
  return {
    n, users: users.column, items: items.column, ratings: table.ratings, lines: table.lines, train, valid,
    userLabels: users.vocab, itemLabels: items.vocab, ratingRange: n ? [lo, hi] : [0, 0],
    unknownInValid: { users: users.unseen, items: items.unseen }, seed,
  };
}

function assertSameAsReference(ds: RatingsDataset, table: RatingsTable, validPct: number, seed: number): void {
  const ref = referenceDataset(table, validPct, seed);
  assert.deepEqual(ds.userVocab.labels, ref.userLabels);
  assert.deepEqual(ds.itemVocab.labels, ref.itemLabels);
  for (const key of ['users', 'items', 'train', 'valid'] as const) assert.deepEqual(ds[key], ref[key], key);
  assert.deepEqual(ds.ratingRange, ref.ratingRange);
  assert.deepEqual(ds.unknownInValid, ref.unknownInValid);
}

/** A clock that moves `stepMs` each time it is read: every mark is due for a report and a pause. */
const ticking = (stepMs: number): (() => number) => {
  let t = 0;
  return () => (t += stepMs);
};

const copyTable = (t: RatingsTable): RatingsTable => ({ ...t, users: t.users.slice(), items: t.items.slice() });

test('the split of a known seed is unchanged (saved runs depend on it)', () => {
  // Recorded with the original implementation.
  assert.deepEqual([...randomSplit(20, 4, 42).valid], [9, 12, 14, 17]);
  assert.deepEqual([...randomSplit(1000, 200, 7).valid.slice(0, 8)], [4, 6, 11, 12, 14, 15, 18, 19]);
});

test('property: the dataset equals the original implementation\'s (split, fastai vocabularies, #na# counts)', () => {
  fc.assert(fc.property(fc.integer({ min: 1, max: 400 }), fc.integer({ min: 0, max: 1e6 }), fc.double({ min: 0, max: 0.9, noNaN: true }),
    fc.integer({ min: 1, max: 50 }), fc.boolean(), (n, seed, validPct, idStep, textItems) => {
      const table = bigTable(n, { users: 40, items: 30, idStep, textItems, seed });
      assertSameAsReference(buildDataset(table, { validPct, seed }), table, validPct, seed);
    }));
});

test('paced on 300,000 rows: the same dataset as at once and as the original, in place or not; progress only goes up', async () => {
  for (const shape of [{ idStep: 1, textItems: false }, { idStep: 1_000_003, textItems: true }]) {
    const table = bigTable(300_000, { users: 20_000, items: 3_000, seed: 5, ...shape });
    const reports: PlanProgress[] = [];
    const pacer = new Pacer({ plan: DATASET_PLAN, onProgress: (p) => reports.push(p), now: ticking(60) });
    const paced = await buildDatasetPaced(copyTable(table), { validPct: 0.2, seed: 42, inPlace: true }, pacer);
    const atOnce = buildDataset(table, { validPct: 0.2, seed: 42 });
    assert.deepEqual({ ...paced, userVocab: paced.userVocab.labels, itemVocab: paced.itemVocab.labels },
      { ...atOnce, userVocab: atOnce.userVocab.labels, itemVocab: atOnce.itemVocab.labels });
    assertSameAsReference(atOnce, table, 0.2, 42);

    assert.ok(reports.length > 10, `${reports.length} progress reports`);
    const stages = DATASET_PLAN.map((s) => s.stage);
    assert.deepEqual([...new Set(reports.map((r) => r.stage))], stages, 'every stage reported, in order');
    for (let k = 0; k < reports.length; k++) {
      assert.ok(reports[k].fraction >= 0 && reports[k].fraction <= 1, `fraction ${reports[k].fraction}`);
      if (k > 0) assert.ok(reports[k].fraction >= reports[k - 1].fraction, `monotone at ${k}: ${reports[k - 1].fraction} then ${reports[k].fraction}`);
    }
  }
});

test('a vocabulary\'s index is built on first use and maps each label to its place', () => {
  const ds = buildDataset(bigTable(2_000, { users: 50, items: 40, idStep: 3, textItems: true, seed: 1 }), { validPct: 0.2, seed: 1 });
  for (const vocab of [ds.userVocab, ds.itemVocab]) {
    assert.equal(vocab.index, vocab.index, 'built once');
    assert.equal(vocab.index.size, vocab.labels.length);
    vocab.labels.forEach((label, i) => assert.equal(vocab.index.get(label), i));
  }
});

test('a cancel during the dataset build stops it at the next pause with an AbortError', async () => {
  const table = bigTable(300_000, { users: 20_000, items: 3_000, idStep: 1, textItems: false, seed: 2 });
  const controller = new AbortController();
  let reportsAfterAbort = 0;
  const pacer = new Pacer({
    signal: controller.signal, plan: DATASET_PLAN, now: ticking(60),
    onProgress: () => {
      if (controller.signal.aborted) reportsAfterAbort++;
      else controller.abort();
    },
  });
  await assert.rejects(buildDatasetPaced(table, { validPct: 0.2, seed: 42 }, pacer), (err: unknown) => (err as Error).name === 'AbortError');
  assert.ok(reportsAfterAbort <= 1, `${reportsAfterAbort} marks ran after the abort`);
});

test('paced work: run at once or by a pacer gives the same value; an already aborted signal runs nothing', async () => {
  let steps = 0;
  function* work(): PacedWork<number> {
    for (let k = 0; k < 5; k++) {
      steps++;
      yield { stage: 'counting', fraction: k / 5 };
    }
    return 42;
  }
  assert.equal(runNow(work()), 42);
  assert.equal(await new Pacer({ now: ticking(100) }).run(work()), 42);
  steps = 0;
  await assert.rejects(new Pacer({ signal: AbortSignal.abort() }).run(work()), (err: unknown) => (err as Error).name === 'AbortError');
  assert.equal(steps, 0);
});

test('a pacer reports at most every 100 ms, the first mark at once, and maps stages onto its plan', async () => {
  const reports: PlanProgress[] = [];
  const pacer = new Pacer({ plan: [{ stage: 'a', weight: 1 }, { stage: 'b', weight: 3 }], onProgress: (p) => reports.push(p), now: ticking(30) });
  function* work(stage: string): PacedWork<void> {
    for (let k = 0; k < 10; k++) yield { stage, fraction: k / 10 };
  }
  await pacer.run(work('a'));
  await pacer.run(work('b'));
  assert.equal(reports[0].fraction, 0);
  assert.ok(reports.length < 20 && reports.length >= 5, `${reports.length} reports of 20 marks`);
  assert.ok(reports.filter((r) => r.stage === 'a').every((r) => r.fraction <= 0.25));
  assert.ok(reports.filter((r) => r.stage === 'b').every((r) => r.fraction >= 0.25 && r.fraction <= 1));
});
