/**
 * The run service's API: everything that reads saved runs (listing, loading, panel queries, hovers,
 * similar / recommend / predict, export, import), and the sniff of a ratings file before training.
 * The extension calls it in a worker thread
 * (src/run-service/worker.ts) so that parsing a large run.json, building an analysis index or a PCA
 * never blocks the extension host; tests and the CLI-free benches call the same class in-process.
 * Everything crossing the thread boundary is plain data (structured clone), typed here.
 */
import type { LabelFacts } from '../core/analysis/analysis-index';
import type { Side } from '../core/analysis/embeddings';
import type { ExportFormat } from '../core/analysis/export';
import type { Metric, Neighbour, NeighboursResult } from '../core/analysis/neighbours';
import type { Prediction, RecommendResult } from '../core/analysis/predict';
import type { SniffResult } from '../core/csv/types';
import type { SourceLocation } from '../core/data/types';
import type { RunManifest } from '../core/run/types';
import type { SourceRows } from '../core/run/source-rows';
import type { RowsTarget } from '../core/run/rows-view-text';
import type { PanelRating, PanelRequests, PanelRequestType, PanelSide, RunSeries, RunSummary } from './webview';
import type { ProjectFrame, ProjectionQueries, ProjectionQueryType, ProjectParams, ProjectResult } from './projection';

/** A run's manifest without its per-label arrays (vocab, stats, batch history): small enough to list. */
export type RunManifestHead = Omit<RunManifest, 'vocab' | 'stats' | 'history'> & {
  counts: { users: number; items: number };
};

/** Why a run cannot be read (`problem` is RunLoadError's: 'missing', 'damaged', ...). */
export interface RunErrorInfo {
  problem: string;
  message: string;
}

/** One entry of a runs folder: its manifest head, or why it cannot be read. */
export type RunHeadListing =
  | { id: string; dir: string; manifest: RunManifestHead; error?: undefined }
  | { id: string; dir: string; manifest?: undefined; error: RunErrorInfo };

/** Which of a run's files is hovered: its ratings source or the items file its titles came from. */
export type HoverFile = 'source' | 'items';

/**
 * A hovered position: the line's text as the editor decoded it, its 0-based number and the cursor's
 * character. The run service splits the line with the format the run recorded for that file.
 */
export interface HoverRequest {
  file: HoverFile;
  text: string;
  line: number;
  character: number;
  /** How many neighbours or recommendations to list (0: facts only). */
  k: number;
  /** Neighbours need at least this many training ratings (absent: core's default). */
  minCount?: number;
}

/** The hovered cell's character range [start, end) on its line. */
export interface HoverRange {
  start: number;
  end: number;
}

/** What a hover shows: an item with its neighbours, or a user with recommendations, and the cell it is about. */
export type HoverAnswer = { range: HoverRange } & (
  | { side: 'items'; runId: string; facts: LabelFacts; id?: string; neighbours: Neighbour[]; metric: Metric }
  | { side: 'users'; runId: string; facts: LabelFacts; id?: string; recommendations: RecommendResult['items']; kind: RecommendResult['kind'];
    /** Why the first recommendation (src/core/analysis/known-user-why.ts), for known users. */
    why?: string });

/** A prediction and the model's rating range. */
export type PredictAnswer = Prediction & { yRange?: [number, number] };

/** One saved profile (or why it cannot be read). */
export interface ProfileListing { name: string; file: string; savedAt?: string; ratings?: number; error?: string }

/** The rows "Add my ratings to the data file" writes: where, as which new user, the text and its row count. */
export interface AppendPreview { path: string; user: string; lines: string; rows: number; itemsFile?: string }

