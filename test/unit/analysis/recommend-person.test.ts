import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildSideIndex, createAnalysisIndex } from '../../../src/core/analysis/analysis-index';
import { recommendForRatings, resolveRatings, runPrior } from '../../../src/core/analysis/person';
import { questionnaire } from '../../../src/core/analysis/questionnaire';
import { ratingScale } from '../../../src/core/analysis/rating-scale';
import { defaultYRange } from '../../../src/core/model';
import { EmbeddingNN } from '../../../src/core/model/nn';
import type { LoadedRun } from '../../../src/core/run/types';
import { gaussian, plantedRun, rng } from './planted-run';

const planted = plantedRun();
const index = createAnalysisIndex(planted.run);

test('the questionnaire: the most rated item first, then the pool item farthest (by cosine) from those picked', () => {
  const labels = ['#na#', 'A', 'B', 'C', 'D', 'E'];
  const vectors = Float32Array.of(0, 0, 1, 0, 0.99, 0.1, 0, 1, -1, 0, 0, -1);
  const side = buildSideIndex({ side: 'items', labels, n: 6, dim: 2, vectors, count: [0, 100, 90, 80, 70, 1] });
  assert.deepEqual(questionnaire(side, 3, { pool: 4 }).map((q) => q.label), ['A', 'D', 'C']);
  // E (opposite C) is rarely rated: only a larger pool lets it in
  assert.deepEqual(questionnaire(side, 4, { pool: 5 }).map((q) => q.label), ['A', 'D', 'C', 'E']);
  assert.deepEqual(questionnaire(side, 2, { pool: 4, exclude: [1] }).map((q) => q.label), ['B', 'D']);
});

test('the questionnaire on the planted run spans the three genres', () => {
  const picked = questionnaire(index.side('items'), 6);
  assert.equal(picked.length, 6);
  const clusters = new Set(picked.map((q) => planted.itemCluster[q.index]).filter((c) => c >= 0));
  assert.equal(clusters.size, 3);
});

test('rating Westerns high and Space Operas and a Film Noir low recommends Westerns, leaves the rated out, and explains with Westerns', () => {
  const resolved = resolveRatings(index, [
    { item: 'Western 1 (1990)', rating: 5 }, { item: 'Western 2 (1991)', rating: 5 }, { item: 'Western 3 (1992)', rating: 4 },
    { item: 'Space Opera 1 (1990)', rating: 1 }, { item: 'Space Opera 2 (1991)', rating: 2 }, { item: 'Film Noir 1 (1990)', rating: 1 },
  ]);
  assert.ok(resolved.ok);
  const result = recommendForRatings(index, resolved.ratings, { k: 6, minCount: 0 });
  assert.equal(result.kind, 'fold-in');
  assert.equal(result.contributions, 'exact');
  const rated = new Set(resolved.ratings.map((r) => r.item));
  for (const r of result.items) {
    assert.ok(!rated.has(r.index));
    assert.ok(planted.itemCluster[r.index] === 0 || planted.good.includes(r.index), `${r.label} is neither a Western nor a classic`);
    const p = r.parts!;
    assert.ok(Math.abs(p.rating!.offset + p.rating!.itemBias + p.rating!.userBias + p.rating!.interaction - r.predicted) < 1e-5);
    // the average taste and every rated item's share add up to the interaction logit (top 3 shown of the 6)
    assert.ok(r.because.length <= 3);
  }
  const western = result.items.find((r) => planted.itemCluster[r.index] === 0)!;
  // Pulls up: a Western rated high (similar and liked) or another genre rated low (unlike what was disliked).
  for (const c of western.because) assert.ok(/^Western/.test(c.label) ? c.rating >= 4 : c.rating <= 2, `${c.label} ${c.rating}`);
  assert.ok(western.because.some((c) => /^Western/.test(c.label)));
  assert.match(western.why, /because you rated /);
});

test('no ratings: the stated fallback is the average trained user', () => {
  const result = recommendForRatings(index, [], { k: 2, minCount: 0 });
  assert.equal(result.kind, 'no-ratings');
  const prior = runPrior(index)!;
  assert.deepEqual(result.user.vector, [...prior.vector]);
  assert.equal(result.user.bias, prior.bias);
  assert.ok(result.notes.some((n) => /No ratings/.test(n)));
});

