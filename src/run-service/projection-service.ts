/**
 * The run service's projection work: runs a UMAP / t-SNE / custom / PCA projection in time slices
 * (core's driveProjection) and hands each layout to the caller as it iterates; cancels by token; and
 * answers the projection view's other requests (saved views, neighbours of a selection's mean, CSV).
 * No vscode: the worker and in-process tests use it alike.
 */
import { labelFacts, type AnalysisIndex } from '../core/analysis/analysis-index';
import type { Side } from '../core/analysis/embeddings';
import { meanVector, neighboursOfVector } from '../core/analysis/neighbours';
import { projectionCsv } from '../core/analysis/projection/csv';
import type { MetadataResolver } from '../core/analysis/projection/custom-axes';
import { driveProjection } from '../core/analysis/projection/drive';
import { createProjection, type ProjectionFrame } from '../core/analysis/projection/job';
import { listViews, parseViewProjection, readView, saveView } from '../core/analysis/projection/saved-views';
import type { LoadedRun } from '../core/run/types';
import {
  PROJECTION_POINTS, type ProjectFrame, type ProjectionQueries, type ProjectionQueryType, type ProjectParams, type ProjectResult,
} from '../protocol/projection';
import { PANEL_LIMITS } from '../protocol/webview';
import { round, toLabelRow } from './panel-queries';

/** What the run's metadata offers a projection (the integrator wires the metadata module here). */
export interface ProjectionMetadata {
  /** Rows whose `field` has `value`: custom axes' metadata sets. */
  resolve?: MetadataResolver;
  /** Extra CSV columns of one row. */
  columns?(side: Side, index: number): Record<string, string | number | undefined>;
}

/** One loaded run as the projection service needs it. */
export interface ProjectionEntry { dir: string; run: LoadedRun; index: AnalysisIndex }

/** Frames per second a panel is sent at most (each is up to 10,000 x 2 numbers). */
const FRAME_MS = 250;

export class ProjectionService {
  private readonly running = new Map<string, AbortController>();

  constructor(private readonly metadataOf: (run: LoadedRun) => Promise<ProjectionMetadata | undefined> | ProjectionMetadata | undefined = () => undefined) {}

  /** Runs a projection to its end, calling `onFrame` with each layout on the way; rejects with AbortError when cancelled. */
  async project(entry: ProjectionEntry, params: ProjectParams, token: string, onFrame?: (frame: ProjectFrame) => void): Promise<ProjectResult> {
    this.cancel(token);
    const controller = new AbortController();
    this.running.set(token, controller);
    try {
      // The webview's settings pass the saved views' parser: the one check of every field.
      let spec: ProjectParams;
      try { spec = parseViewProjection(params); } catch (error) { throw new Error(`Projection settings: ${(error as Error).message}`); }
      const side = entry.index.side(spec.side);
      const top = Math.max(3, Math.min(PROJECTION_POINTS, spec.top));
      const job = createProjection(entry.index, { ...spec, top, subset: spec.subset?.slice(0, PROJECTION_POINTS) }, (await this.metadataOf(entry.run))?.resolve);
      let first = true;
      const final = await driveProjection(job, {
        signal: controller.signal, frameMs: FRAME_MS,
        onFrame: (frame) => {
          if (frame.done || !onFrame) return;
          const rows = first ? { rows: frame.rows.map((i) => toLabelRow(labelFacts(side, i))) } : {};
          onFrame({ ...rows, ...layoutOf(frame), phase: frame.phase, progress: round(frame.progress, 3) });
          first = false;
        },
      });
      const { coords, axes } = layoutOf(final);
      const points = final.rows.map((i, r) => ({ ...toLabelRow(labelFacts(side, i)), x: coords[2 * r], y: coords[2 * r + 1] }));
      return { side: spec.side, method: spec.method, points, axes, notes: final.notes, total: side.emb.n - (side.naIndex >= 0 ? 1 : 0) };
    } finally {
      if (this.running.get(token) === controller) this.running.delete(token);
    }
  }

  /** Stops the projection started with `token` (nothing when it has ended). */
  cancel(token: string): void {
    this.running.get(token)?.abort();
    this.running.delete(token);
  }

  /** Answers one of the projection view's other requests. */
  async query<K extends ProjectionQueryType>(entry: ProjectionEntry, type: K, params: ProjectionQueries[K]['params']): Promise<ProjectionQueries[K]['result']> {
    const dir = entry.dir;
    switch (type) {
      case 'views/list': return { views: listViews(dir) } as ProjectionQueries[K]['result'];
      case 'views/save': {
        const { view } = params as ProjectionQueries['views/save']['params'];
        saveView(dir, { ...view, savedAt: new Date().toISOString() });
        return { name: view.name } as ProjectionQueries[K]['result'];
      }
      case 'views/load': return { view: readView(dir, (params as ProjectionQueries['views/load']['params']).name) } as ProjectionQueries[K]['result'];
      case 'query/mean-neighbours': {
        const p = params as ProjectionQueries['query/mean-neighbours']['params'];
        const side = entry.index.side(p.side);
        const rows = p.rows.filter((i) => Number.isSafeInteger(i) && i >= 0 && i < side.emb.n && i !== side.naIndex);
        if (rows.length === 0) throw new Error('Select some points first.');
        const k = Math.max(1, Math.min(PANEL_LIMITS.neighboursK, Math.round(p.k)));
        const found = neighboursOfVector(side, meanVector(side, rows), { k, metric: 'cosine' });
        return { neighbours: found.map((n) => ({ ...toLabelRow(labelFacts(side, n.index)), score: round(n.score, 5) })) } as ProjectionQueries[K]['result'];
      }
      case 'projection/csv': {
        const p = params as ProjectionQueries['projection/csv']['params'];
        const side = entry.index.side(p.side);
        const columns = (await this.metadataOf(entry.run))?.columns;
        const rows = p.points.filter((pt) => Number.isSafeInteger(pt.index) && pt.index >= 0 && pt.index < side.emb.n).map((pt) => {
          const facts = labelFacts(side, pt.index);
          return { ...facts, x: pt.x, y: pt.y, extra: columns?.(p.side, pt.index) };
        });
        return { csv: projectionCsv(rows) } as ProjectionQueries[K]['result'];
      }
      default: throw new Error(`Unknown projection request ${String(type)}.`);
    }
  }
}

/** A frame's first two dimensions, rounded (4 significant decimals keep a 10,000-point frame ~150 KB). */
function layoutOf(frame: ProjectionFrame): { coords: number[]; axes: [string, string] } {
  const coords = new Array<number>(frame.rows.length * 2);
  for (let r = 0; r < frame.rows.length; r++) {
    coords[2 * r] = round(frame.coords[r * frame.dims], 4);
    coords[2 * r + 1] = round(frame.coords[r * frame.dims + 1], 4);
  }
  return { coords, axes: [frame.axes[0] ?? 'x', frame.axes[1] ?? 'y'] };
}

