/**
 * Fold-in: a new user's factors and bias from a handful of (item, rating) pairs, the item side fixed
 * (the book's cold start, LensKit's ridge solve, implicit's recalculate_user).
 *
 * Dot model. The unknowns are theta = (u, b_u) (factors + 1 numbers); the objective is
 *   L(theta) = sum_r (sigmoid_range(u . i_r + b_u + b_ir, lo, hi) - y_r)^2 + sum_j lambda_j (theta_j - c_j)^2
 * Training uses fastai's decoupled (AdamW-style) weight decay, p *= 1 - lr * wd on the rows a batch
 * touches; once Adam rescales the gradient that is not the gradient of any loss term, so no penalty
 * reproduces it. The penalty here is instead a Gaussian prior fitted to the trained users
 * (empirical Bayes, `userPrior`): centre c = the average trained user's factors and bias, and
 * lambda_j = noise / var_j with var_j the variance of parameter j over the trained users and noise
 * the run's last training MSE. A person with few ratings starts as the typical user (not the zero
 * vector, whose predictions sit far from typical: trained user biases absorb the global offset) and
 * moves as far as the evidence allows. Without a prior the book's form is used: "loss + wd *
 * (parameters**2).sum()" with the loss a mean over the person's n ratings, i.e. lambda_j = n * wd,
 * c = 0. bench/fold-in.mjs compares both on ML-100K (the book's form loses to item bias only).
 * Minimised by Levenberg-Marquardt (damped Gauss-Newton): solve (J'J + lambda I + mu I) d = -g with a
 * Cholesky factorisation, accept d when L falls, else raise mu. At the optimum the gradient is zero:
 *   theta_j = c_j + sum_r w_r x_rj / lambda_j,  w_r = (y_r - yhat_r) * s'(x_r),  x_r = (i_r, 1)
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
  /** The penalty weight of each parameter (factors, then the bias). */
  lambda: Float64Array;
  /** Objective at the solution, and Levenberg-Marquardt iterations taken. */
  objective: number;
  iterations: number;
  /** Per rating: w_r = (y_r - yhat_r) s'(x_r); at the optimum theta_j = c_j + sum_r w_r x_rj / lambda_j. */
  weights: Float64Array;
  /** The centre c of the penalty (factors, then the bias). */
  centre: Float64Array;
}

export interface FoldOptions {
  /** Training weight decay (fastai's wd; default 0.1): lambda = n * wd unless `lambda` is given. */
  wd?: number;
  /** One penalty weight for every parameter (overrides the prior's and the book's). */
  lambda?: number;
  maxIterations?: number;
  /** Fit the user bias too (default true when the items have biases). */
  withBias?: boolean;
  /** The Gaussian prior of `userPrior` (default: centre 0, lambda n * wd). */
  prior?: UserPrior;
}

/** A diagonal Gaussian prior over a user's factors and bias, as fold-in penalties. */
export interface UserPrior {
  /** The average trained user. */
  vector: Float64Array;
  bias: number;
  /** noise / variance, per factor then the bias (length k + 1). */
  lambda: Float64Array;
}

/**
 * The prior fitted to the trained users of a row-major user table ('#na#', row `skip`, left out):
 * mean and variance of each factor and of the bias; lambda_j = noise / var_j (noise: the training MSE).
 */
export function userPrior(userWeight: Float32Array, userBias: Float32Array | undefined, k: number, noise: number, skip = 0): UserPrior {
  const n = userWeight.length / k;
  const sum = new Float64Array(k + 1);
  const sq = new Float64Array(k + 1);
  let rows = 0;
  for (let u = 0; u < n; u++) {
    if (u === skip) continue;
    rows++;
    for (let f = 0; f <= k; f++) {
      const v = f < k ? userWeight[u * k + f] : userBias?.[u] ?? 0;
      sum[f] += v;
      sq[f] += v * v;
    }
  }
  const mean = sum.map((s) => s / Math.max(1, rows));
  const lambda = new Float64Array(k + 1);
  for (let f = 0; f <= k; f++) {
    const variance = rows > 1 ? (sq[f] - rows * mean[f] * mean[f]) / (rows - 1) : 0;
    lambda[f] = noise / Math.max(variance, 1e-6);
  }
  return { vector: mean.slice(0, k), bias: mean[k], lambda };
}

