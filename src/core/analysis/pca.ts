/**
 * fastai-style PCA of item (or user) factors: centre each factor, no scaling, project onto the top
 * components (the book uses the 1,000 most-rated items). The transposed view instead treats the
 * factor dimensions as the samples and the items as the features: each item gets a loading on each
 * component rather than a projected coordinate (the course forum's `pca.fit(movie_w.T).components_`).
 * Both rank items along the same main directions; the standard view's coordinates are on the
 * factors' scale, the transposed view's loadings are unit-length eigenvector entries.
 */
import { PCA } from 'ml-pca';
import type { AnalysisIndex } from './analysis-index';
import type { Side } from './embeddings';

export interface PcaOptions {
  side?: Side;
  /** Only the N most-rated rows (needs the run's stats); all rows when absent. */
  topRated?: number;
  /** Components to return: 2 or 3 (default 3). */
  components?: number;
  /** PCA of the factor dimensions, loadings per item (see the module comment). */
  transposed?: boolean;
  /** Rows listed as highest and lowest on each component (default 10). */
  extremes?: number;
  /** Exactly these rows (an isolated selection), instead of the most rated; '#na#' is dropped. */
  rows?: readonly number[];
}

/** One row placed on the components. */
export interface PcaPoint {
  index: number;
  label: string;
  coords: number[];
  bias?: number;
  count?: number;
}

/** The rows that score highest and lowest on one component: what the component "means". */
export interface ComponentExtremes {
  component: number;
  highest: PcaPoint[];
  lowest: PcaPoint[];
}

export interface PcaResult {
  side: Side;
  transposed: boolean;
  /** Proportion of the total variance each returned component explains. */
  explainedVariance: number[];
  points: PcaPoint[];
  extremes: ComponentExtremes[];
  /** Set when topRated was asked for but the run has no counts. */
  note?: string;
}

/** Runs the PCA; '#na#' is always left out. */
export function runPca(index: AnalysisIndex, options: PcaOptions = {}): PcaResult {
  const sideName = options.side ?? 'items';
  const side = index.side(sideName);
  const { emb } = side;
  const components = Math.max(1, Math.min(options.components ?? 3, emb.dim));
  let rows = options.rows ? [...new Set(options.rows)].filter((i) => i >= 0 && i < emb.n && i !== side.naIndex) : [...Array(emb.n).keys()].filter((i) => i !== side.naIndex);
  let note: string | undefined;
  if (options.topRated !== undefined && !options.rows) {
    if (emb.count) {
      const count = emb.count;
      rows = rows.sort((a, b) => count[b] - count[a] || a - b).slice(0, options.topRated);
    } else {
      note = `The run has no rating counts, so all ${rows.length} rows were used instead of the ${options.topRated} most rated.`;
    }
  }
  if (rows.length < 2) throw new Error(`PCA needs at least 2 ${sideName}; this selection has ${rows.length}.`);
  const { coordsOf, explained } = options.transposed
    ? transposedPca(emb.vectors, emb.dim, rows, components)
    : standardPca(emb.vectors, emb.dim, rows, components);

  const points: PcaPoint[] = rows.map((i, r) => ({
    index: i,
    label: emb.labels[i],
    coords: Array.from({ length: components }, (_, c) => coordsOf(r, c)),
    bias: emb.bias?.[i],
    count: emb.count?.[i],
  }));
  const nExtremes = options.extremes ?? 10;
  const extremes = Array.from({ length: components }, (_, c): ComponentExtremes => {
    const ranked = [...points].sort((a, b) => b.coords[c] - a.coords[c] || a.index - b.index);
    return { component: c, highest: ranked.slice(0, nExtremes), lowest: ranked.slice(-nExtremes).reverse() };
  });
  while (explained.length < components) explained.push(0);
  return { side: sideName, transposed: Boolean(options.transposed), explainedVariance: explained, points, extremes, note };
}

type Projection = { coordsOf: (r: number, c: number) => number; explained: number[] };

/** Leading eigenvectors (columns, descending eigenvalue) of a symmetric d x d matrix, via ml-pca. */
function eigen(sym: Float64Array, d: number): { vectors: ReturnType<PCA['getEigenvectors']>; explained: number[] } {
  const rows = Array.from({ length: d }, (_, a) => Array.from(sym.subarray(a * d, (a + 1) * d)));
  const pca = new PCA(rows, { isCovarianceMatrix: true });
  return { vectors: pca.getEigenvectors(), explained: pca.getExplainedVariance() };
}

