/**
 * Barnes-Hut t-SNE (van der Maaten 2014), written here because no npm package was fast enough: the
 * three candidates (tsne-js 1.0.3, @keckelt/tsne 1.0.2, @saehrimnir/druidjs 0.9.0) are exact
 * O(n^2) t-SNE with a dense n x n P (800 MB at 10,000 points). At 1,000 points on the same loaded
 * machine they took 5.6-21 s to set up and 280-526 ms per iteration (tsne-js did not finish) against
 * 3.3 s and 65 ms here, with the same neighbour preservation (bench/results/tsne-candidates.json,
 * `node bench/tsne-candidates.mjs`). This one: exact kNN
 * affinities (3 x perplexity neighbours), a quadtree for the repulsion, early exaggeration 12 for
 * the first quarter, momentum 0.5 -> 0.8, per-coordinate gains, learning rate max(n / 12, 200)
 * (the openTSNE / Belkina et al. choice). Deterministic for a given start layout.
 */
import type { KnnGraph } from './knn';
import { QuadTree } from './quadtree';

export interface TsneOptions {
  perplexity?: number;
  iterations?: number;
  theta?: number;
  exaggeration?: number;
}

/** The defaults the panel and CLI use. */
export const TSNE_DEFAULTS = { perplexity: 30, iterations: 500, theta: 0.5, exaggeration: 12 } as const;

/** Symmetric sparse P (CSR) from a kNN graph: a binary search per row for the perplexity's bandwidth. */
export interface SparseP { n: number; rowStart: Int32Array; col: Int32Array; p: Float64Array }

/** The kNN graph's affinities p_ij, symmetrised and summing to 1. */
export function affinities(graph: KnnGraph, perplexity: number): SparseP {
  const { n, k, indices, distances } = graph;
  const target = Math.log(Math.min(perplexity, k));
  const cond = new Float64Array(n * k);
  for (let i = 0; i < n; i++) {
    let beta = 1, lo = 0, hi = Infinity;
    const base = i * k;
    const d0 = distances[base] ** 2;
    for (let iter = 0; iter < 64; iter++) {
      let sum = 0, h = 0;
      for (let p = 0; p < k; p++) {
        const d = distances[base + p] ** 2 - d0;
        const w = Math.exp(-beta * d);
        cond[base + p] = w;
        sum += w;
        h += beta * d * w;
      }
      const entropy = Math.log(sum) + h / sum;
      for (let p = 0; p < k; p++) cond[base + p] /= sum;
      if (Math.abs(entropy - target) < 1e-5) break;
      if (entropy > target) { lo = beta; beta = hi === Infinity ? beta * 2 : (beta + hi) / 2; }
      else { hi = beta; beta = (beta + lo) / 2; }
    }
  }
  // p_ij = (p_j|i + p_i|j) / 2n over the union of both directions' edges.
  const rows: Map<number, number>[] = Array.from({ length: n }, () => new Map());
  for (let i = 0; i < n; i++) {
    for (let p = 0; p < k; p++) {
      const j = indices[i * k + p];
      const v = cond[i * k + p] / (2 * n);
      rows[i].set(j, (rows[i].get(j) ?? 0) + v);
      rows[j].set(i, (rows[j].get(i) ?? 0) + v);
    }
  }
  const rowStart = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) rowStart[i + 1] = rowStart[i] + rows[i].size;
  const col = new Int32Array(rowStart[n]);
  const pv = new Float64Array(rowStart[n]);
  for (let i = 0; i < n; i++) {
    let at = rowStart[i];
    for (const [j, v] of [...rows[i]].sort((a, b) => a[0] - b[0])) { col[at] = j; pv[at] = v; at++; }
  }
  return { n, rowStart, col, p: pv };
}

/** The optimisation's state: `step()` runs one gradient iteration on `y` (n x 2, in place). */
export class TsneOptimizer {
  readonly y: Float64Array;
  iteration = 0;
  /** KL(P || Q) estimated at the last iteration (Q's normaliser from the tree). */
  kl = NaN;
  private readonly gains: Float64Array;
  private readonly update: Float64Array;
  private readonly grad: Float64Array;
  private readonly stack: Int32Array;
  private readonly options: Required<TsneOptions>;
  private readonly learningRate: number;
  private tree: QuadTree | undefined;

  constructor(private readonly P: SparseP, start: Float64Array, options: TsneOptions = {}) {
    this.options = { ...TSNE_DEFAULTS, ...options };
    const n = P.n;
    this.y = Float64Array.from(start);
    this.gains = new Float64Array(2 * n).fill(1);
    this.update = new Float64Array(2 * n);
    this.grad = new Float64Array(2 * n);
    this.stack = new Int32Array(4 * 64 + 16);
    this.learningRate = Math.max(n / this.options.exaggeration, 200);
  }

  get iterations(): number { return this.options.iterations; }

  /** One iteration; false once all are done. */
  step(): boolean {
    if (this.iteration >= this.options.iterations) return false;
    const { P, y, grad, gains, update } = this;
    const n = P.n;
    const early = this.iteration < Math.floor(this.options.iterations / 4);
    const exaggeration = early ? this.options.exaggeration : 1;
    const momentum = early ? 0.5 : 0.8;
    // Repulsion (Barnes-Hut), then the normaliser Z = sum q.
    if (this.tree) this.tree.build(y, n);
    else this.tree = new QuadTree(y, n);
    const tree = this.tree;
    const force = new Float64Array(2);
    let z = 0;
    for (let i = 0; i < n; i++) {
      z += tree.repulsion(i, this.options.theta, force, this.stack);
      grad[2 * i] = -force[0];
      grad[2 * i + 1] = -force[1];
    }
    const invZ = 1 / Math.max(z, 1e-12);
    for (let i = 0; i < 2 * n; i++) grad[i] *= invZ;
    // Attraction over P's edges; KL on the way (with the exaggerated P early on).
    let kl = 0;
    for (let i = 0; i < n; i++) {
      for (let e = P.rowStart[i]; e < P.rowStart[i + 1]; e++) {
        const j = P.col[e];
        const dx = y[2 * i] - y[2 * j];
        const dy = y[2 * i + 1] - y[2 * j + 1];
        const w = 1 / (1 + dx * dx + dy * dy);
        const pij = P.p[e];
        grad[2 * i] += exaggeration * pij * w * dx;
        grad[2 * i + 1] += exaggeration * pij * w * dy;
        kl += pij * Math.log(Math.max(pij, 1e-300) / Math.max(w * invZ, 1e-300));
      }
    }
    this.kl = kl;
    for (let i = 0; i < 2 * n; i++) {
      const g = 4 * grad[i];
      gains[i] = Math.sign(g) !== Math.sign(update[i]) ? gains[i] + 0.2 : Math.max(0.01, gains[i] * 0.8);
      update[i] = momentum * update[i] - this.learningRate * gains[i] * g;
      y[i] += update[i];
    }
    // Keep the layout centred (the gradient is translation-invariant, drift only costs precision).
    let mx = 0, my = 0;
    for (let i = 0; i < n; i++) { mx += y[2 * i]; my += y[2 * i + 1]; }
    mx /= n; my /= n;
    for (let i = 0; i < n; i++) { y[2 * i] -= mx; y[2 * i + 1] -= my; }
    this.iteration++;
    return this.iteration < this.options.iterations;
  }
}
