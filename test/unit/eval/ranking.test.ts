import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultThreshold, prepareRanking, rankingMetrics, ratingStep, type RatingRows, type UserScorer } from '../../../src/core/eval/ranking';
import { TopKSelector } from '../../../src/core/eval/select';
import { seededRandom } from '../../../src/core/data/random';

/** Rows from [user, item, rating] triples; vocabulary indices, 0 = '#na#'. */
function rowsOf(train: number[][], valid: number[][], nUsers: number, nItems: number): RatingRows {
  const all = [...train, ...valid];
  return {
    users: Int32Array.from(all, (t) => t[0]), items: Int32Array.from(all, (t) => t[1]), ratings: Float32Array.from(all, (t) => t[2]),
    train: Uint32Array.from(train, (_, r) => r), valid: Uint32Array.from(valid, (_, r) => train.length + r),
    nUsers, nItems, ratingRange: [1, 5],
  };
}

/** A scorer reading a fixed table: scores[u][i]. */
function tableScorer(scores: number[][]): UserScorer {
  return (u, out) => {
    for (let i = 0; i < out.length; i++) out[i] = scores[u][i];
  };
}

const close = (actual: number, expected: number, what: string): void =>
  assert.ok(Math.abs(actual - expected) < 1e-12, `${what}: ${actual} != ${expected}`);

/*
 * The hand-computed example: users 1..4, items 1..6 (index 0 is '#na#' on both sides), k = 3,
 * threshold 4 (the default on 1-5 stars).
 *
 * user 1: trained items 1, 2. Validation: 3 (5), 4 (4), 4 again (5), 5 (2), '#na#' item (5).
 *   relevant = {3, 4} (4 counted once, 5 below the threshold, '#na#' unrankable).
 *   scores: '#na#' 100 (never a candidate), 1: 9, 2: 8 (trained: skipped), 3: 1, 4: 5, 5: 5, 6: 7.
 *   ranking of candidates 3..6: 6 (7), 4 (5), 5 (5; ties with 4, larger index second), 3 (1).
 *   top-3 = [6, 4, 5]; hit at rank 2.
 *   precision = 1/3; recall = 1/2; DCG = 1/log2(3); IDCG (min(3, 2) = 2 hits) = 1 + 1/log2(3);
 *   NDCG = 0.63093/1.63093 = 0.386853; AP = (1/2) / min(3, 2) = 0.25; hit = 1.
 * user 2: trained item 3. Validation: 1 (4), 2 (1), 3 (5; rated in training: unrankable).
 *   relevant = {1}. scores: every candidate 2, item 3 9 (trained). Ties by index: top-3 = [1, 2, 4].
 *   precision = 1/3; recall = 1; NDCG = 1; AP = 1/1 / min(3, 1) = 1; hit = 1.
 * user 3: trained items 1, 6. Validation: 3 (4), 2 (3). relevant = {3}.
 *   scores: 2: 3, 3: 0.5, 4: 2, 5: 1 -> top-3 = [2, 4, 5]: a miss, every metric 0.
 * user 4: trained item 1. Validation: 2 (3) only -> no relevant item: not evaluated.
 * unknown user ('#na#', index 0): validation 4 (5) -> unrankable.
 *
 * Averages over the 3 evaluated users:
 *   precision = (1/3 + 1/3 + 0) / 3 = 2/9; recall = (1/2 + 1 + 0) / 3 = 1/2;
 *   NDCG = (0.386853 + 1 + 0) / 3 = 0.462284; MAP = (0.25 + 1 + 0) / 3 = 5/12; hitRate = 2/3.
 *   coverage = |{6, 4, 5} u {1, 2, 4} u {2, 4, 5}| / 6 candidate items = 5/6.
 *   unrankableRelevant = 3 ('#na#' item of user 1, item 3 of user 2, the unknown user's row).
 */
