/**
 * Exact k nearest neighbours by brute force, in row blocks so a caller can do it a slice at a time
 * (the run service sends pictures and answers a cancel between slices). 10,000 x 50 is 5e9
 * multiply-adds, ~3 s; exact beats NN-descent's approximations at this size and has no randomness.
 */

/** The k nearest rows of each row (self excluded), nearest first, with Euclidean distances. */
export interface KnnGraph {
  n: number;
  k: number;
  /** n x k row indices. */
  indices: Int32Array;
  /** n x k distances (not squared). */
  distances: Float64Array;
}

/** Builds a KnnGraph `blockRows` query rows per `step()` call. */
export class KnnBuilder {
  private readonly sq: Float64Array;
  private readonly graph: KnnGraph;
  private next = 0;

  /** `x` is row-major n x dim. */
  constructor(private readonly x: Float64Array, readonly n: number, private readonly dim: number, k: number, private readonly blockRows = 64) {
    const kk = Math.max(1, Math.min(k, n - 1));
    this.graph = { n, k: kk, indices: new Int32Array(n * kk), distances: new Float64Array(n * kk) };
    this.sq = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let a = 0; a < dim; a++) s += x[i * dim + a] ** 2;
      this.sq[i] = s;
    }
  }

  /** Rows done so far. */
  get done(): number { return this.next; }

  /** Does one block; false when every row is done. */
  step(): boolean {
    const end = Math.min(this.n, this.next + this.blockRows);
    for (let i = this.next; i < end; i++) this.row(i);
    this.next = end;
    return this.next < this.n;
  }

  /** The finished graph (call after step() returned false). */
  result(): KnnGraph { return this.graph; }

  private row(i: number): void {
    const { x, dim, sq, n } = this;
    const { k, indices, distances } = this.graph;
    // Sorted ascending lists of the best k (squared distance, index); insertion keeps them short.
    const bestD = new Float64Array(k).fill(Infinity);
    const bestI = new Int32Array(k).fill(-1);
    const base = i * dim;
    for (let j = 0; j < n; j++) {
      if (j === i) continue;
      let d = 0;
      const bj = j * dim;
      for (let a = 0; a < dim; a++) d += x[base + a] * x[bj + a];
      d = sq[i] + sq[j] - 2 * d;
      if (d >= bestD[k - 1]) continue;
      let p = k - 1;
      while (p > 0 && bestD[p - 1] > d) { bestD[p] = bestD[p - 1]; bestI[p] = bestI[p - 1]; p--; }
      bestD[p] = d;
      bestI[p] = j;
    }
    for (let p = 0; p < k; p++) {
      indices[i * k + p] = bestI[p];
      distances[i * k + p] = Math.sqrt(Math.max(0, bestD[p]));
    }
  }
}

/** The whole graph in one call (tests, the CLI's quality figures). */
export function knnGraph(x: Float64Array, n: number, dim: number, k: number): KnnGraph {
  const builder = new KnnBuilder(x, n, dim, k, n);
  while (builder.step()) { /* one block is everything */ }
  return builder.result();
}
