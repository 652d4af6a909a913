/** UserScorers: one user's predicted ratings over every item, for the ranking metrics. */
import type { EmbeddingDotBias } from '../model/dot';
import { sigmoidRange } from '../model/math';
import type { CollabModel } from '../model/types';
import type { UserScorer } from './ranking';

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

/** The fastest scorer for `model`: the dot formula for the dot model, batch predict otherwise. */
export function userScorerFor(model: CollabModel): UserScorer {
  return model.kind === 'dot' ? dotUserScorer(model as EmbeddingDotBias) : modelUserScorer(model);
}

/** A user-independent ranking by a fixed score per item (popularity, item bias). */
export function itemScoreScorer(itemScores: ArrayLike<number>): UserScorer {
  return (_u, out) => {
    for (let i = 0; i < out.length; i++) out[i] = itemScores[i];
  };
}
