/**
 * One projection of a run's items or users, as a job that does a bounded amount of work per
 * `step()` and can show its current layout at any time: PCA and custom axes in one step; t-SNE and
 * UMAP as exact kNN (row blocks), then the affinity graph, then one iteration / epoch per step, with
 * the PCA picture shown from the start. The run service drives it in time slices (drive.ts); the
 * CLI runs it to the end.
 */
import type { AnalysisIndex } from '../analysis-index';
import type { Side } from '../embeddings';
import { customLayout, type AxisSpec, type MetadataResolver } from './custom-axes';
import { KnnBuilder } from './knn';
import { gatherVectors, principalCoords, projectionRows, type ProjectionMetric } from './rows';
import { affinities, TSNE_DEFAULTS, TsneOptimizer, type TsneOptions } from './tsne';
import { UmapLayout, UMAP_DEFAULTS, type UmapOptions } from './umap';
import { seededRandom, normal } from '../../data/random';

import type { ProjectionMethod, ProjectionPhase } from './types';

export type { ProjectionMethod, ProjectionPhase };
export const PROJECTION_METHODS: readonly ProjectionMethod[] = ['pca', 'umap', 'tsne', 'custom'];

/** What to project and how. */
export interface ProjectionSpec {
  method: ProjectionMethod;
  side: Side;
  /** The most rated rows to place (ignored when `subset` is given). */
  top: number;
  /** Isolate: exactly these vocab indices. */
  subset?: number[];
  seed?: number;
  /** Default cosine (unit-length vectors), as the Neighbours view. */
  metric?: ProjectionMetric;
  /** PCA: how many leading components to return (default 3). */
  components?: number;
  umap?: UmapOptions;
  tsne?: TsneOptions;
  custom?: { x: AxisSpec; y: AxisSpec };
}


/** A picture of the job: every row's coordinates now, and how far it is. */
export interface ProjectionFrame {
  method: ProjectionMethod;
  /** Vocab indices, in the order of `coords`. */
  rows: number[];
  /** rows.length x dims, row-major. */
  coords: Float64Array;
  dims: number;
  /** A title per dimension. */
  axes: string[];
  /** PCA: the fraction of variance of each component. */
  explained?: number[];
  phase: ProjectionPhase;
  /** 0..1 over the whole job. */
  progress: number;
  done: boolean;
  notes: string[];
}

/** Fewest rows each method can place. */
const MIN_ROWS = 3;

/** A running projection. */
export interface ProjectionJob {
  readonly rows: number[];
  /** Does a little work; false once the layout is final. */
  step(): boolean;
  frame(): ProjectionFrame;
}

/** Creates the job; throws (with a message for the person) when the selection is too small. */
export function createProjection(index: AnalysisIndex, spec: ProjectionSpec, metadata?: MetadataResolver): ProjectionJob {
  const side = index.side(spec.side);
  const rows = projectionRows(side, spec.top, spec.subset);
  if (rows.length < MIN_ROWS) throw new Error(`A projection needs at least ${MIN_ROWS} ${spec.side}; this selection has ${rows.length}.`);
  const metric = spec.metric ?? 'cosine';
  const n = rows.length;
  const dim = side.emb.dim;
  const x = gatherVectors(side, rows, metric);
  const seed = spec.seed ?? 42;
  const base = { method: spec.method, rows, notes: [] as string[] };

  if (spec.method === 'pca') {
    const k = Math.max(1, Math.min(spec.components ?? 3, dim));
    const { coords, explained } = principalCoords(x, n, dim, k);
    const axes = explained.map((e, c) => `PC${c + 1} (${Math.round(e * 100)}% of variance)`);
    const frame: ProjectionFrame = { ...base, coords, dims: k, axes, explained, phase: 'done', progress: 1, done: true };
    return { rows, step: () => false, frame: () => frame };
  }
  if (spec.method === 'custom') {
    if (!spec.custom) throw new Error('A custom projection needs an x and a y axis.');
    const layout = customLayout(side, x, n, spec.custom, metric, metadata);
    const frame: ProjectionFrame = { ...base, coords: layout.coords, dims: 2, axes: [layout.axes.x, layout.axes.y], phase: 'done', progress: 1, done: true, notes: layout.notes };
    return { rows, step: () => false, frame: () => frame };
  }
  return new IterativeProjection(spec, rows, x, dim, seed);
}