/** sigmoid_range and its derivative with respect to x (x itself without a yRange). */
function squash(x: number, range: ItemSide['yRange']): [number, number] {
  if (!range) return [x, 1];
  const [lo, hi] = range;
  const s = 1 / (1 + Math.exp(-x));
  return [sigmoidRange(x, lo, hi), (hi - lo) * s * (1 - s)];
}

/** Folds in a dot-model user from ratings; zero ratings give the prior (the average user, or 0). */
export function foldInDot(items: ItemSide, ratings: readonly FoldRating[], options: FoldOptions = {}): FoldedUser {
  const { k, vectors, bias, yRange } = items;
  const n = ratings.length;
  const withBias = options.withBias ?? bias !== undefined;
  const p = withBias ? k + 1 : k;
  const centre = new Float64Array(p);
  const lambda = new Float64Array(p).fill(options.lambda ?? n * (options.wd ?? 0.1));
  const prior = options.prior;
  if (prior) {
    for (let j = 0; j < k; j++) centre[j] = prior.vector[j];
    if (withBias) centre[k] = prior.bias;
    if (options.lambda === undefined) for (let j = 0; j < p; j++) lambda[j] = prior.lambda[j < k ? j : k];
  }
  // Row r of `features` is the rated item's factors (and 1 for the user bias); `offsets` its bias.
  const features = new Float64Array(n * p);
  const offsets = new Float64Array(n);
  ratings.forEach(({ item }, r) => {
    for (let j = 0; j < k; j++) features[r * p + j] = vectors[item * k + j];
    if (withBias) features[r * p + k] = 1;
    offsets[r] = bias?.[item] ?? 0;
  });
  const logit = (t: Float64Array, r: number): number => {
    let x = offsets[r];
    for (let j = 0; j < p; j++) x += t[j] * features[r * p + j];
    return x;
  };
  const objective = (t: Float64Array): number => {
    let sum = 0;
    for (let r = 0; r < n; r++) { const e = squash(logit(t, r), yRange)[0] - ratings[r].rating; sum += e * e; }
    for (let j = 0; j < p; j++) sum += lambda[j] * (t[j] - centre[j]) ** 2;
    return sum;
  };
  const theta = centre.slice();
  let current = objective(theta);
  let mu = 1e-3;
  let iterations = 0;
  const maxIterations = options.maxIterations ?? 50;
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
      const row = r * p;
      for (let a = 0; a < p; a++) {
        const ja = d * features[row + a];
        g[a] += e * ja;
        const dja = d * ja;
        for (let b = 0; b <= a; b++) h[a * p + b] += dja * features[row + b];
      }
    }
    let gradNorm = 0;
    for (let a = 0; a < p; a++) { g[a] += lambda[a] * (theta[a] - centre[a]); gradNorm = Math.max(gradNorm, Math.abs(g[a])); }
    if (gradNorm < 1e-9) break;
    let improved = false;
    while (mu < 1e12) {
      const step = solveDamped(h, g, p, lambda, mu);
      for (let a = 0; a < p; a++) trial[a] = theta[a] - step[a];
      const next = objective(trial);
      if (next <= current) {
        const gain = current - next;
        theta.set(trial);
        current = next;
        mu = Math.max(mu / 10, 1e-9);
        improved = gain > 1e-13 * Math.max(1, current);
        break;
      }
      mu *= 10;
    }
    if (!improved) break;
  }
  const weights = new Float64Array(n);
  for (let r = 0; r < n; r++) {
    const [yhat, d] = squash(logit(theta, r), yRange);
    weights[r] = (ratings[r].rating - yhat) * d;
  }
  return { vector: theta.slice(0, k), bias: withBias ? theta[k] : 0, lambda, centre, objective: current, iterations, weights };
}

/** Solves (H + diag(lambda) + mu I) x = g for the lower triangle of symmetric H by Cholesky; returns x. */
export function solveDamped(h: Float64Array, g: Float64Array, p: number, lambda: Float64Array, mu: number): Float64Array {
  const l = new Float64Array(p * p);
  for (let a = 0; a < p; a++) {
    for (let b = 0; b <= a; b++) {
      let sum = h[a * p + b] + (a === b ? lambda[a] + mu : 0);
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
