/**
 * The extension's side of the run service: the same API as RunService, answered by a worker thread
 * (dist/run-worker.js), so the extension host's event loop only posts messages and copies small
 * answers. The worker starts on the first call and starts again after it dies (the calls in flight
 * fail with a clear message). No vscode: tests and benches drive it directly.
 */
import { Worker } from 'node:worker_threads';
import type { Side } from '../core/analysis/embeddings';
import type { ExportFormat } from '../core/analysis/export';
import type { NeighboursResult } from '../core/analysis/neighbours';
import type { RecommendResult } from '../core/analysis/predict';
import type { SniffResult } from '../core/csv/types';
import type { SourceRows } from '../core/run/source-rows';
import type { SourceLocation } from '../core/data/types';
import type { RowsTarget } from '../core/run/rows-view-text';
import type {
  AppendPreview, HoverAnswer, HoverRequest, PredictAnswer, ProfileListing, RunHeadListing, RunManifestHead, RunServiceApi, RunServiceCall,
  RunServiceFailure, RunServiceMethod, RunServiceReply,
} from '../protocol/run-service';
import type { PanelRating, PanelRequests, PanelRequestType, PanelSide, RunSeries, RunSummary } from '../protocol/webview';
import type { ProjectFrame, ProjectionQueries, ProjectionQueryType, ProjectParams, ProjectResult } from '../protocol/projection';

/** A call's arguments as they cross the thread (a callback stays behind, as `progress`). */
type CallArgs<K extends RunServiceMethod> = K extends 'project' ? [string, ProjectParams, string] : never;

/** An error the worker reported: RunLoadError's `problem` ('missing', 'damaged', ...), DataError's `code` and `location`. */
export class RunServiceError extends Error {
  readonly problem?: string;
  readonly code?: string;
  readonly location?: SourceLocation;

  constructor(failure: RunServiceFailure) {
    super(failure.message);
    this.name = failure.name;
    this.problem = failure.problem;
    this.code = failure.code;
    this.location = failure.location;
  }
}

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
  /** Steps on the way to the answer (a projection's layouts). */
  progress?(value: unknown): void;
}

export interface RunServiceClientOptions {
  /** Path of the bundled worker, dist/run-worker.js. */
  workerPath: string;
  /** Told when the worker dies unexpectedly (it is restarted on the next call). */
  onCrash?(message: string): void;
}

export class RunServiceClient implements RunServiceApi {
  private worker: Worker | undefined;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private disposed = false;

  constructor(private readonly options: RunServiceClientOptions) {}

