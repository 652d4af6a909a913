/**
 * UMAP through umap-js (the implementation TensorBoard's Embedding Projector uses), fed our exact kNN
 * graph (so the slow, cancellable part is ours and sliced) and started from the PCA layout scaled to
 * [-10, 10] (as umap-learn's spectral start is) instead of umap-js's uniform random one, so the
 * first pictures already look like the data. Seeded: umap-js draws its negative samples from `random`.
 */
import { UMAP } from 'umap-js';
import { seededRandom } from '../../data/random';
import type { KnnGraph } from './knn';

export interface UmapOptions {
  neighbours?: number;
  minDist?: number;
  /** 0: umap-js's choice by size (200 epochs above 10,000 points, up to 500 for small sets). */
  epochs?: number;
}

export const UMAP_DEFAULTS = { neighbours: 15, minDist: 0.1, epochs: 0 } as const;

/** A UMAP ready to iterate: `step()` runs one epoch. */
export class UmapLayout {
  private readonly umap: UMAP;
  readonly epochs: number;
  epoch = 0;

  /** `graph` must hold at least `neighbours - 1` neighbours per row; `start` is n x 2. */
  constructor(x: Float64Array, n: number, dim: number, graph: KnnGraph, start: Float64Array, seed: number, options: UmapOptions = {}) {
    const o = { ...UMAP_DEFAULTS, ...options };
    const k = Math.max(2, Math.min(o.neighbours, n - 1, graph.k + 1));
    this.umap = new UMAP({ nComponents: 2, nNeighbors: k, minDist: o.minDist, nEpochs: o.epochs, random: seededRandom(seed) });
    // umap-js's own kNN lists each row first at distance 0; ours leaves it out.
    const indices: number[][] = [];
    const distances: number[][] = [];
    for (let i = 0; i < n; i++) {
      const ids = [i];
      const ds = [0];
      for (let p = 0; p < k - 1; p++) { ids.push(graph.indices[i * graph.k + p]); ds.push(graph.distances[i * graph.k + p]); }
      indices.push(ids);
      distances.push(ds);
    }
    this.umap.setPrecomputedKNN(indices, distances);
    const rows: number[][] = [];
    for (let i = 0; i < n; i++) rows.push(Array.from(x.subarray(i * dim, (i + 1) * dim)));
    this.epochs = this.umap.initializeFit(rows);
    // The optimiser holds the same arrays: overwrite them in place with the scaled start.
    const embedding = this.umap.getEmbedding();
    let extent = 1e-12;
    for (let i = 0; i < 2 * n; i++) extent = Math.max(extent, Math.abs(start[i]));
    for (let i = 0; i < n; i++) {
      embedding[i][0] = (start[2 * i] / extent) * 10;
      embedding[i][1] = (start[2 * i + 1] / extent) * 10;
    }
  }

  /** One epoch; false once all are done. */
  step(): boolean {
    if (this.epoch >= this.epochs) return false;
    this.epoch = this.umap.step();
    return this.epoch < this.epochs;
  }

  /** The current layout, n x 2. */
  layout(): Float64Array {
    const embedding = this.umap.getEmbedding();
    const out = new Float64Array(embedding.length * 2);
    embedding.forEach((p, i) => { out[2 * i] = p[0]; out[2 * i + 1] = p[1]; });
    return out;
  }
}
