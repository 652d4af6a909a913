import { test } from 'node:test';
import assert from 'node:assert/strict';
import { computeBaselines, errorMetrics, fitBiasOnly, itemCounts, ratingRowsOf } from '../../../src/core/eval/baselines';
import { dotScorer, dotUserScorer, itemScoreScorer, modelUserScorer } from '../../../src/core/eval/scorers';
import { orderByScore, rankingMetrics, type RatingRows } from '../../../src/core/eval/ranking';
import { generatePlanted } from '../../../src/core/data/synthetic';
import { buildDataset } from '../../../src/core/data/dataset';
import type { RatingsTable } from '../../../src/core/data/types';
import { EmbeddingDotBias } from '../../../src/core/model/dot';
import { seededRandom } from '../../../src/core/data/random';

const close = (actual: number, expected: number, what: string): void =>
  assert.ok(Math.abs(actual - expected) < 1e-12, `${what}: ${actual} != ${expected}`);

function tiny(): RatingRows {
  // train: (u1, i1, 5), (u1, i2, 3), (u2, i1, 4); valid: (u1, i1, 4), (u2, i2, 2), ('#na#' user, i2, 1)
  return {
    users: Int32Array.from([1, 1, 2, 1, 2, 0]), items: Int32Array.from([1, 2, 1, 1, 2, 2]),
    ratings: Float32Array.from([5, 3, 4, 4, 2, 1]), train: Uint32Array.from([0, 1, 2]), valid: Uint32Array.from([3, 4, 5]),
    nUsers: 3, nItems: 3, ratingRange: [1, 5],
  };
}

test('biasOnly is Surprise\'s baseline_als: one epoch by hand', () => {
  // mean = 4. Items first (bu = 0): bi1 = ((5-4) + (4-4)) / (10 + 2) = 1/12, bi2 = (3-4) / (10 + 1) = -1/11.
  // Then users: bu1 = ((5-4-1/12) + (3-4+1/11)) / (15 + 2) = (1/132) / 17 = 1/2244,
  //             bu2 = (4-4-1/12) / (15 + 1) = -1/192. '#na#' (index 0) stays 0.
  const fit = fitBiasOnly(tiny(), { epochs: 1 });
  close(fit.mean, 4, 'mean');
  close(fit.itemBias[1], 1 / 12, 'bi1');
  close(fit.itemBias[2], -1 / 11, 'bi2');
  close(fit.userBias[1], 1 / 2244, 'bu1');
  close(fit.userBias[2], -1 / 192, 'bu2');
  assert.equal(fit.userBias[0], 0);
  assert.equal(fit.itemBias[0], 0);
});

test('globalMean error metrics by hand, and biasOnly predictions clipped to the range', () => {
  const rows = tiny();
  const b = computeBaselines(rows, { k: 1, threshold: 1 });
  // Predict 4 for (4, 2, 1): errors 0, 2, 3 -> MSE 13/3, MAE 5/3.
  close(b.globalMean.mean, 4, 'mean');
  close(b.globalMean.mse, 13 / 3, 'mse');
  close(b.globalMean.rmse, Math.sqrt(13 / 3), 'rmse');
  close(b.globalMean.mae, 5 / 3, 'mae');
  const fit = fitBiasOnly(rows);
  const expected = errorMetrics(rows, (r) => Math.min(5, Math.max(1, fit.mean + fit.userBias[rows.users[r]] + fit.itemBias[rows.items[r]])));
  close(b.biasOnly.mse, expected.mse, 'biasOnly mse');
  assert.deepEqual(Object.keys(b.biasOnly).sort(), ['mae', 'mse', 'ranking', 'rmse']);
  assert.deepEqual(Object.keys(b.popularity), ['ranking']);
  assert.deepEqual([...itemCounts(rows)], [0, 2, 1]);
});

function plantedDataset(): ReturnType<typeof buildDataset> {
  const p = generatePlanted({ seed: 3, users: 200, items: 120, ratingsPerUser: 30 });
  const table: RatingsTable = {
    file: 'planted.csv', n: p.n, users: Int32Array.from(p.users, (u) => u - 1), items: Int32Array.from(p.items, (i) => i - 1),
    ratings: p.ratings, lines: Int32Array.from({ length: p.n }, (_, r) => r + 2),
    userLabels: Array.from({ length: p.nUsers }, (_, u) => String(u + 1)), itemLabels: Array.from({ length: p.nItems }, (_, i) => String(i + 1)),
  };
  return buildDataset(table, { validPct: 0.2, seed: 1 });
}

