/** How well a 2-D layout keeps each point's high-dimensional neighbours (for tests and benchmarks). */
import { knnGraph } from './knn';

/**
 * Mean fraction of each point's k nearest neighbours in x (n x dim) that are also among its k
 * nearest in the layout (n x 2): 1 is perfect, k / n is chance.
 */
export function neighbourPreservation(x: Float64Array, dim: number, layout: Float64Array, n: number, k: number): number {
  const high = knnGraph(x, n, dim, k);
  const low = knnGraph(layout, n, 2, k);
  let kept = 0;
  for (let i = 0; i < n; i++) {
    const mine = new Set(high.indices.subarray(i * high.k, (i + 1) * high.k));
    for (let p = 0; p < low.k; p++) if (mine.has(low.indices[i * low.k + p])) kept++;
  }
  return kept / (n * high.k);
}
