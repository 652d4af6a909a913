/**
 * Fold-in for the NN model (EmbeddingNN): the user embedding only, everything else fixed, by Adam
 * steps on sum_r (yhat_r - y_r)^2 + sum_j lambda_j (u_j - c_j)^2 with the prior of fold-in.ts
 * (userPrior over the trained user embeddings; without one c = 0 and lambda_j = n * wd), starting from c. The forward is
 * the model's inference pass (BatchNorm with running statistics, so each hidden block is
 * Linear -> ReLU -> affine); the backward here is that pass differentiated by hand with respect to
 * the first du inputs, checked against finite differences in test/unit/analysis/fold-in.test.ts.
 */
import { BN_EPS, type NnWeights } from '../model/nn';
import type { FoldRating } from './fold-in';

/** The fixed parts of an NN model a fold-in needs. */
export interface NnSide {
  weights: NnWeights;
  userDim: number;
  itemDim: number;
  yRange: readonly [number, number];
}

export interface NnFoldOptions {
  wd?: number;
  lambda?: number;
  /** Adam steps (default 300) and step size (default 0.02). */
  steps?: number;
  lr?: number;
  /** Centre and weights of the penalty (fold-in.ts userPrior); also the start. */
  prior?: { vector: ArrayLike<number>; lambda: ArrayLike<number> };
}

/** Prediction for (u, item) and, when `grad` is given, adds d yhat / d u into it. */
export function nnForwardUser(side: NnSide, u: ArrayLike<number>, item: number, grad?: Float64Array): number {
  const { weights: w, userDim: du, itemDim: di, yRange: [lo, hi] } = side;
  const acts: Float64Array[] = [];
  const masks: Uint8Array[] = [];
  let x = new Float64Array(du + di);
  for (let f = 0; f < du; f++) x[f] = u[f];
  for (let f = 0; f < di; f++) x[du + f] = w.itemEmbedding[item * di + f];
  for (const h of w.hidden) {
    acts.push(x);
    const y = new Float64Array(h.nOut);
    const mask = new Uint8Array(h.nOut);
    for (let o = 0; o < h.nOut; o++) {
      let z = 0;
      for (let f = 0; f < h.nIn; f++) z += h.weight[o * h.nIn + f] * x[f];
      mask[o] = z > 0 ? 1 : 0;
      y[o] = ((z > 0 ? z : 0) - h.runningMean[o]) / Math.sqrt(h.runningVar[o] + BN_EPS) * h.bnWeight[o] + h.bnBias[o];
    }
    masks.push(mask);
    x = y;
  }
  let z = w.outBias[0];
  for (let f = 0; f < w.outWeight.length; f++) z += w.outWeight[f] * x[f];
  const s = 1 / (1 + Math.exp(-z));
  if (grad) {
    let back = Float64Array.from(w.outWeight, (v) => v * (hi - lo) * s * (1 - s));
    for (let l = w.hidden.length - 1; l >= 0; l--) {
      const h = w.hidden[l];
      const prev = new Float64Array(h.nIn);
      for (let o = 0; o < h.nOut; o++) {
        if (!masks[l][o]) continue;
        const dz = back[o] * h.bnWeight[o] / Math.sqrt(h.runningVar[o] + BN_EPS);
        for (let f = 0; f < h.nIn; f++) prev[f] += dz * h.weight[o * h.nIn + f];
      }
      back = prev;
    }
    for (let f = 0; f < du; f++) grad[f] += back[f];
  }
  return lo + (hi - lo) * s;
}

/** Folds in an NN-model user embedding from ratings (the prior when there are none). */
export function foldInNn(side: NnSide, ratings: readonly FoldRating[], options: NnFoldOptions = {}): { vector: Float64Array; objective: number; lambda: Float64Array } {
  const du = side.userDim;
  const n = ratings.length;
  const lambda = Float64Array.from({ length: du }, (_, f) => options.lambda ?? options.prior?.lambda[f] ?? n * (options.wd ?? 0.1));
  const centre = Float64Array.from({ length: du }, (_, f) => options.prior?.vector[f] ?? 0);
  const u = centre.slice();
  const m = new Float64Array(du);
  const v = new Float64Array(du);
  const lr = options.lr ?? 0.02;
  const steps = n > 0 ? options.steps ?? 300 : 0;
  const objective = (): number => {
    let sum = 0;
    for (const r of ratings) { const e = nnForwardUser(side, u, r.item) - r.rating; sum += e * e; }
    for (let f = 0; f < du; f++) sum += lambda[f] * (u[f] - centre[f]) ** 2;
    return sum;
  };
  const g = new Float64Array(du);
  const dy = new Float64Array(du);
  for (let t = 1; t <= steps; t++) {
    g.fill(0);
    for (const r of ratings) {
      dy.fill(0);
      const e = nnForwardUser(side, u, r.item, dy) - r.rating;
      for (let f = 0; f < du; f++) g[f] += 2 * e * dy[f];
    }
    for (let f = 0; f < du; f++) {
      const gf = g[f] + 2 * lambda[f] * (u[f] - centre[f]);
      m[f] = 0.9 * m[f] + 0.1 * gf;
      v[f] = 0.999 * v[f] + 0.001 * gf * gf;
      u[f] -= lr * (m[f] / (1 - 0.9 ** t)) / (Math.sqrt(v[f] / (1 - 0.999 ** t)) + 1e-8);
    }
  }
  return { vector: u, objective: objective(), lambda };
}