test('on planted data biasOnly beats globalMean, and popularity/biasOnly rank better than chance', () => {
  const data = plantedDataset();
  const b = computeBaselines(data);
  assert.ok(b.biasOnly.rmse < b.globalMean.rmse - 0.05, `biasOnly ${b.biasOnly.rmse} vs globalMean ${b.globalMean.rmse}`);
  assert.ok(b.biasOnly.mae < b.globalMean.mae);
  close(b.globalMean.rmse, Math.sqrt(b.globalMean.mse), 'rmse');
  const rows = ratingRowsOf(data);
  assert.equal(b.biasOnly.ranking.threshold, 4);
  assert.equal(b.biasOnly.ranking.k, 10);
  assert.ok(b.biasOnly.ranking.users > 0);
  // A constant scorer ranks by vocabulary index alone: the planted good items make bias ranking beat it.
  const chance = rankingMetrics(rows, (_u, out) => out.fill(0));
  assert.ok(b.biasOnly.ranking.precision > chance.precision, `${b.biasOnly.ranking.precision} vs ${chance.precision}`);
  assert.equal(b.popularity.ranking.users, chance.users);
});

test('the dot scorer gives the model\'s own predictions for every item', () => {
  const model = EmbeddingDotBias.create(8, 5, 9, [0, 5.5], seededRandom(1));
  for (let f = 0; f < model.weights.userWeight.length; f++) model.weights.userWeight[f] *= 40;
  const dot = dotUserScorer(model), generic = modelUserScorer(model);
  const a = new Float64Array(9), b = new Float64Array(9);
  for (let u = 0; u < 5; u++) {
    dot(u, a);
    generic(u, b);
    const predicted = model.predict(new Int32Array(9).fill(u), Int32Array.from({ length: 9 }, (_, i) => i));
    for (let i = 0; i < 9; i++) {
      assert.ok(Math.abs(a[i] - predicted[i]) < 1e-5, `user ${u} item ${i}`);
      assert.equal(b[i], predicted[i]);
    }
  }
});

test('the blocked dot scorer gives exactly the one-user scores, and the same ranking metrics', () => {
  const data = plantedDataset();
  const rows = ratingRowsOf(data);
  const model = EmbeddingDotBias.create(6, rows.nUsers, rows.nItems, [0, 5.5], seededRandom(2));
  for (let f = 0; f < model.weights.itemWeight.length; f++) model.weights.itemWeight[f] *= 60;
  const block = dotScorer(model), single = dotUserScorer(model);
  const out = new Float64Array(4 * rows.nItems), one = new Float64Array(rows.nItems);
  for (const count of [1, 2, 3, 4]) {
    const users = Int32Array.from({ length: 4 }, (_, j) => 1 + j * 7);
    block.score(users, count, out);
    for (let j = 0; j < count; j++) {
      single(users[j], one);
      assert.deepEqual(out.subarray(j * rows.nItems, (j + 1) * rows.nItems), one);
    }
  }
  assert.deepEqual(rankingMetrics(rows, block, { k: 7 }), rankingMetrics(rows, single, { k: 7 }));
});

test('a fixed item order (popularity, item bias) gives the same metrics as scoring every item for every user', () => {
  const rows = ratingRowsOf(plantedDataset());
  const counts = itemCounts(rows); // whole numbers: many ties, broken by index both ways
  for (const k of [1, 10, 500]) {
    assert.deepEqual(rankingMetrics(rows, orderByScore(counts), { k }), rankingMetrics(rows, itemScoreScorer(counts), { k }));
  }
  const { itemBias } = fitBiasOnly(rows);
  assert.deepEqual(rankingMetrics(rows, orderByScore(itemBias)), rankingMetrics(rows, itemScoreScorer(itemBias)));
  assert.deepEqual([...orderByScore([9, 1, 3, 3, 0]).itemOrder], [2, 3, 1, 4]); // '#na#' left out, tie 2-3 by index
});
