/**
 * Fold-in: a new user's factors and bias from a handful of (item, rating) pairs, the item side fixed
 * (the book's cold start, LensKit's ridge solve, implicit's recalculate_user).
 *
 * Dot model. The unknowns are theta = (u, b_u) (factors + 1 numbers); the objective is
 *   L(theta) = sum_r (sigmoid_range(u . i_r + b_u + b_ir, lo, hi) - y_r)^2 + lambda * (|u|^2 + b_u^2)
 * with lambda = n * wd: the book's weight decay, "loss + wd * (parameters**2).sum()" with the loss a
 * mean over the person's n ratings (multiplied through by n). Training itself uses decoupled
 * (AdamW-style) decay, p *= 1 - lr * wd on the rows a batch touches, which is not the gradient of any
 * loss term once Adam rescales the gradient, so no penalty reproduces it exactly; the book's L2 form
 * is the one with a stated meaning, and bench/fold-in.mjs measures it (and other lambdas) on ML-100K.
 * Minimised by Levenberg-Marquardt (damped Gauss-Newton): solve (J'J + lambda I + mu I) d = -g with a
 * Cholesky factorisation, accept d when L falls, else raise mu. At the optimum the gradient is zero:
 *   u = sum_r w_r i_r and b_u = sum_r w_r,  w_r = (y_r - yhat_r) * s'(x_r) / lambda
 * which makes the explanation in explain.ts exact (each rated item's share of u . i).
 */
import { sigmoidRange } from '../model/math';

/** One rating of the person being folded in: an item vocabulary index and the rating. */
export interface FoldRating {
  item: number;
  rating: number;
}

/** The fixed item side of a dot model. */
export interface ItemSide {
  /** Row-major nItems x k. */
  vectors: Float32Array;
  /** Item biases (absent for imported factors: counted as 0). */
  bias?: Float32Array;
  k: number;
  /** sigmoid_range bounds; absent leaves the raw sum (imported factors). */
  yRange?: readonly [number, number];
}

/** A folded-in user. */
export interface FoldedUser {
  vector: Float64Array;
  bias: number;
  /** The L2 penalty weight lambda used. */
  lambda: number;
  /** Objective at the solution, and Levenberg-Marquardt iterations taken. */
  objective: number;
  iterations: number;
  /** Per rating: w_r = (y_r - yhat_r) s'(x_r) / lambda (u = sum w_r i_r at the optimum; 0 when lambda is 0). */
  weights: Float64Array;
}

export interface FoldOptions {
  /** Training weight decay (fastai's wd; default 0.1): lambda = n * wd unless `lambda` is given. */
  wd?: number;
  lambda?: number;
  maxIterations?: number;
  /** Fit the user bias too (default true when the items have biases). */
  withBias?: boolean;
}

/** sigmoid_range and its derivative with respect to x (x itself without a yRange). */
function squash(x: number, range: ItemSide['yRange']): [number, number] {
  if (!range) return [x, 1];
  const [lo, hi] = range;
  const s = 1 / (1 + Math.exp(-x));
  return [sigmoidRange(x, lo, hi), (hi - lo) * s * (1 - s)];
}

/** Folds in a dot-model user from ratings; zero ratings give the zero user (bias-only ranking). */
export function foldInDot(items: ItemSide, ratings: readonly FoldRating[], options: FoldOptions = {}): FoldedUser {
  const { k, vectors, bias, yRange } = items;
  const n = ratings.length;
  const lambda = options.lambda ?? n * (options.wd ?? 0.1);
  const withBias = options.withBias ?? bias !== undefined;
  const p = withBias ? k + 1 : k;
  const theta = new Float64Array(p);
  const feature = (r: number, j: number): number => (j < k ? vectors[ratings[r].item * k + j] : 1);
  const logit = (t: Float64Array, r: number): number => {
    const i = ratings[r].item;
    let x = (bias?.[i] ?? 0) + (withBias ? t[k] : 0);
    for (let j = 0; j < k; j++) x += t[j] * vectors[i * k + j];
    return x;
  };
  const objective = (t: Float64Array): number => {
    let sum = 0;
    for (let r = 0; r < n; r++) { const e = squash(logit(t, r), yRange)[0] - ratings[r].rating; sum += e * e; }
    for (let j = 0; j < p; j++) sum += lambda * t[j] * t[j];
    return sum;
  };
  let current = objective(theta);
  let mu = 1e-3;
  let iterations = 0;
  const maxIterations = options.maxIterations ?? 100;
  const h = new Float64Array(p * p);
  const g = new Float64Array(p);
  const trial = new Float64Array(p);
  while (n > 0 && iterations < maxIterations) {
    iterations++;
    h.fill(0);
    g.fill(0);
    for (let r = 0; r < n; r++) {
      const [yhat, d] = squash(logit(theta, r), yRange);
      const e = yhat - ratings[r].rating;
      for (let a = 0; a < p; a++) {
        const ja = d * feature(r, a);
        g[a] += e * ja;
        for (let b = 0; b <= a; b++) h[a * p + b] += ja * d * feature(r, b);
      }
    }
    let gradNorm = 0;
    for (let a = 0; a < p; a++) { g[a] += lambda * theta[a]; gradNorm = Math.max(gradNorm, Math.abs(g[a])); }
    if (gradNorm < 1e-10) break;
    let improved = false;
    while (mu < 1e12) {
      const step = solveDamped(h, g, p, lambda + mu);
      for (let a = 0; a < p; a++) trial[a] = theta[a] - step[a];
      const next = objective(trial);
      if (next < current) {
        const gain = current - next;
        theta.set(trial);
        current = next;
        mu = Math.max(mu / 10, 1e-9);
        improved = true;
        if (gain < 1e-14 * Math.max(1, current)) iterations = maxIterations;
        break;
      }
      mu *= 10;
    }
    if (!improved) break;
  }
  const weights = new Float64Array(n);
  if (lambda > 0) {
    for (let r = 0; r < n; r++) {
      const [yhat, d] = squash(logit(theta, r), yRange);
      weights[r] = (ratings[r].rating - yhat) * d / lambda;
    }
  }
  return { vector: theta.slice(0, k), bias: withBias ? theta[k] : 0, lambda, objective: current, iterations, weights };
}

/** Solves (H + damping I) x = g for the lower triangle of symmetric H by Cholesky; returns x. */
export function solveDamped(h: Float64Array, g: Float64Array, p: number, damping: number): Float64Array {
  const l = new Float64Array(p * p);
  for (let a = 0; a < p; a++) {
    for (let b = 0; b <= a; b++) {
      let sum = h[a * p + b] + (a === b ? damping : 0);
      for (let c = 0; c < b; c++) sum -= l[a * p + c] * l[b * p + c];
      l[a * p + b] = a === b ? Math.sqrt(Math.max(sum, 1e-300)) : sum / l[b * p + b];
    }
  }
  const y = new Float64Array(p);
  for (let a = 0; a < p; a++) {
    let sum = g[a];
    for (let c = 0; c < a; c++) sum -= l[a * p + c] * y[c];
    y[a] = sum / l[a * p + a];
  }
  for (let a = p - 1; a >= 0; a--) {
    let sum = y[a];
    for (let c = a + 1; c < p; c++) sum -= l[c * p + a] * y[c];
    y[a] = sum / l[a * p + a];
  }
  return y;
}
