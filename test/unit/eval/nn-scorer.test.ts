/** The NN scorer of the ranking metrics (layer 1 split at the user/item boundary) gives the model's own predictions. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createModel } from '../../../src/core/model';
import type { EmbeddingNN } from '../../../src/core/model/nn';
import { nnUserScorer } from '../../../src/core/eval/scorers';
import { seededRandom } from '../../../src/core/data/random';
import type { TrainConfig } from '../../../src/core/run/types';

test('nnUserScorer equals EmbeddingNN.predict for every user and item, to rounding', () => {
  const config: TrainConfig = { model: 'nn', factors: 8, layers: [12, 6], dropout: 0, epochs: 1, lr: 1e-3, wd: 0, bs: 8, validPct: 0.2, seed: 3 };
  const model = createModel(config, 9, 14, [0, 5.5], 3) as EmbeddingNN;
  const random = seededRandom(7);
  // Weights and BatchNorm statistics far from their initial values, so every term matters.
  for (const t of [model.weights.userEmbedding, model.weights.itemEmbedding, model.weights.outWeight]) for (let i = 0; i < t.length; i++) t[i] = random() - 0.5;
  for (const h of model.weights.hidden) {
    for (let i = 0; i < h.weight.length; i++) h.weight[i] = random() - 0.5;
    for (let o = 0; o < h.nOut; o++) { h.runningMean[o] = random() - 0.5; h.runningVar[o] = 0.5 + random(); h.bnWeight[o] = 0.5 + random(); h.bnBias[o] = random() - 0.5; }
  }
  const score = nnUserScorer(model);
  const out = new Float64Array(model.nItems);
  const items = Int32Array.from({ length: model.nItems }, (_, i) => i);
  for (let u = 0; u < model.nUsers; u++) {
    score(u, out);
    const expected = model.predict(new Int32Array(model.nItems).fill(u), items);
    for (let i = 0; i < model.nItems; i++) assert.ok(Math.abs(out[i] - expected[i]) < 1e-5, `user ${u} item ${i}: ${out[i]} vs ${expected[i]}`);
  }
});