/** The run service. Every method is async: in the extension it runs in a worker thread. */
export interface RunServiceApi {
  /** Every run of the given runs folders, newest first (damaged ones included, with their error). */
  list(runsDirs: string[]): Promise<RunHeadListing[]>;
  /** Loads a run (tensors, checksums) and keeps it; fails with the RunLoadError's message when it cannot. */
  open(dir: string): Promise<RunManifestHead>;
  /** Builds one side's analysis index ahead of the first hover. */
  warm(dir: string, side: Side): Promise<void>;
  /** A panel's header and loss history of a run. */
  panelInit(dir: string): Promise<{ summary: RunSummary; series: RunSeries }>;
  /** Answers one (validated) panel request. */
  panelQuery<K extends PanelRequestType>(dir: string, type: K, params: PanelRequests[K]['params']): Promise<PanelRequests[K]['result']>;
  /** Source lines of one label (capped) and how many there are. */
  rows(dir: string, side: PanelSide, index: number): Promise<{ lines: number[]; total: number }>;
  /** What a hovered cell names, or undefined when it names nothing this run knows (exact matches only). */
  hover(dir: string, request: HoverRequest): Promise<HoverAnswer | undefined>;
  /** The k items most like a typed title or id. */
  similar(dir: string, text: string, k: number): Promise<NeighboursResult>;
  /** The top-k items for a user (cold start for unknown users). */
  recommend(dir: string, user: string, k: number): Promise<RecommendResult>;
  /** One predicted rating. */
  predict(dir: string, user: string, item: string): Promise<PredictAnswer>;
  /** Writes the embeddings into `<parentDir>/<run id>-<format>/`; returns that folder and the files written. */
  exportEmbeddings(dir: string, format: ExportFormat, parentDir: string): Promise<{ outDir: string; written: string[] }>;
  /** Reads embeddings trained elsewhere and saves them as a read-only run in `runsDir`; returns its folder. */
  importEmbeddings(paths: string[], runsDir: string, options?: { yRange?: [number, number] }): Promise<{ dir: string }>;
  /** Writes the run's fastai notebook to `outPath` with its weights beside it (`<stem>.pth`, `<stem>-classes.json`). */
  exportNotebook(dir: string, outPath: string): Promise<{ written: string[] }>;
  /** Saves a person's ratings (item vocab indices) as profile `name` in the profiles folder beside `runsDir`; returns the file. */
  saveProfile(dir: string, runsDir: string, name: string, ratings: PanelRating[]): Promise<{ file: string }>;
  /** The profiles beside `runsDir`, newest first. */
  listProfiles(runsDir: string): Promise<ProfileListing[]>;
  /** A profile's ratings resolved against the run (by source id, then title), and the items it does not know. */
  openProfile(dir: string, file: string): Promise<{ ratings: (PanelRating & { label: string })[]; missing: string[] }>;
  /** What adding the ratings to the run's ratings file as a new user would write (nothing is written). */
  planAppend(dir: string, ratings: PanelRating[], name: string): Promise<AppendPreview>;
  /** Adds them: the ratings file replaced atomically with the new rows at its end. */
  appendRatings(dir: string, ratings: PanelRating[], name: string): Promise<AppendPreview>;
  /** Sniffs a ratings file (format, columns, roles with reasons); fails with the DataError's code and location. */
  sniff(file: string): Promise<SniffResult>;
  /**
   * One label's rows read from the run's source file by byte offset (lines.bin), with the header row;
   * fails with code 'source-changed' when the file differs from the one trained on, 'no-line-offsets'
   * for runs saved without lines.bin.
   */
  sourceRows(dir: string, side: PanelSide, index: number): Promise<SourceRows>;
  /**
   * The rows view's whole text for `target` (its rows read by byte offset, sorted when it asks), built
   * in the worker so the host only shows a string; `rows` and `total` for the log.
   */
  sourceRowsText(target: RowsTarget, limitBytes: number): Promise<{ text: string; rows: number; total: number; file: string }>;
  /** The text of a file's 1-based line, read with Node (files too large for the editor to hand over); undefined past the end. */
  sourceLine(file: string, line: number): Promise<string | undefined>;
  /**
   * Projects a run's items or users (UMAP, t-SNE, custom axes, PCA), calling `onFrame` with each
   * layout on the way (in the worker these travel as progress messages); a later call with the same
   * `token`, or cancelProjection(token), stops it (the promise rejects with name 'AbortError').
   */
  project(dir: string, params: ProjectParams, token: string, onFrame?: (frame: ProjectFrame) => void): Promise<ProjectResult>;
  /** Stops the projection of `token`, if it is still running. */
  cancelProjection(token: string): Promise<void>;
  /** Saved views, neighbours of a selection's mean, a projection's CSV. */
  projectionQuery<K extends ProjectionQueryType>(dir: string, type: K, params: ProjectionQueries[K]['params']): Promise<ProjectionQueries[K]['result']>;
  /** Drops a loaded run (or all) so the next call reads it again from disk. */
  forget(dir?: string): Promise<void>;
}

export type RunServiceMethod = keyof RunServiceApi;

/** Host -> worker: one call. */
export type RunServiceCall = {
  [K in RunServiceMethod]: { id: number; method: K; args: Parameters<RunServiceApi[K]> };
}[RunServiceMethod];

/** Worker -> host: the answer to call `id`, or (`progress`) a step on the way to it (a projection's layout). */
export type RunServiceReply =
  | { id: number; ok: true; result: unknown }
  | { id: number; ok: false; error: RunServiceFailure }
  | { id: number; ok?: undefined; progress: unknown };

/** An error as it crosses the thread boundary: RunLoadError's `problem`, DataError's `code` and `location`. */
export interface RunServiceFailure {
  name: string;
  message: string;
  problem?: string;
  code?: string;
  location?: SourceLocation;
}