test('min count leaves out rarely rated items', () => {
  const counts = planted.run.manifest.stats!.itemCount;
  for (const r of recommendForRatings(index, [], { k: 10, minCount: 40 }).items) assert.ok(counts[r.index] >= 40);
});

test('bad ratings: unknown titles get suggestions, duplicates and ratings off the scale are errors', () => {
  const unknown = resolveRatings(index, [{ item: 'Westren 1 (1990)', rating: 4 }]);
  assert.ok(!unknown.ok && unknown.suggestions.includes('Western 1 (1990)'));
  const twice = resolveRatings(index, [{ item: 'Western 1 (1990)', rating: 4 }, { item: 'western 1 (1990)', rating: 2 }]);
  assert.ok(!twice.ok && /rated twice/.test(twice.error));
  const off = resolveRatings(index, [{ item: 'Western 1 (1990)', rating: 7 }]);
  assert.ok(!off.ok && /outside this run's rating scale 1-5/.test(off.error));
});

test('the rating scale is read back from the default yRange: whole stars 1-5, half stars 0.5-5', () => {
  assert.deepEqual(ratingScale({ config: { yRange: defaultYRange([1, 5]) } as never }), { min: 1, max: 5, step: 1 });
  assert.deepEqual(ratingScale({ config: { yRange: defaultYRange([0.5, 5]) } as never }), { min: 0.5, max: 5, step: 0.5 });
  assert.deepEqual(ratingScale({ config: { yRange: [0, 5.5] } as never }), { min: 1, max: 5, step: 1 });
  assert.equal(ratingScale({}), undefined);
});

test('an NN run: the user embedding is folded in (the fit beats the average user), items explained by similarity', () => {
  const random = rng(5);
  const nItems = 30;
  const model = EmbeddingNN.create(6, nItems, 4, 6, [10], [0, 5.5], random);
  for (let i = 0; i < model.weights.itemEmbedding.length; i++) model.weights.itemEmbedding[i] = gaussian(random);
  for (let i = 0; i < model.weights.userEmbedding.length; i++) model.weights.userEmbedding[i] = 0.3 * gaussian(random);
  const items = ['#na#', ...Array.from({ length: nItems - 1 }, (_, i) => `Item ${i + 1}`)];
  const run: LoadedRun = {
    dir: '',
    manifest: {
      version: 1, id: 'nn', createdAt: '', origin: 'trained',
      config: { model: 'nn', factors: 0, layers: [10], dropout: 0, epochs: 1, lr: 0.005, wd: 0.1, bs: 64, validPct: 0.2, seed: 1, yRange: [0, 5.5] },
      vocab: { users: ['#na#', 'a', 'b', 'c', 'd', 'e'], items }, tensors: [], metrics: [],
    },
    tensors: new Map(model.tensors().map((t) => [t.name, { shape: t.shape, data: t.data }])),
  };
  const nnIndex = createAnalysisIndex(run);
  const rated = [{ item: 1, rating: 5, label: 'Item 1' }, { item: 2, rating: 1, label: 'Item 2' }, { item: 3, rating: 4, label: 'Item 3' }];
  const result = recommendForRatings(nnIndex, rated, { k: 5, minCount: 0 });
  assert.equal(result.model, 'nn');
  assert.equal(result.contributions, 'similarity');
  assert.equal(result.items.length, 5);
  assert.ok(result.items.every((r) => !rated.some((x) => x.item === r.index) && Number.isFinite(r.predicted)));
  const prior = runPrior(nnIndex)!;
  const sse = (u: ArrayLike<number>) => rated.reduce((s, r) => {
    const one = new EmbeddingNN(1, nItems, 4, 6, [0, 5.5], { ...model.weights, userEmbedding: Float32Array.from(u) });
    return s + (one.predict(Int32Array.of(0), Int32Array.of(r.item))[0] - r.rating) ** 2;
  }, 0);
  assert.ok(sse(result.user.vector) < sse(prior.vector), 'the fold-in fits the ratings better than the average user');
});