const example = rowsOf(
  [[1, 1, 5], [1, 2, 3], [2, 3, 4], [3, 1, 2], [3, 6, 4], [4, 1, 5]],
  [[1, 3, 5], [1, 4, 4], [1, 4, 5], [1, 5, 2], [1, 0, 5], [2, 1, 4], [2, 2, 1], [2, 3, 5], [3, 3, 4], [3, 2, 3], [4, 2, 3], [0, 4, 5]],
  5, 7,
);
const exampleScores = tableScorer([
  [0, 0, 0, 0, 0, 0, 0],
  [100, 9, 8, 1, 5, 5, 7],
  [100, 2, 2, 9, 2, 2, 2],
  [100, 0, 3, 0.5, 2, 1, 0],
  [100, 0, 0, 0, 0, 0, 0],
]);

test('every metric on the hand-computed example', () => {
  const m = rankingMetrics(example, exampleScores, { k: 3 });
  const ndcgUser1 = (1 / Math.log2(3)) / (1 + 1 / Math.log2(3));
  assert.equal(m.k, 3);
  assert.equal(m.threshold, 4);
  assert.equal(m.users, 3);
  assert.equal(m.eligibleUsers, 3);
  assert.equal(m.sampledUsers, undefined);
  assert.equal(m.unrankableRelevant, 3);
  close(m.precision, 2 / 9, 'precision');
  close(m.recall, 1 / 2, 'recall');
  close(m.ndcg, (ndcgUser1 + 1) / 3, 'ndcg');
  close(m.ndcg, 0.46228426907818, 'ndcg (number)');
  close(m.map, 5 / 12, 'map');
  close(m.hitRate, 2 / 3, 'hitRate');
  close(m.coverage, 5 / 6, 'coverage');
});

test('training items and #na# are never candidates; users without a relevant item are left out', () => {
  const plan = prepareRanking(example, { k: 3 });
  assert.deepEqual([...plan.evaluated], [1, 2, 3]); // user 4 has no relevant item, user 0 is '#na#'
  assert.deepEqual([...plan.relevantItems.slice(plan.relevantStart[1], plan.relevantStart[2])], [3, 4]);
  // A scorer that puts '#na#' and the trained items first still gets a list of candidates only.
  const seen: number[][] = [];
  const m = rankingMetrics(example, (u, out) => { exampleScores(u, out); seen.push([u]); }, { k: 6 });
  assert.deepEqual(seen.map((s) => s[0]), [1, 2, 3]);
  assert.equal(m.users, 3);
});

test('k larger than the candidates: short lists, precision still divides by k', () => {
  // k = 10: user 1 lists its 4 candidates [6, 4, 5, 3] (hits at 2 and 4), user 2 its 5, user 3 its 4.
  const m = rankingMetrics(example, exampleScores, { k: 10 });
  // user 1: hits 2 -> precision 2/10, recall 1, AP = (1/2 + 2/4) / min(10, 2) = 0.5,
  //   NDCG = (1/log2 3 + 1/log2 5) / (1 + 1/log2 3); user 2: 1/10, 1, 1, 1; user 3: item 3 at rank 4:
  //   1/10, 1, AP = (1/4) / 1, NDCG = 1/log2 5.
  const n1 = (1 / Math.log2(3) + 1 / Math.log2(5)) / (1 + 1 / Math.log2(3));
  close(m.precision, (0.2 + 0.1 + 0.1) / 3, 'precision');
  close(m.recall, 1, 'recall');
  close(m.map, (0.5 + 1 + 0.25) / 3, 'map');
  close(m.ndcg, (n1 + 1 + 1 / Math.log2(5)) / 3, 'ndcg');
  close(m.hitRate, 1, 'hitRate');
  close(m.coverage, 1, 'coverage');
});

