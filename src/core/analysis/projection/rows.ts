/** Which rows a projection places, and their vectors gathered into one matrix. */
import type { SideIndex } from '../analysis-index';

/** How vectors are compared: cosine (unit-length rows, as the Neighbours view) or raw Euclidean. */
export type ProjectionMetric = 'cosine' | 'euclidean';

/**
 * The rows to place: `subset` when given (an isolated selection; unknown indices and '#na#' dropped,
 * order kept), otherwise the `top` most rated (all rows, vocab order, when the run has no counts).
 */
export function projectionRows(side: SideIndex, top: number, subset?: readonly number[]): number[] {
  const { n, count } = side.emb;
  if (subset) return [...new Set(subset)].filter((i) => Number.isInteger(i) && i >= 0 && i < n && i !== side.naIndex);
  if (count) return [...side.byRatings].filter((i) => i !== side.naIndex).slice(0, Math.max(0, top));
  return [...Array(n).keys()].filter((i) => i !== side.naIndex).slice(0, Math.max(0, top));
}

/** Row-major rows.length x dim copy of the rows' vectors (unit-length for cosine). */
export function gatherVectors(side: SideIndex, rows: readonly number[], metric: ProjectionMetric): Float64Array {
  const { dim } = side.emb;
  const source = metric === 'cosine' ? side.unit : side.emb.vectors;
  const x = new Float64Array(rows.length * dim);
  rows.forEach((i, r) => { for (let a = 0; a < dim; a++) x[r * dim + a] = source[i * dim + a]; });
  return x;
}

/**
 * The first `k` principal directions of x (n x dim) and each row's coordinates on them: the d x d
 * covariance, then power iteration with deflation (deterministic start, 200 rounds at most).
 */
export function principalCoords(x: Float64Array, n: number, dim: number, k: number): { coords: Float64Array; explained: number[] } {
  const mean = new Float64Array(dim);
  for (let r = 0; r < n; r++) for (let a = 0; a < dim; a++) mean[a] += x[r * dim + a];
  for (let a = 0; a < dim; a++) mean[a] /= Math.max(1, n);
  const cov = new Float64Array(dim * dim);
  const row = new Float64Array(dim);
  for (let r = 0; r < n; r++) {
    for (let a = 0; a < dim; a++) row[a] = x[r * dim + a] - mean[a];
    for (let a = 0; a < dim; a++) {
      const v = row[a];
      if (v === 0) continue;
      for (let b = a; b < dim; b++) cov[a * dim + b] += v * row[b];
    }
  }
  for (let a = 0; a < dim; a++) for (let b = a; b < dim; b++) cov[b * dim + a] = cov[a * dim + b];
  let trace = 0;
  for (let a = 0; a < dim; a++) trace += cov[a * dim + a];
  const coords = new Float64Array(n * k);
  const explained: number[] = [];
  const v = new Float64Array(dim);
  const w = new Float64Array(dim);
  for (let c = 0; c < k; c++) {
    for (let a = 0; a < dim; a++) v[a] = 1 + ((a * 7919 + c * 104729) % 13) / 13;
    let lambda = 0;
    for (let iter = 0; iter < 200; iter++) {
      w.fill(0);
      for (let a = 0; a < dim; a++) for (let b = 0; b < dim; b++) w[a] += cov[a * dim + b] * v[b];
      let norm = 0;
      for (let a = 0; a < dim; a++) norm += w[a] * w[a];
      norm = Math.sqrt(norm);
      if (norm === 0) break;
      let change = 0;
      for (let a = 0; a < dim; a++) { const next = w[a] / norm; change += Math.abs(next - v[a]); v[a] = next; }
      lambda = norm;
      if (change < 1e-10) break;
    }
    // Sign convention: the largest loading is positive (stable across runs and platforms).
    let big = 0;
    for (let a = 0; a < dim; a++) if (Math.abs(v[a]) > Math.abs(v[big])) big = a;
    if (v[big] < 0) for (let a = 0; a < dim; a++) v[a] = -v[a];
    explained.push(trace > 0 ? lambda / trace : 0);
    for (let r = 0; r < n; r++) {
      let s = 0;
      for (let a = 0; a < dim; a++) s += (x[r * dim + a] - mean[a]) * v[a];
      coords[r * k + c] = s;
    }
    for (let a = 0; a < dim; a++) for (let b = 0; b < dim; b++) cov[a * dim + b] -= lambda * v[a] * v[b];
  }
  return { coords, explained };
}
