/** Scorers: users' predicted ratings over every item, for the ranking metrics. */
import type { EmbeddingDotBias } from '../model/dot';
import { BN_EPS as NN_BN_EPS, type EmbeddingNN } from '../model/nn';
import { sigmoidRange } from '../model/math';
import type { CollabModel } from '../model/types';
import type { BlockScorer, Scorer, UserScorer } from './ranking';
import { dotTopScorer } from './dot-top';

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

/** Users scored together by the ranking dot scorer: 8 accumulators per item row. */
const DOT_BLOCK = 8;

/**
 * The dot model's raw scores u . i + bu + bi for up to 8 users per call, its sigmoid_range as the
 * scorer's `link` (the top-k applies it only to the few items that may enter a list). Each item
 * row is read once for all of them, from a float64 copy of the item table made once (no float32
 * conversion in the inner loop); each user's sum runs over the factors in order, as dotUserScorer's
 * does, so link(raw) is exactly dotUserScorer's score.
 */
export function dotRankScorer(model: EmbeddingDotBias): BlockScorer {
  const { userWeight, itemWeight, userBias } = model.weights;
  const k = model.nFactors, nItems = model.nItems;
  const [lo, hi] = model.yRange;
  const items = Float64Array.from(itemWeight);
  const itemBias = Float64Array.from(model.weights.itemBias);
  const rows = new Float64Array(DOT_BLOCK * k);
  const biases = new Float64Array(DOT_BLOCK);
  return {
    blockSize: DOT_BLOCK,
    link: (raw) => sigmoidRange(raw, lo, hi),
    score(users, count, out) {
      rows.fill(0);
      biases.fill(0);
      for (let j = 0; j < count; j++) {
        const u = users[j];
        for (let f = 0; f < k; f++) rows[j * k + f] = userWeight[u * k + f];
        biases[j] = userBias[u];
      }
      dotBlock(rows, biases, items, itemBias, k, nItems, count, out);
    },
  };
}

/** out[j * nItems + i] = biases[j] + itemBias[i] + rows[j] . items[i] for j < count (8 rows, summed over f in order). */
function dotBlock(rows: Float64Array, biases: Float64Array, items: Float64Array, itemBias: Float64Array,
  k: number, nItems: number, count: number, out: Float64Array): void {
  const r1 = k, r2 = 2 * k, r3 = 3 * k, r4 = 4 * k, r5 = 5 * k, r6 = 6 * k, r7 = 7 * k;
  const b0 = biases[0], b1 = biases[1], b2 = biases[2], b3 = biases[3], b4 = biases[4], b5 = biases[5], b6 = biases[6], b7 = biases[7];
  for (let i = 0, base = 0; i < nItems; i++, base += k) {
    let a0 = 0, a1 = 0, a2 = 0, a3 = 0, a4 = 0, a5 = 0, a6 = 0, a7 = 0;
    for (let f = 0; f < k; f++) {
      const w = items[base + f];
      a0 += rows[f] * w;
      a1 += rows[r1 + f] * w;
      a2 += rows[r2 + f] * w;
      a3 += rows[r3 + f] * w;
      a4 += rows[r4 + f] * w;
      a5 += rows[r5 + f] * w;
      a6 += rows[r6 + f] * w;
      a7 += rows[r7 + f] * w;
    }
    const bi = itemBias[i];
    out[i] = b0 + bi + a0;
    if (count > 1) out[nItems + i] = b1 + bi + a1;
    if (count > 2) out[2 * nItems + i] = b2 + bi + a2;
    if (count > 3) out[3 * nItems + i] = b3 + bi + a3;
    if (count > 4) out[4 * nItems + i] = b4 + bi + a4;
    if (count > 5) out[5 * nItems + i] = b5 + bi + a5;
    if (count > 6) out[6 * nItems + i] = b6 + bi + a6;
    if (count > 7) out[7 * nItems + i] = b7 + bi + a7;
  }
}

/** The dot model's scores (sigmoid_range applied) for up to 8 users per call: dotRankScorer with its link applied. */
export function dotScorer(model: EmbeddingDotBias): BlockScorer {
  const raw = dotRankScorer(model);
  const link = raw.link!;
  const nItems = model.nItems;
  return {
    blockSize: raw.blockSize,
    score(users, count, out) {
      raw.score(users, count, out);
      for (let p = 0; p < count * nItems; p++) out[p] = link(out[p]);
    },
  };
}

