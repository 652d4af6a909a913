/** Scorers: users' predicted ratings over every item, for the ranking metrics. */
import type { EmbeddingDotBias } from '../model/dot';
import { sigmoidRange } from '../model/math';
import type { CollabModel } from '../model/types';
import type { BlockScorer, Scorer, UserScorer } from './ranking';

/**
 * The dot model's sigmoid_range(u . i + bu + bi) for one user against every item, accumulated in
 * float64 from the float32 weights (the user's row is copied once, the item table read in order).
 */
export function dotUserScorer(model: EmbeddingDotBias): UserScorer {
  const { userWeight, itemWeight, userBias, itemBias } = model.weights;
  const k = model.nFactors, nItems = model.nItems;
  const [lo, hi] = model.yRange;
  const row = new Float64Array(k);
  return (u, out) => {
    for (let f = 0; f < k; f++) row[f] = userWeight[u * k + f];
    const bu = userBias[u];
    for (let i = 0, base = 0; i < nItems; i++, base += k) {
      let dot = 0;
      for (let f = 0; f < k; f++) dot += row[f] * itemWeight[base + f];
      out[i] = sigmoidRange(bu + itemBias[i] + dot, lo, hi);
    }
  };
}

/** Users scored together by the dot scorer: 4 accumulators per item row (~3x one user at a time). */
const DOT_BLOCK = 4;

/**
 * The dot model's scores for up to 4 users per call: each item row is read once for all of them,
 * and the 4 independent sums keep the CPU busy. Each user's sum runs over the factors in order, as
 * dotUserScorer's does, so both give the same float64 scores.
 */
export function dotScorer(model: EmbeddingDotBias): BlockScorer {
  const { userWeight, itemWeight, userBias, itemBias } = model.weights;
  const k = model.nFactors, nItems = model.nItems;
  const [lo, hi] = model.yRange;
  const rows = new Float64Array(DOT_BLOCK * k);
  const biases = new Float64Array(DOT_BLOCK);
  return {
    blockSize: DOT_BLOCK,
    score(users, count, out) {
      rows.fill(0);
      for (let j = 0; j < count; j++) {
        const u = users[j];
        for (let f = 0; f < k; f++) rows[j * k + f] = userWeight[u * k + f];
        biases[j] = userBias[u];
      }
      const k2 = 2 * k, k3 = 3 * k;
      for (let i = 0, base = 0; i < nItems; i++, base += k) {
        let a = 0, b = 0, c = 0, d = 0;
        for (let f = 0; f < k; f++) {
          const w = itemWeight[base + f];
          a += rows[f] * w;
          b += rows[k + f] * w;
          c += rows[k2 + f] * w;
          d += rows[k3 + f] * w;
        }
        const bi = itemBias[i];
        out[i] = sigmoidRange(biases[0] + bi + a, lo, hi);
        if (count > 1) out[nItems + i] = sigmoidRange(biases[1] + bi + b, lo, hi);
        if (count > 2) out[2 * nItems + i] = sigmoidRange(biases[2] + bi + c, lo, hi);
        if (count > 3) out[3 * nItems + i] = sigmoidRange(biases[3] + bi + d, lo, hi);
      }
    },
  };
}

/** Any model through its batch predict (the NN model): the user paired with every item. */
export function modelUserScorer(model: CollabModel): UserScorer {
  const items = Int32Array.from({ length: model.nItems }, (_, i) => i);
  const users = new Int32Array(model.nItems);
  return (u, out) => {
    users.fill(u);
    const scores = model.predict(users, items);
    for (let i = 0; i < scores.length; i++) out[i] = scores[i];
  };
}

/** The fastest scorer for `model`: the blocked dot formula for the dot model, batch predict otherwise. */
export function scorerFor(model: CollabModel): Scorer {
  return model.kind === 'dot' ? dotScorer(model as EmbeddingDotBias) : modelUserScorer(model);
}

/** A user-independent ranking by a fixed score per item (popularity, item bias). */
export function itemScoreScorer(itemScores: ArrayLike<number>): UserScorer {
  return (_u, out) => {
    for (let i = 0; i < out.length; i++) out[i] = itemScores[i];
  };
}
