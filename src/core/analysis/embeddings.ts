/** The factor matrix, biases and training statistics of one side (items or users) of a loaded run. */
import type { LoadedRun } from '../run/types';

/** Which vocabulary an analysis looks at. */
export type Side = 'items' | 'users';

/** One side's embeddings: row i belongs to label i (vocab index i; row 0 is '#na#' in trained runs). */
export interface Embeddings {
  side: Side;
  labels: string[];
  /** Number of rows (labels). */
  n: number;
  /** Factors per row. */
  dim: number;
  /** Row-major n x dim matrix. */
  vectors: Float32Array;
  /** Per-row bias (dot models, and imports that carry one). */
  bias?: Float32Array;
  /** Training-split rating count and mean per row, when the run has stats. */
  count?: ArrayLike<number>;
  mean?: ArrayLike<number>;
}

/** The label fastai puts at index 0 for unknown ids. */
export const NA_LABEL = '#na#';

const tensorNames: Record<Side, { weight: string[]; bias: string }> = {
  items: { weight: ['itemWeight', 'itemEmbedding'], bias: 'itemBias' },
  users: { weight: ['userWeight', 'userEmbedding'], bias: 'userBias' },
};

/** Reads one side's factors (dot `itemWeight` or NN `itemEmbedding`), bias and stats from a run. */
export function runEmbeddings(run: LoadedRun, side: Side): Embeddings {
  const names = tensorNames[side];
  const labels = side === 'items' ? run.manifest.vocab.items : run.manifest.vocab.users;
  const weightName = names.weight.find((name) => run.tensors.has(name));
  if (!weightName) {
    throw new Error(`Run ${run.manifest.id} has no ${side === 'items' ? 'item' : 'user'} factors `
      + `(looked for ${names.weight.join(' or ')}; it has ${[...run.tensors.keys()].join(', ') || 'no tensors'}).`);
  }
  const weight = run.tensors.get(weightName)!;
  const [n, dim] = weight.shape.length === 2 ? weight.shape : [weight.shape[0], 1];
  if (n !== labels.length) {
    throw new Error(`Run ${run.manifest.id}: ${weightName} has ${n} rows but the ${side} vocabulary has ${labels.length} labels.`);
  }
  const bias = run.tensors.get(names.bias)?.data;
  const stats = run.manifest.stats;
  const count = side === 'items' ? stats?.itemCount : stats?.userCount;
  const mean = side === 'items' ? stats?.itemMean : stats?.userMean;
  return {
    side, labels, n, dim, vectors: weight.data,
    bias: bias && bias.length === n ? bias : undefined,
    count: count && count.length === n ? count : undefined,
    mean: mean && mean.length === n ? mean : undefined,
  };
}

/** True when the run has factors for this side. */
export function hasSide(run: LoadedRun, side: Side): boolean {
  return tensorNames[side].weight.some((name) => run.tensors.has(name));
}

/** A copy of row i of a row-major matrix. */
export function rowOf(emb: Embeddings, i: number): Float32Array {
  return emb.vectors.slice(i * emb.dim, (i + 1) * emb.dim);
}
