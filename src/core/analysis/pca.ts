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
  let rows = [...Array(emb.n).keys()].filter((i) => i !== side.naIndex);
  let note: string | undefined;
  if (options.topRated !== undefined) {
    if (emb.count) {
      const count = emb.count;
      rows = rows.sort((a, b) => count[b] - count[a] || a - b).slice(0, options.topRated);
    } else {
      note = `The run has no rating counts, so all ${rows.length} rows were used instead of the ${options.topRated} most rated.`;
    }
  }
  if (rows.length < 2) throw new Error(`PCA needs at least 2 ${sideName}; this selection has ${rows.length}.`);
  // ml-pca copies rows given as Float32Array[] (its types only name number[][]).
  const vectors = rows.map((i) => emb.vectors.subarray(i * emb.dim, (i + 1) * emb.dim)) as unknown as number[][];

  let coordsOf: (r: number, c: number) => number;
  let explained: number[];
  if (options.transposed) {
    // samples = factor dimensions, features = the selected rows
    const byFactor = [...Array(emb.dim).keys()].map((j) => Array.from(vectors, (v) => v[j]));
    const pca = new PCA(byFactor, { center: true, scale: false });
    const loadings = pca.getLoadings();
    const have = Math.min(components, loadings.rows);
    coordsOf = (r, c) => (c < have ? loadings.get(c, r) : 0);
    explained = pca.getExplainedVariance().slice(0, components);
  } else {
    // The dim x dim covariance route: fast for many rows of few factors.
    const pca = new PCA(vectors, { center: true, scale: false, method: 'covarianceMatrix' });
    const projected = pca.predict(vectors, { nComponents: components });
    coordsOf = (r, c) => projected.get(r, c);
    explained = pca.getExplainedVariance().slice(0, components);
  }

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