/**
 * The NN model's scores for one user against every item, with its first layer split at the
 * user/item boundary: W1 [u; i] = W1u u + W1i i, the item half computed once for all items and the
 * user half once per user, so a pair costs the later layers only (about 4x fewer multiply-adds on
 * [100, 50] than EmbeddingNN.predict). Same formula in float64; the first layer's sum is split in two,
 * so scores agree with predict to rounding (~1e-12), not bit for bit.
 */
export function nnUserScorer(model: EmbeddingNN): UserScorer {
  const { userEmbedding, itemEmbedding, hidden, outWeight, outBias } = model.weights;
  const du = model.userDim, di = model.itemDim, nItems = model.nItems;
  const [lo, hi] = model.yRange;
  const first = hidden[0];
  const n1 = first.nOut;
  // Item half of layer 1 for every item: nItems x n1.
  const itemPart = new Float64Array(nItems * n1);
  for (let i = 0; i < nItems; i++) {
    for (let o = 0; o < n1; o++) {
      let z = 0;
      const w = o * first.nIn + du;
      for (let f = 0; f < di; f++) z += first.weight[w + f] * itemEmbedding[i * di + f];
      itemPart[i * n1 + o] = z;
    }
  }
  const scale = hidden.map((h) => Float64Array.from({ length: h.nOut }, (_, o) => h.bnWeight[o] / Math.sqrt(h.runningVar[o] + NN_BN_EPS)));
  const width = Math.max(...hidden.map((h) => h.nOut));
  const userPart = new Float64Array(n1);
  let x = new Float64Array(width), y = new Float64Array(width);
  return (u, out) => {
    for (let o = 0; o < n1; o++) {
      let z = 0;
      const w = o * first.nIn;
      for (let f = 0; f < du; f++) z += first.weight[w + f] * userEmbedding[u * du + f];
      userPart[o] = z;
    }
    for (let i = 0; i < nItems; i++) {
      for (let o = 0; o < n1; o++) {
        const a = Math.max(0, userPart[o] + itemPart[i * n1 + o]);
        x[o] = (a - first.runningMean[o]) * scale[0][o] + first.bnBias[o];
      }
      for (let l = 1; l < hidden.length; l++) {
        const h = hidden[l];
        for (let o = 0; o < h.nOut; o++) {
          let z = 0;
          const w = o * h.nIn;
          for (let f = 0; f < h.nIn; f++) z += h.weight[w + f] * x[f];
          y[o] = (Math.max(0, z) - h.runningMean[o]) * scale[l][o] + h.bnBias[o];
        }
        [x, y] = [y, x];
      }
      let z = outBias[0];
      for (let f = 0; f < outWeight.length; f++) z += outWeight[f] * x[f];
      out[i] = sigmoidRange(z, lo, hi);
    }
  };
}

/** Any model through its batch predict: the user paired with every item. */
export function modelUserScorer(model: CollabModel): UserScorer {
  const items = Int32Array.from({ length: model.nItems }, (_, i) => i);
  const users = new Int32Array(model.nItems);
  return (u, out) => {
    users.fill(u);
    const scores = model.predict(users, items);
    for (let i = 0; i < scores.length; i++) out[i] = scores[i];
  };
}

/** The fastest scorer for `model`: the pruning dot scorer for the dot model (dot-top.ts), the split-layer NN scorer, batch predict otherwise. */
export function scorerFor(model: CollabModel): Scorer {
  if (model.kind === 'dot') return dotTopScorer(model as EmbeddingDotBias);
  const nn = model as EmbeddingNN;
  return nn.weights.hidden.length > 0 ? nnUserScorer(nn) : modelUserScorer(model);
}

/** A user-independent ranking by a fixed score per item (popularity, item bias). */
export function itemScoreScorer(itemScores: ArrayLike<number>): UserScorer {
  return (_u, out) => {
    for (let i = 0; i < out.length; i++) out[i] = itemScores[i];
  };
}
