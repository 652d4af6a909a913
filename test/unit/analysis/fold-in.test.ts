import { test } from 'node:test';
import assert from 'node:assert/strict';
import { foldInDot, userPrior, type FoldRating, type ItemSide } from '../../../src/core/analysis/fold-in';
import { foldInNn, nnForwardUser } from '../../../src/core/analysis/fold-in-nn';
import { exactShares, predictionParts } from '../../../src/core/analysis/explain';
import { sigmoidRange } from '../../../src/core/model/math';
import { EmbeddingNN } from '../../../src/core/model/nn';
import { rng, gaussian } from './planted-run';

/** A random small item side and ratings. */
function smallCase(seed: number, k: number, nItems: number, nRated: number): { items: ItemSide; ratings: FoldRating[] } {
  const random = rng(seed);
  const vectors = Float32Array.from({ length: nItems * k }, () => 0.8 * gaussian(random));
  const bias = Float32Array.from({ length: nItems }, () => 0.3 * gaussian(random));
  const ratings = Array.from({ length: nRated }, (_, r) => ({ item: r, rating: 1 + Math.floor(random() * 5) }));
  return { items: { vectors, bias, k, yRange: [0, 5.5] }, ratings };
}

function objective(items: ItemSide, ratings: FoldRating[], theta: Float64Array, lambda: number): number {
  const { k, vectors, bias } = items;
  let sum = 0;
  for (const { item, rating } of ratings) {
    let x = bias![item] + theta[k];
    for (let f = 0; f < k; f++) x += theta[f] * vectors[item * k + f];
    sum += (sigmoidRange(x, 0, 5.5) - rating) ** 2;
  }
  for (const t of theta) sum += lambda * t * t;
  return sum;
}

/** Plain gradient descent on the same objective, by central finite differences, from `start`. */
function bruteForce(items: ItemSide, ratings: FoldRating[], lambda: number, start: number[]): Float64Array {
  const theta = Float64Array.from(start);
  const h = 1e-6;
  for (let step = 0; step < 20000; step++) {
    const g = theta.map((_, j) => {
      const up = theta.slice(); up[j] += h;
      const down = theta.slice(); down[j] -= h;
      return (objective(items, ratings, up, lambda) - objective(items, ratings, down, lambda)) / (2 * h);
    });
    for (let j = 0; j < theta.length; j++) theta[j] -= 0.01 * g[j];
  }
  return theta;
}

test('dot fold-in reaches the optimum a long gradient descent finds (small cases, several starts)', () => {
  for (const [seed, k, nRated] of [[1, 2, 3], [2, 3, 6], [3, 1, 2], [4, 4, 10]]) {
    const { items, ratings } = smallCase(seed, k, 12, nRated);
    const folded = foldInDot(items, ratings, { wd: 0.1 });
    assert.ok(folded.lambda.every((l) => l === 0.1 * nRated));
    const ours = Float64Array.from([...folded.vector, folded.bias]);
    assert.ok(Math.abs(objective(items, ratings, ours, folded.lambda[0]) - folded.objective) < 1e-9);
    for (const start of [new Array(k + 1).fill(0), new Array(k + 1).fill(0.5), new Array(k + 1).fill(-0.5)]) {
      const brute = bruteForce(items, ratings, folded.lambda[0], start);
      const theirs = objective(items, ratings, brute, folded.lambda[0]);
      assert.ok(folded.objective <= theirs + 1e-9, `seed ${seed}: fold-in ${folded.objective} > descent ${theirs}`);
      if (theirs - folded.objective < 1e-7) ours.forEach((v, j) => assert.ok(Math.abs(v - brute[j]) < 1e-3, `seed ${seed} param ${j}: ${v} vs ${brute[j]}`));
    }
  }
});

test('at the optimum theta_j = c_j + sum_r w_r x_rj / lambda_j, so average taste plus the shares add up to u . i exactly', () => {
  const { items, ratings } = smallCase(9, 5, 30, 8);
  const random = rng(3);
  const users = Float32Array.from({ length: 40 * 5 }, () => 0.2 + 0.5 * gaussian(random));
  const userBias = Float32Array.from({ length: 40 }, () => 0.3 + 0.2 * gaussian(random));
  const prior = userPrior(users, userBias, 5, 0.8);
  for (const options of [{ prior }, { wd: 0.1 }]) {
    const folded = foldInDot(items, ratings, options);
    const k = items.k;
    for (let f = 0; f < k; f++) {
      const sum = ratings.reduce((s, r, j) => s + folded.weights[j] * items.vectors[r.item * k + f], 0) / folded.lambda[f];
      assert.ok(Math.abs(folded.centre[f] + sum - folded.vector[f]) < 1e-6, `factor ${f}: ${sum} vs ${folded.vector[f]}`);
    }
    assert.ok(Math.abs(folded.centre[k] + folded.weights.reduce((a, b) => a + b, 0) / folded.lambda[k] - folded.bias) < 1e-6);
    for (const target of [20, 25, 29]) {
      let dot = 0, average = 0;
      for (let f = 0; f < k; f++) { dot += folded.vector[f] * items.vectors[target * k + f]; average += folded.centre[f] * items.vectors[target * k + f]; }
      const shares = exactShares(items.vectors, k, ratings.map((r) => r.item), folded.weights, folded.lambda, target);
      assert.ok(Math.abs(average + shares.reduce((a, b) => a + b, 0) - dot) < 1e-6);
    }
  }
});