test('ties are broken by vocabulary index, including when a better item evicts a tied one', () => {
  const selector = new TopKSelector(3);
  const out = new Int32Array(3);
  // items 1..6: 1 and 2 tie at 1, then 3 at 5 arrives, then more ties at 1.
  const n = selector.select(Float64Array.from([9, 1, 1, 5, 1, 1, 0]), new Uint8Array(7), out);
  assert.equal(n, 3);
  assert.deepEqual([...out], [3, 1, 2]);
  // Against a full sort on random scores drawn from few values (many ties), with skipped items.
  const random = seededRandom(7);
  for (let trial = 0; trial < 200; trial++) {
    const size = 1 + Math.floor(random() * 60), k = 1 + Math.floor(random() * 12);
    const scores = Float64Array.from({ length: size }, () => Math.floor(random() * 4));
    const skip = Uint8Array.from({ length: size }, () => (random() < 0.2 ? 1 : 0));
    const expected = [...scores.keys()].filter((i) => i > 0 && !skip[i])
      .sort((a, b) => scores[b] - scores[a] || a - b).slice(0, k);
    const got = new Int32Array(k);
    const count = new TopKSelector(k).select(scores, skip, got);
    assert.deepEqual([...got.slice(0, count)], expected);
  }
});

test('above maxPairs a seeded sample of users is evaluated and reported', () => {
  // 3 eligible users x 6 candidate items = 18 pairs; maxPairs 12 -> floor(12 / 6) = 2 users.
  const a = rankingMetrics(example, exampleScores, { k: 3, maxPairs: 12, seed: 5 });
  const b = rankingMetrics(example, exampleScores, { k: 3, maxPairs: 12, seed: 5 });
  assert.equal(a.users, 2);
  assert.equal(a.sampledUsers, 2);
  assert.equal(a.eligibleUsers, 3);
  assert.deepEqual(a, b);
  const plan = prepareRanking(example, { k: 3, maxPairs: 12, seed: 5 });
  assert.equal(plan.evaluated.length, 2);
  assert.ok(plan.evaluated[0] < plan.evaluated[1]);
  // The sample's size comes from samplePairs when it is smaller: floor(6 / 6) = 1 user.
  const one = rankingMetrics(example, exampleScores, { k: 3, maxPairs: 12, samplePairs: 6 });
  assert.equal(one.users, 1);
  assert.equal(one.sampledUsers, 1);
  // At or below the limit every user is evaluated.
  assert.equal(rankingMetrics(example, exampleScores, { k: 3, maxPairs: 18 }).sampledUsers, undefined);
});

test('bad k and thresholds outside the rating range get clear errors', () => {
  assert.throws(() => rankingMetrics(example, exampleScores, { k: 0 }), /k must be a whole number of at least 1, got 0/);
  assert.throws(() => rankingMetrics(example, exampleScores, { k: 2.5 }), /k must be a whole number/);
  assert.throws(() => rankingMetrics(example, exampleScores, { threshold: 6 }), /threshold 6 is outside the rating range \[1, 5\]/);
  assert.throws(() => rankingMetrics(example, exampleScores, { threshold: 0.5 }), /outside the rating range/);
  assert.throws(() => rankingMetrics(example, exampleScores, { threshold: NaN }), /outside the rating range/);
});

test('the threshold decides what is relevant; defaults per scale', () => {
  // threshold 5: user 1 relevant {3, 4} (item 4 has a 5 too), user 2 none ({1} is a 4), user 3 none.
  const m = rankingMetrics(example, exampleScores, { k: 3, threshold: 5 });
  assert.equal(m.users, 1);
  close(m.precision, 1 / 3, 'precision');
  assert.equal(defaultThreshold([1, 5], 1), 4);
  assert.equal(defaultThreshold([0.5, 5], 0.5), 3.5);
  assert.equal(defaultThreshold([1, 10], 1), 7);
  close(defaultThreshold([0, 1], 0), 0.7, 'continuous');
  assert.equal(ratingStep(Float32Array.from([1, 2, 5])), 1);
  assert.equal(ratingStep(Float32Array.from([1, 2.5, 5])), 0.5);
  assert.equal(ratingStep(Float32Array.from([1, 2.25])), 0);
});

test('no evaluated user gives NaN figures and users 0, not an error', () => {
  const rows = rowsOf([[1, 1, 5]], [[1, 2, 1]], 2, 3);
  const m = rankingMetrics(rows, tableScorer([[0, 0, 0], [0, 0, 0]]), { k: 2 });
  assert.equal(m.users, 0);
  assert.ok(Number.isNaN(m.precision));
});
