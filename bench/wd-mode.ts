/**
 * The benchmark that decided how sparse Adam applies weight decay (src/core/train/dot-engine.ts).
 * A plain TypeScript trainer of the dot recipe with three optimiser variants, same init, schedule
 * and shuffles:
 *   touched   sparse Adam; decay p *= 1 - lr*wd only on rows the batch touches (what we ship)
 *   catch-up  sparse Adam; rows untouched for steps s..t-1 are first decayed by prod(1 - lr_s*wd),
 *             i.e. exactly fastai's decay of the weights (only dense Adam's stale-momentum drift is missing)
 *   dense     fastai's dense Adam: every row, every step (untouched rows decay and keep moving on
 *             their old momentum); the reference semantics, O(table) per step
 * Prints one JSON line with valid MSE and seconds per variant.
 */
import type { RatingsDataset } from '../src/core/data/types';
import type { EmbeddingDotBias } from '../src/core/model/dot';
import { createModel } from '../src/core/model';
import { seededRandom } from '../src/core/data/random';
import { oneCycle } from '../src/core/train/schedule';
import { ADAM_BETA2, ADAM_EPS } from '../src/core/train/adam';

export type WdMode = 'touched' | 'catch-up' | 'dense';

interface Table {
  p: Float32Array;
  m: Float32Array;
  v: Float32Array;
  g: Float32Array;
  /** Step at which each row's decay was last applied (catch-up). */
  last: Int32Array;
  touched: Uint8Array;
}

function table(rows: number, width: number, weights: Float32Array, bias: Float32Array, k: number): Table {
  const p = new Float32Array(rows * width);
  for (let r = 0; r < rows; r++) {
    p.set(weights.subarray(r * k, (r + 1) * k), r * width);
    p[r * width + k] = bias[r];
  }
  const n = rows * width;
  return { p, m: new Float32Array(n), v: new Float32Array(n), g: new Float32Array(n), last: new Int32Array(rows), touched: new Uint8Array(rows) };
}

/** Trains the dot recipe with one weight-decay variant; returns the final valid MSE. */
export function trainWdMode(data: RatingsDataset, mode: WdMode, o = { epochs: 5, lr: 5e-3, wd: 0.1, bs: 64, k: 50, seed: 42 }): number {
  const nUsers = data.userVocab.labels.length;
  const nItems = data.itemVocab.labels.length;
  const config = { model: 'dot' as const, factors: o.k, layers: [], dropout: 0, epochs: o.epochs, lr: o.lr, wd: o.wd, bs: o.bs, validPct: 0.2, seed: o.seed };
  const model = createModel(config, nUsers, nItems, [0, 5.5], o.seed) as EmbeddingDotBias;
  const w = o.k + 1;
  const U = table(nUsers, w, model.weights.userWeight, model.weights.userBias, o.k);
  const I = table(nItems, w, model.weights.itemWeight, model.weights.itemBias, o.k);
  const steps = Math.floor(data.train.length / o.bs);
  const total = steps * o.epochs;
  const { lr, mom } = oneCycle(total, { lrMax: o.lr });
  const cumLog = new Float64Array(total + 1);
  for (let t = 1; t <= total; t++) cumLog[t] = cumLog[t - 1] + Math.log(1 - lr[t - 1] * o.wd);
  const catchUp = (T: Table, row: number, t: number): void => {
    const f = Math.exp(cumLog[t] - cumLog[T.last[row]]);
    for (let k = 0; k < w; k++) T.p[row * w + k] *= f;
    T.last[row] = t;
  };
  const order = Uint32Array.from(data.train);
  const random = seededRandom(o.seed + 1);
  const rowsOf = new Int32Array(o.bs * 2);
  let t = 0;
  const predict = (u: number, i: number): number => {
    let x = 0;
    for (let k = 0; k <= o.k; k++) x += k < o.k ? U.p[u * w + k] * I.p[i * w + k] : U.p[u * w + k] + I.p[i * w + k];
    return 5.5 / (1 + Math.exp(-x));
  };
  const adamRow = (T: Table, row: number, b1: number, step: number, rdb2: number, decay: number): void => {
    for (let k = row * w; k < (row + 1) * w; k++) {
      const g = T.g[k];
      T.g[k] = 0;
      T.m[k] = b1 * T.m[k] + (1 - b1) * g;
      T.v[k] = ADAM_BETA2 * T.v[k] + (1 - ADAM_BETA2) * g * g;
      T.p[k] = T.p[k] * decay - (step * T.m[k]) / (Math.sqrt(T.v[k] * rdb2) + ADAM_EPS);
    }
  };
  for (let epoch = 0; epoch < o.epochs; epoch++) {
    for (let j = order.length - 1; j > 0; j--) {
      const s = Math.floor(random() * (j + 1));
      [order[j], order[s]] = [order[s], order[j]];
    }
    for (let b = 0; b < steps; b++) {
      t++;
      let nTouched = 0;
      for (let j = 0; j < o.bs; j++) {
        const r = order[b * o.bs + j];
        const u = data.users[r];
        const i = data.items[r];
        for (const [T, row] of [[U, u], [I, i]] as const) {
          if (!T.touched[row]) {
            T.touched[row] = 1;
            rowsOf[nTouched++] = T === U ? row : -1 - row;
            if (mode === 'catch-up') catchUp(T, row, t - 1);
          }
        }
        const pred = predict(u, i);
        const s = pred / 5.5;
        const g = (2 / o.bs) * (pred - data.ratings[r]) * 5.5 * s * (1 - s);
        for (let k = 0; k < o.k; k++) {
          U.g[u * w + k] += g * I.p[i * w + k];
          I.g[i * w + k] += g * U.p[u * w + k];
        }
        U.g[u * w + o.k] += g;
        I.g[i * w + o.k] += g;
      }
      const b1 = mom[t - 1];
      const step = lr[t - 1] / (1 - Math.pow(b1, t));
      const rdb2 = 1 / (1 - Math.pow(ADAM_BETA2, t));
      const decay = 1 - lr[t - 1] * o.wd;
      if (mode === 'dense') {
        for (let u = 0; u < nUsers; u++) adamRow(U, u, b1, step, rdb2, decay);
        for (let i = 0; i < nItems; i++) adamRow(I, i, b1, step, rdb2, decay);
      }
      for (let q = 0; q < nTouched; q++) {
        const [T, row] = rowsOf[q] >= 0 ? [U, rowsOf[q]] : [I, -1 - rowsOf[q]];
        if (mode !== 'dense') adamRow(T, row, b1, step, rdb2, decay);
        T.touched[row] = 0;
        T.last[row] = t;
      }
    }
  }
  if (mode === 'catch-up') {
    for (let u = 0; u < nUsers; u++) catchUp(U, u, t);
    for (let i = 0; i < nItems; i++) catchUp(I, i, t);
  }
  let se = 0;
  for (const r of data.valid) se += (predict(data.users[r], data.items[r]) - data.ratings[r]) ** 2;
  return se / data.valid.length;
}