/**
 * fastai's `pca`: centre each factor over the selected rows, eigenvectors of the d x d covariance,
 * coordinates = centred rows x eigenvectors. Building the covariance ourselves keeps 60,000 x 200
 * to one pass (ml-pca's own routes go through slower generic matrix products or a full SVD).
 */
function standardPca(vectors: Float32Array, dim: number, rows: number[], components: number): Projection {
  const n = rows.length;
  const mean = new Float64Array(dim);
  for (const i of rows) for (let a = 0; a < dim; a++) mean[a] += vectors[i * dim + a];
  for (let a = 0; a < dim; a++) mean[a] /= n;
  // Centred data by factor (column-major), so each covariance entry is one sequential dot product.
  const cols = new Float64Array(dim * n);
  rows.forEach((i, r) => { for (let a = 0; a < dim; a++) cols[a * n + r] = vectors[i * dim + a] - mean[a]; });
  const cov = new Float64Array(dim * dim);
  for (let a = 0; a < dim; a++) {
    for (let b = a; b < dim; b++) cov[a * dim + b] = dot(cols, a * n, b * n, n);
  }
  symmetrise(cov, dim, n - 1);
  const { vectors: u, explained } = eigen(cov, dim);
  const coords = new Float64Array(n * components);
  for (let c = 0; c < components; c++) {
    for (let a = 0; a < dim; a++) {
      const weight = u.get(a, c);
      const base = a * n;
      for (let r = 0; r < n; r++) coords[r * components + c] += cols[base + r] * weight;
    }
  }
  return { coordsOf: (r, c) => coords[r * components + c], explained: explained.slice(0, components) };
}

/** Dot product of two stretches of one array, four accumulators wide. */
function dot(m: Float64Array, x: number, y: number, length: number): number {
  let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
  let k = 0;
  for (; k + 3 < length; k += 4) {
    s0 += m[x + k] * m[y + k];
    s1 += m[x + k + 1] * m[y + k + 1];
    s2 += m[x + k + 2] * m[y + k + 2];
    s3 += m[x + k + 3] * m[y + k + 3];
  }
  for (; k < length; k++) s0 += m[x + k] * m[y + k];
  return s0 + s1 + s2 + s3;
}

/**
 * PCA with the factor dimensions as samples and the rows as features (sklearn's
 * `PCA().fit(W.T).components_`): centre each row over its factors, take the eigenvectors of the
 * small d x d Gram matrix and map them to unit-length loadings per row (w = Xc^T u / |Xc^T u|).
 */
function transposedPca(vectors: Float32Array, dim: number, rows: number[], components: number): Projection {
  const n = rows.length;
  const centred = new Float64Array(n * dim);
  rows.forEach((i, r) => {
    let m = 0;
    for (let a = 0; a < dim; a++) m += vectors[i * dim + a];
    m /= dim;
    for (let a = 0; a < dim; a++) centred[r * dim + a] = vectors[i * dim + a] - m;
  });
  const gram = new Float64Array(dim * dim);
  for (let r = 0; r < n; r++) {
    const base = r * dim;
    for (let a = 0; a < dim; a++) {
      const xa = centred[base + a];
      for (let b = a; b < dim; b++) gram[a * dim + b] += xa * centred[base + b];
    }
  }
  symmetrise(gram, dim, Math.max(1, dim - 1));
  const { vectors: u, explained } = eigen(gram, dim);
  const have = Math.min(components, dim);
  const loadings = new Float64Array(n * components);
  for (let c = 0; c < have; c++) {
    let norm = 0;
    for (let r = 0; r < n; r++) {
      let sum = 0;
      for (let a = 0; a < dim; a++) sum += centred[r * dim + a] * u.get(a, c);
      loadings[r * components + c] = sum;
      norm += sum * sum;
    }
    const inv = norm > 0 ? 1 / Math.sqrt(norm) : 0;
    for (let r = 0; r < n; r++) loadings[r * components + c] *= inv;
  }
  return { coordsOf: (r, c) => loadings[r * components + c], explained: explained.slice(0, components) };
}

/** Copies the upper triangle to the lower one and divides by `divisor`. */
function symmetrise(m: Float64Array, d: number, divisor: number): void {
  for (let a = 0; a < d; a++) {
    for (let b = a; b < d; b++) {
      const v = m[a * d + b] / divisor;
      m[a * d + b] = v;
      m[b * d + a] = v;
    }
  }
}
