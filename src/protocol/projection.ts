/**
 * Messages of the projection view (UMAP, t-SNE, custom axes, isolate, saved views, export) between
 * the webview, the host and the run service. A `query/project` request is answered like any other
 * (one reply with the final layout) but the host first forwards the layouts the run service
 * produces on the way as `project/frame` notices. Types shared with core are re-exported so the
 * webview imports only from src/protocol.
 */
import type { AxisSpec, ProjectionMethod, ProjectionPhase, SavedView, SetSpec, ViewProjection } from '../core/analysis/projection/types';
import type { LabelRow, PanelSide } from './webview';

export type { AxisSpec, SetSpec, ProjectionMethod, ProjectionPhase, SavedView, ViewProjection };

/** Largest projection a panel asks for (points drawn in one scatter). */
export const PROJECTION_POINTS = 10000;

/** What to project (a saved view's projection without the PCA axis choice). */
export type ProjectParams = Omit<ViewProjection, 'components'>;

/** One placed row. */
export interface ProjectPoint extends LabelRow { x: number; y: number }

/** The final layout. */
export interface ProjectResult {
  side: PanelSide;
  method: ProjectionMethod;
  points: ProjectPoint[];
  axes: [string, string];
  notes: string[];
  /** Rows the side has in total. */
  total: number;
}

/**
 * An intermediate layout: `coords` is x0, y0, x1, y1, ... in the order of `rows`, which only the
 * first frame of a request carries (with each row's facts).
 */
export interface ProjectFrame {
  rows?: LabelRow[];
  coords: number[];
  axes: [string, string];
  phase: ProjectionPhase;
  /** 0..1. */
  progress: number;
}

/** Host -> webview: a layout on the way to the reply of request `inReplyTo`. */
export interface ProjectFrameMessage { type: 'project/frame'; inReplyTo: number; frame: ProjectFrame }

/** A saved view as listed (unreadable files with their error). */
export interface ViewListing { name: string; savedAt?: string; method?: ProjectionMethod; error?: string }

/** Export formats: the chart as an image, or the coordinates with labels and metadata. */
export type ProjectionExportFormat = 'png' | 'svg' | 'csv';

/** Requests the run service answers for a panel's projection view (besides `query/project`). */
export interface ProjectionQueries {
  'views/list': { params: Record<string, never>; result: { views: ViewListing[] } };
  /** Saves (or replaces) a view; the service sets `savedAt`. */
  'views/save': { params: { view: SavedView }; result: { name: string } };
  'views/load': { params: { name: string }; result: { view: SavedView } };
  /** "Neighbours of the selection's mean": the k rows nearest the mean vector of `rows`. */
  'query/mean-neighbours': { params: { side: PanelSide; rows: number[]; k: number }; result: { neighbours: (LabelRow & { score: number })[] } };
  /** The CSV of placed points (labels, facts, metadata columns added by the service). */
  'projection/csv': { params: { side: PanelSide; points: { index: number; x: number; y: number }[] }; result: { csv: string } };
}
export type ProjectionQueryType = keyof ProjectionQueries;

/** Requests the webview sends for the projection view (merged into PanelRequests). */
export interface ProjectionRequests extends Omit<ProjectionQueries, 'projection/csv'> {
  'query/project': { params: ProjectParams; result: ProjectResult };
  /**
   * Export through the host's save dialog: `data` is the PNG data URL or the SVG text; for CSV the
   * placed points. `saved` is the file written, absent when the person cancelled.
   */
  'projection/export': {
    params: { format: ProjectionExportFormat; side: PanelSide; suggestedName: string; data?: string; points?: { index: number; x: number; y: number }[] };
    result: { saved?: string };
  };
}
export type ProjectionRequestType = keyof ProjectionRequests;

/** Parses a set as a person types it ('titles': separated by ';', 'metadata': field=value); undefined when it names nothing. */
export function parseSetText(kind: SetSpec['kind'], text: string): SetSpec | undefined {
  const t = text.trim();
  if (!t) return undefined;
  if (kind === 'titles') { const titles = t.split(';').map((s) => s.trim()).filter(Boolean); return titles.length ? { kind, titles } : undefined; }
  if (kind === 'search') return { kind, text: t };
  const eq = t.indexOf('=');
  return eq > 0 ? { kind, field: t.slice(0, eq).trim(), value: t.slice(eq + 1).trim() } : undefined;
}