  list(runsDirs: string[]): Promise<RunHeadListing[]> { return this.call('list', [runsDirs]); }
  open(dir: string): Promise<RunManifestHead> { return this.call('open', [dir]); }
  warm(dir: string, side: Side): Promise<void> { return this.call('warm', [dir, side]); }
  panelInit(dir: string): Promise<{ summary: RunSummary; series: RunSeries }> { return this.call('panelInit', [dir]); }
  panelQuery<K extends PanelRequestType>(dir: string, type: K, params: PanelRequests[K]['params']): Promise<PanelRequests[K]['result']> {
    return this.call('panelQuery', [dir, type, params]) as Promise<PanelRequests[K]['result']>;
  }
  rows(dir: string, side: PanelSide, index: number): Promise<{ lines: number[]; total: number }> { return this.call('rows', [dir, side, index]); }
  hover(dir: string, request: HoverRequest): Promise<HoverAnswer | undefined> { return this.call('hover', [dir, request]); }
  similar(dir: string, text: string, k: number): Promise<NeighboursResult> { return this.call('similar', [dir, text, k]); }
  recommend(dir: string, user: string, k: number): Promise<RecommendResult> { return this.call('recommend', [dir, user, k]); }
  predict(dir: string, user: string, item: string): Promise<PredictAnswer> { return this.call('predict', [dir, user, item]); }
  exportEmbeddings(dir: string, format: ExportFormat, parentDir: string): Promise<{ outDir: string; written: string[] }> {
    return this.call('exportEmbeddings', [dir, format, parentDir]);
  }
  importEmbeddings(paths: string[], runsDir: string, options?: { yRange?: [number, number] }): Promise<{ dir: string }> {
    return this.call('importEmbeddings', [paths, runsDir, options]);
  }
  exportNotebook(dir: string, outPath: string): Promise<{ written: string[] }> { return this.call('exportNotebook', [dir, outPath]); }
  saveProfile(dir: string, runsDir: string, name: string, ratings: PanelRating[]): Promise<{ file: string }> {
    return this.call('saveProfile', [dir, runsDir, name, ratings]);
  }
  listProfiles(runsDir: string): Promise<ProfileListing[]> { return this.call('listProfiles', [runsDir]); }
  openProfile(dir: string, file: string): Promise<{ ratings: (PanelRating & { label: string })[]; missing: string[] }> {
    return this.call('openProfile', [dir, file]);
  }
  planAppend(dir: string, ratings: PanelRating[], name: string): Promise<AppendPreview> { return this.call('planAppend', [dir, ratings, name]); }
  appendRatings(dir: string, ratings: PanelRating[], name: string): Promise<AppendPreview> { return this.call('appendRatings', [dir, ratings, name]); }
  sniff(file: string): Promise<SniffResult> { return this.call('sniff', [file]); }
  sourceRows(dir: string, side: PanelSide, index: number): Promise<SourceRows> { return this.call('sourceRows', [dir, side, index]); }
  sourceRowsText(target: RowsTarget, limitBytes: number): Promise<{ text: string; rows: number; total: number; file: string }> {
    return this.call('sourceRowsText', [target, limitBytes]);
  }
  sourceLine(file: string, line: number): Promise<string | undefined> { return this.call('sourceLine', [file, line]); }
  project(dir: string, params: ProjectParams, token: string, onFrame?: (frame: ProjectFrame) => void): Promise<ProjectResult> {
    return this.call('project', [dir, params, token], onFrame as ((value: unknown) => void) | undefined);
  }
  cancelProjection(token: string): Promise<void> { return this.worker ? this.call('cancelProjection', [token]) : Promise.resolve(); }
  projectionQuery<K extends ProjectionQueryType>(dir: string, type: K, params: ProjectionQueries[K]['params']): Promise<ProjectionQueries[K]['result']> {
    return this.call('projectionQuery', [dir, type, params]) as Promise<ProjectionQueries[K]['result']>;
  }
  /** Forgetting needs no worker: one that is not running holds nothing. */
  forget(dir?: string): Promise<void> { return this.worker ? this.call('forget', [dir]) : Promise.resolve(); }

  /** Stops the worker; calls in flight and later calls fail. */
  dispose(): void {
    this.disposed = true;
    const worker = this.worker;
    this.worker = undefined;
    this.failAll('The Collab run service was shut down.');
    void worker?.terminate();
  }

  private call<K extends RunServiceMethod>(
    method: K, args: Parameters<RunServiceApi[K]> | CallArgs<K>, progress?: (value: unknown) => void,
  ): Promise<Awaited<ReturnType<RunServiceApi[K]>>> {
    if (this.disposed) return Promise.reject(new RunServiceError({ name: 'Error', message: 'The Collab run service was shut down.' }));
    const worker = this.ensureWorker();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject, progress });
      if (this.pending.size === 1) worker.ref();
      worker.postMessage({ id, method, args } as RunServiceCall);
    });
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(this.options.workerPath);
    // Idle, the worker must not keep a CLI, a test or a bench process alive.
    worker.unref();
    worker.on('message', (reply: RunServiceReply) => this.settle(reply));
    worker.on('error', (error) => this.died(worker, `The Collab run service failed: ${error.message}`));
    worker.on('exit', (code) => this.died(worker, `The Collab run service stopped (exit code ${code}).`));
    this.worker = worker;
    return worker;
  }

  private settle(reply: RunServiceReply): void {
    const pending = this.pending.get(reply.id);
    if (!pending) return;
    if (reply.ok === undefined) { pending.progress?.(reply.progress); return; }
    this.pending.delete(reply.id);
    if (this.pending.size === 0) this.worker?.unref();
    if (reply.ok) pending.resolve(reply.result);
    else pending.reject(new RunServiceError(reply.error));
  }

  /** The worker is gone: fail what it was doing; the next call starts a new one. */
  private died(worker: Worker, message: string): void {
    if (this.worker !== worker) return;
    this.worker = undefined;
    if (this.disposed) return;
    this.failAll(`${message} Try again; it restarts on the next request.`);
    this.options.onCrash?.(message);
  }

  private failAll(message: string): void {
    const calls = [...this.pending.values()];
    this.pending.clear();
    for (const call of calls) call.reject(new RunServiceError({ name: 'Error', message }));
  }
}
