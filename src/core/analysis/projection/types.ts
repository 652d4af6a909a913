/**
 * The projection's plain types (no code): what the protocol and the webview see of the projection
 * core, kept apart from the modules that need Node or packages.
 */

/** The projection methods. */
export type ProjectionMethod = 'pca' | 'umap' | 'tsne' | 'custom';

/** How far a job is. */
export type ProjectionPhase = 'neighbours' | 'graph' | 'layout' | 'done';

/** A set of rows named by exact titles, a case-insensitive search, or a metadata field's value. */
export type SetSpec =
  | { kind: 'titles'; titles: string[] }
  | { kind: 'search'; text: string }
  | { kind: 'metadata'; field: string; value: string };

/** One axis: from one set to another, or principal component `component` (0-based) of the shown rows. */
export type AxisSpec = { kind: 'direction'; from: SetSpec; to: SetSpec } | { kind: 'component'; component: number };

/** The projection part of a saved view. */
export interface ViewProjection {
  method: ProjectionMethod;
  side: 'items' | 'users';
  top: number;
  seed: number;
  /** Isolated rows (vocab indices). */
  subset?: number[];
  /** PCA: which components are on x and y (0-based). */
  components?: [number, number];
  umap?: { neighbours?: number; minDist?: number };
  tsne?: { perplexity?: number };
  custom?: { x: AxisSpec; y: AxisSpec };
}

/** One saved view. */
export interface SavedView {
  version: 1;
  name: string;
  savedAt: string;
  projection: ViewProjection;
  /** Colour, filters and other display settings, as the panel keeps them. */
  display: Record<string, unknown>;
  /** The visible ranges, when zoomed. */
  zoom?: { x: [number, number]; y: [number, number] };
  /** Selected rows (vocab indices). */
  selection?: number[];
}