/** t-SNE or UMAP: kNN blocks, then the graph, then iterations. */
class IterativeProjection implements ProjectionJob {
  private phase: ProjectionPhase = 'neighbours';
  private readonly knn: KnnBuilder;
  private readonly start: Float64Array;
  private tsne: TsneOptimizer | undefined;
  private umap: UmapLayout | undefined;
  private readonly n: number;
  private readonly title: string;

  constructor(private readonly spec: ProjectionSpec, readonly rows: number[], private readonly x: Float64Array, private readonly dim: number, private readonly seed: number) {
    const n = rows.length;
    this.n = n;
    this.title = spec.method === 'umap' ? 'UMAP' : 't-SNE';
    const perplexity = Math.min(spec.tsne?.perplexity ?? TSNE_DEFAULTS.perplexity, Math.max(1, (n - 1) / 3));
    const k = spec.method === 'tsne' ? Math.ceil(3 * perplexity) : (spec.umap?.neighbours ?? UMAP_DEFAULTS.neighbours) - 1;
    this.knn = new KnnBuilder(x, n, dim, k, Math.max(8, Math.floor(2e6 / Math.max(1, n * dim / 16))));
    // The PCA plane with a seeded jitter (breaks ties between identical vectors): the first picture
    // and both methods' start.
    const { coords } = principalCoords(x, n, dim, 2);
    const random = seededRandom(seed);
    let sd = 0;
    for (let i = 0; i < 2 * n; i++) sd += coords[i] * coords[i];
    sd = Math.sqrt(sd / (2 * n)) || 1;
    this.start = new Float64Array(2 * n);
    for (let i = 0; i < 2 * n; i++) this.start[i] = coords[i] / sd + 1e-3 * normal(random);
  }

  step(): boolean {
    if (this.phase === 'neighbours') {
      if (!this.knn.step()) this.phase = 'graph';
      return true;
    }
    if (this.phase === 'graph') {
      const graph = this.knn.result();
      if (this.spec.method === 'tsne') {
        const perplexity = Math.min(this.spec.tsne?.perplexity ?? TSNE_DEFAULTS.perplexity, Math.max(1, (this.n - 1) / 3));
        // openTSNE's start: the PCA plane scaled to standard deviation 1e-4.
        const start = this.start.map((v) => v * 1e-4);
        this.tsne = new TsneOptimizer(affinities(graph, perplexity), start, { ...this.spec.tsne, perplexity });
      } else {
        this.umap = new UmapLayout(this.x, this.n, this.dim, graph, this.start, this.seed, this.spec.umap);
      }
      this.phase = 'layout';
      return true;
    }
    if (this.phase === 'layout') {
      const more = this.tsne ? this.tsne.step() : this.umap!.step();
      if (!more) this.phase = 'done';
      return more;
    }
    return false;
  }

  frame(): ProjectionFrame {
    const done = this.phase === 'done';
    const knnShare = 0.3;
    let progress = knnShare * (this.knn.done / this.n);
    let coords = this.start;
    if (this.tsne) { progress = knnShare + (1 - knnShare) * (this.tsne.iteration / this.tsne.iterations); coords = Float64Array.from(this.tsne.y); }
    if (this.umap) { progress = knnShare + (1 - knnShare) * (this.umap.epoch / Math.max(1, this.umap.epochs)); coords = this.umap.layout(); }
    const axes = this.phase === 'neighbours' || this.phase === 'graph' ? ['PC1 (start)', 'PC2 (start)'] : [`${this.title} 1`, `${this.title} 2`];
    const notes = this.tsne && done && Number.isFinite(this.tsne.kl) ? [`KL divergence ${this.tsne.kl.toFixed(3)}`] : [];
    return {
      method: this.spec.method, rows: this.rows, coords: done ? coords : Float64Array.from(coords), dims: 2, axes,
      phase: this.phase, progress: done ? 1 : progress, done, notes,
    };
  }
}

/** Runs a job to the end (CLI, tests). */
export function runProjection(job: ProjectionJob): ProjectionFrame {
  while (job.step()) { /* iterate */ }
  return job.frame();
}