test('the prior is the trained users\' mean, with lambda = noise / variance per parameter; no ratings give the mean user', () => {
  const users = Float32Array.of(0, 0, /* #na# */ 1, 2, 3, 2, 5, 8);
  const prior = userPrior(users, Float32Array.of(0, 1, 2, 3), 2, 0.5);
  assert.deepEqual([...prior.vector], [3, 4]);
  assert.equal(prior.bias, 2);
  assert.deepEqual([...prior.lambda], [0.5 / 4, 0.5 / 12, 0.5 / 1]);
  const { items } = smallCase(5, 2, 10, 0);
  const folded = foldInDot(items, [], { prior });
  assert.deepEqual([...folded.vector, folded.bias], [3, 4, 2]);
});

test('the parts of a prediction add up: logits to x, rating steps to sigmoid_range(x)', () => {
  for (const [bi, bu, dot] of [[0.4, -0.2, 0.9], [-1.5, 0.3, -0.7], [0, 0, 0]]) {
    const parts = predictionParts(bi, bu, dot, [0, 5.5]);
    const x = bi + bu + dot;
    const l = parts.logit;
    assert.ok(Math.abs(l.offset + l.itemBias + l.userBias + l.interaction - x) < 1e-12);
    const r = parts.rating!;
    assert.equal(r.offset, 2.75, 'the global offset is sigmoid_range(0) = (lo + hi) / 2');
    assert.ok(Math.abs(r.offset + r.itemBias + r.userBias + r.interaction - sigmoidRange(x, 0, 5.5)) < 1e-12);
    assert.equal(parts.prediction, sigmoidRange(x, 0, 5.5));
  }
});

test('no ratings and no prior: the zero user', () => {
  const { items } = smallCase(5, 3, 10, 0);
  const folded = foldInDot(items, []);
  assert.deepEqual([...folded.vector], [0, 0, 0]);
  assert.equal(folded.bias, 0);
});

test('NN fold-in: the hand-written gradient matches finite differences, and the fit beats the zero user', () => {
  const random = rng(11);
  const model = EmbeddingNN.create(3, 20, 4, 5, [8, 6], [0, 5.5], random);
  // give BatchNorm non-trivial running statistics
  for (const h of model.weights.hidden) {
    h.runningMean.forEach((_, o) => { h.runningMean[o] = 0.1 * gaussian(random); h.runningVar[o] = 0.5 + random(); });
  }
  for (let i = 0; i < model.weights.itemEmbedding.length; i++) model.weights.itemEmbedding[i] = gaussian(random);
  const side = { weights: model.weights, userDim: 4, itemDim: 5, yRange: [0, 5.5] as const };
  const u = [0.3, -0.5, 0.8, 0.1];
  const grad = new Float64Array(4);
  nnForwardUser(side, u, 7, grad);
  for (let f = 0; f < 4; f++) {
    const up = u.slice(); up[f] += 1e-6;
    const down = u.slice(); down[f] -= 1e-6;
    const fd = (nnForwardUser(side, up, 7) - nnForwardUser(side, down, 7)) / 2e-6;
    assert.ok(Math.abs(fd - grad[f]) < 1e-5, `d/du${f}: ${grad[f]} vs ${fd}`);
  }
  // the forward is the model's predict for a stored user
  model.weights.userEmbedding.set(u.map(Math.fround), 4);
  assert.ok(Math.abs(nnForwardUser(side, model.weights.userEmbedding.subarray(4, 8), 7) - model.predict(Int32Array.of(1), Int32Array.of(7))[0]) < 1e-5);
  const ratings = [{ item: 1, rating: 5 }, { item: 2, rating: 1 }, { item: 3, rating: 4 }];
  const folded = foldInNn(side, ratings, { wd: 0.1 });
  const zero = ratings.reduce((s, r) => s + (nnForwardUser(side, [0, 0, 0, 0], r.item) - r.rating) ** 2, 0);
  assert.ok(folded.objective < zero, `${folded.objective} < ${zero}`);
});
