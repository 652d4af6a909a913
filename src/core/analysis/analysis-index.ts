/**
 * A per-run cache for interactive analyses (panels, hover, CLI): unit-normalised vectors and label
 * maps are built once per side, on first use, so each later neighbours query is one matrix pass.
 */
import type { LoadedRun } from '../run/types';
import { runEmbeddings, hasSide, NA_LABEL, type Embeddings, type Side } from './embeddings';

/** One side of a run with the lookups an interactive query needs. */
export interface SideIndex {
  emb: Embeddings;
  /** Row-major n x dim copy of the vectors scaled to unit length (zero rows stay zero). */
  unit: Float32Array;
  /** Euclidean norm of each row. */
  norms: Float32Array;
  /** Label -> first row with that label. */
  byLabel: Map<string, number>;
  /** Raw source id -> row, when the run stores ids beside title labels. */
  byId?: Map<string, number>;
  /** Lower-cased labels, for case-insensitive search. */
  lowerLabels: string[];
  /** Row indices, most rated first (then vocab order), for ranked type-ahead. */
  byRatings: Int32Array;
  /** Row of '#na#', or -1. */
  naIndex: number;
}

/** The cached analysis state of one loaded run. */
export interface AnalysisIndex {
  run: LoadedRun;
  /** Does the run have factors for this side? */
  has(side: Side): boolean;
  /** The side's index, built on first use. */
  side(side: Side): SideIndex;
}

/** Per-label facts for hover text and tables. */
export interface LabelFacts {
  index: number;
  label: string;
  bias?: number;
  count?: number;
  mean?: number;
}

/** Creates the lazy per-run cache; cheap to call, work happens on the first query of each side. */
export function createAnalysisIndex(run: LoadedRun): AnalysisIndex {
  const built = new Map<Side, SideIndex>();
  return {
    run,
    has: (side) => hasSide(run, side),
    side(side) {
      let index = built.get(side);
      if (!index) {
        index = buildSideIndex(runEmbeddings(run, side), side === 'items' ? run.manifest.vocab.itemIds : undefined);
        built.set(side, index);
      }
      return index;
    },
  };
}

/** Builds the normalised matrix and label maps of one side. */
export function buildSideIndex(emb: Embeddings, ids?: string[]): SideIndex {
  const { n, dim, vectors } = emb;
  const unit = new Float32Array(n * dim);
  const norms = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const base = i * dim;
    let sum = 0;
    for (let j = 0; j < dim; j++) sum += vectors[base + j] * vectors[base + j];
    const norm = Math.sqrt(sum);
    norms[i] = norm;
    if (norm > 0) {
      const inv = 1 / norm;
      for (let j = 0; j < dim; j++) unit[base + j] = vectors[base + j] * inv;
    }
  }
  const byLabel = new Map<string, number>();
  emb.labels.forEach((label, i) => { if (!byLabel.has(label)) byLabel.set(label, i); });
  let byId: Map<string, number> | undefined;
  if (ids && ids.length === n) {
    byId = new Map();
    ids.forEach((id, i) => { if (!byId!.has(id)) byId!.set(id, i); });
  }
  const byRatings = Int32Array.from({ length: n }, (_, i) => i);
  const count = emb.count;
  if (count) byRatings.sort((a, b) => count[b] - count[a] || a - b);
  return {
    emb, unit, norms, byLabel, byId, byRatings,
    lowerLabels: emb.labels.map((label) => label.toLowerCase()),
    naIndex: byLabel.get(NA_LABEL) ?? -1,
  };
}

/** Bias, training count and mean rating of one row (whatever the run has). */
export function labelFacts(side: SideIndex, index: number): LabelFacts {
  const { emb } = side;
  return {
    index,
    label: emb.labels[index],
    bias: emb.bias?.[index],
    count: emb.count?.[index],
    mean: emb.mean?.[index],
  };
}
