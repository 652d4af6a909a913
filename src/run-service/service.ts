/**
 * The run service (src/protocol/run-service.ts) over the analysis core: loads runs once, keeps the
 * few most recently used with their analysis index and panel queries, and answers every read of a
 * saved run. No vscode: the extension runs it in a worker thread (worker.ts), tests call it directly.
 */
import { basename, extname, join, resolve } from 'node:path';
import { createAnalysisIndex, labelFacts, type AnalysisIndex } from '../core/analysis/analysis-index';
import type { Side } from '../core/analysis/embeddings';
import { exportEmbeddings, type ExportFormat } from '../core/analysis/export';
import { importEmbeddings, saveImportedRun } from '../core/analysis/import';
import { writeNotebook } from '../core/interop/notebook';
import { makeRunId } from '../core/run/id';
import { neighbours, type NeighboursResult } from '../core/analysis/neighbours';
import { defaultScorer, predictRating, recommend, type RecommendResult, type Scorer } from '../core/analysis/predict';
import { knownUserWhy } from '../core/analysis/known-user-why';
import { listProfiles, profileRatings, profilesDirFor, readProfile, saveProfile } from '../core/analysis/profile-store';
import type { ResolvedRating } from '../core/analysis/person';
import { applyAppend, planAppend } from '../core/data/append-person';
import { sniffFile } from '../core/csv/sniff';
import type { SniffResult } from '../core/csv/types';
import { listRuns, loadRun as loadRunFromDisk } from '../core/run/load';
import { readLineByScan } from '../core/csv/row-reader';
import { EDITOR_SYNC_LIMIT_BYTES, readSourceRows, sortSourceRows, type SourceRows } from '../core/run/source-rows';
import { rowsViewText, type RowsTarget } from '../core/run/rows-view-text';
import { sha256File } from '../core/run/source';
import type { LoadedRun, RunManifest } from '../core/run/types';
import type {
  AppendPreview, HoverAnswer, HoverRequest, PredictAnswer, ProfileListing, RunHeadListing, RunManifestHead, RunServiceApi,
} from '../protocol/run-service';
import type { PanelRating, PanelRequests, PanelRequestType, PanelSide, RunSeries, RunSummary } from '../protocol/webview';
import { HoverLayouts } from './hover-layout';
import { hoveredCell, resolveHoverTarget } from './hover-target';
import { PanelQueries } from './panel-queries';
import { ProjectionService, type ProjectionMetadata } from './projection-service';
import { projectionMetadataOf } from '../core/metadata/projection-metadata';
import type { ProjectFrame, ProjectionQueries, ProjectionQueryType, ProjectParams, ProjectResult } from '../protocol/projection';
import { neighbourMinCount } from '../core/analysis/min-count';
import { isMetaRequest, MetaQueries } from './meta-queries';

/** A loaded run with everything built from it (each built lazily, then kept). */
interface LoadedEntry {
  run: LoadedRun;
  index: AnalysisIndex;
  queries: PanelQueries;
  /** Metadata and the Data view's overview (read on first ask). */
  meta: MetaQueries;
  /** The run's scorer (core's defaultScorer: the model rebuilt from its tensors), built on first use and kept. */
  scorer: Scorer;
  /** How the hover reads the run's source and items files (the items file sniffed at most once, for older runs). */
  layouts: HoverLayouts;
}

/** Runs kept loaded at once: a 25M-rating run holds ~250 MB of tensors and line indexes. */
export const KEPT_RUNS = 4;

export interface RunServiceOptions {
  /** Reads a run folder (default: src/core/run/load.ts); tests hand in fixtures. */
  loadRun?: (dir: string) => Promise<LoadedRun>;
  /** How many loaded runs to keep (default KEPT_RUNS). */
  keep?: number;
  /** A run's metadata for projections (custom axes by metadata value, CSV columns); default: its items and users files. */
  projectionMetadata?: (run: LoadedRun) => Promise<ProjectionMetadata | undefined> | ProjectionMetadata | undefined;
}

export class RunService implements RunServiceApi {
  /** Loaded runs by resolved folder, least recently used first. */
  private readonly loaded = new Map<string, Promise<LoadedEntry>>();
  private readonly loadRun: (dir: string) => Promise<LoadedRun>;
  private readonly keep: number;
  /** Whether a source file hashes as its run recorded, by path, size, time and hash (each file hashed once). */
  private readonly sourceHashes = new Map<string, Promise<boolean>>();

  constructor(options: RunServiceOptions = {}) {
    this.loadRun = options.loadRun ?? loadRunFromDisk;
    this.keep = Math.max(1, options.keep ?? KEPT_RUNS);
    this.projections = new ProjectionService(options.projectionMetadata ?? projectionMetadataOf);
  }

  private readonly projections: ProjectionService;

  async project(dir: string, params: ProjectParams, token: string, onFrame?: (frame: ProjectFrame) => void): Promise<ProjectResult> {
    const { run, index } = await this.entry(dir);
    return this.projections.project({ dir: resolve(dir), run, index }, params, token, onFrame);
  }

  async cancelProjection(token: string): Promise<void> {
    this.projections.cancel(token);
  }

  async projectionQuery<K extends ProjectionQueryType>(dir: string, type: K, params: ProjectionQueries[K]['params']): Promise<ProjectionQueries[K]['result']> {
    const { run, index } = await this.entry(dir);
    return this.projections.query({ dir: resolve(dir), run, index }, type, params);
  }

  async list(runsDirs: string[]): Promise<RunHeadListing[]> {
    const all = await Promise.all(runsDirs.map((d) => listRuns(d).catch(() => [])));
    return all.flat()
      .sort((a, b) => b.id.localeCompare(a.id))
      .map((l): RunHeadListing => l.manifest
        ? { id: l.id, dir: l.dir, manifest: manifestHead(l.manifest) }
        : { id: l.id, dir: l.dir, error: { problem: l.error.problem, message: l.error.message } });
  }

  async open(dir: string): Promise<RunManifestHead> {
    return manifestHead((await this.entry(dir)).run.manifest);
  }

  async warm(dir: string, side: Side): Promise<void> {
    const { index } = await this.entry(dir);
    if (index.has(side)) index.side(side);
  }

  async panelInit(dir: string): Promise<{ summary: RunSummary; series: RunSeries }> {
    const { queries, run } = await this.entry(dir);
    // A large source's rows are read here (sourceRows), after a hash of the whole file: start it now.
    const source = run.manifest.source;
    if (source && run.lineOffsets && source.size > EDITOR_SYNC_LIMIT_BYTES) void this.sourceHashMatches(source);
    return { summary: queries.summary(), series: queries.series() };
  }

  async panelQuery<K extends PanelRequestType>(dir: string, type: K, params: PanelRequests[K]['params']): Promise<PanelRequests[K]['result']> {
    const entry = await this.entry(dir);
    if (isMetaRequest(type)) return entry.meta.answer(type, params as never) as Promise<PanelRequests[K]['result']>;
    return entry.queries.answer(type, params);
  }

  async rows(dir: string, side: PanelSide, index: number): Promise<{ lines: number[]; total: number }> {
    return (await this.entry(dir)).queries.rows(side, index);
  }

  async hover(dir: string, request: HoverRequest): Promise<HoverAnswer | undefined> {
    const { run, index, scorer, layouts } = await this.entry(dir);
    const layout = await layouts.of(request.file);
    const hovered = layout && hoveredCell(layout, request.text, request.line, request.character);
    if (!layout || !hovered) return undefined;
    const { cell, lineId } = hovered;
    const target = resolveHoverTarget(index, layout.columns, cell.column, cell.value, lineId);
    if (!target) return undefined;
    const runId = run.manifest.id;
    const range = { start: cell.start, end: cell.end };
    const facts = labelFacts(index.side(target.side), target.index);
    if (target.side === 'items') {
      const found = request.k > 0 ? neighbours(index, target.index, { k: request.k, minCount: neighbourMinCount(request.minCount) }) : undefined;
      return { side: 'items', range, runId, facts, id: target.id, neighbours: found?.ok ? found.neighbours : [], metric: 'cosine' };
    }
    let picks: RecommendResult | undefined;
    try {
      picks = request.k > 0 ? recommend(index, facts.label, { k: request.k, scorer }) : undefined;
    } catch {
      picks = undefined; // e.g. an imported run without item biases: the facts alone
    }
    const first = picks?.kind === 'model' ? picks.items[0] : undefined;
    let why: string | undefined;
    try {
      why = first ? knownUserWhy(index, target.index, first.index)?.line : undefined;
    } catch {
      why = undefined; // the why line is a nicety: never lose the hover over it
    }
    return { side: 'users', range, runId, facts, id: target.id, recommendations: picks?.items ?? [], kind: picks?.kind ?? 'model', ...(why ? { why } : {}) };
  }

  async similar(dir: string, text: string, k: number): Promise<NeighboursResult> {
    return neighbours((await this.entry(dir)).index, text, { k, minCount: neighbourMinCount() });
  }

  async recommend(dir: string, user: string, k: number): Promise<RecommendResult> {
    const { index, scorer } = await this.entry(dir);
    return recommend(index, user, { k, scorer });
  }

  async predict(dir: string, user: string, item: string): Promise<PredictAnswer> {
    const { run, index, scorer } = await this.entry(dir);
    return { ...predictRating(index, user, item, scorer), yRange: run.manifest.config?.yRange };
  }

  async exportEmbeddings(dir: string, format: ExportFormat, parentDir: string): Promise<{ outDir: string; written: string[] }> {
    const { run, index } = await this.entry(dir);
    const outDir = join(parentDir, `${run.manifest.id}-${format}`);
    return { outDir, written: await exportEmbeddings(index, { format, outDir }) };
  }

  async importEmbeddings(paths: string[], runsDir: string, options?: { yRange?: [number, number] }): Promise<{ dir: string }> {
    const run = await importEmbeddings(paths, options);
    const first = paths[0];
    const id = makeRunId(new Date(), 'imported', basename(first, extname(first)));
    return { dir: (await saveImportedRun(run, join(runsDir, id))).dir };
  }

  async exportNotebook(dir: string, outPath: string): Promise<{ written: string[] }> {
    const { run } = await this.entry(dir);
    return { written: await writeNotebook(run, outPath) };
  }

  async saveProfile(dir: string, runsDir: string, name: string, ratings: PanelRating[]): Promise<{ file: string }> {
    const { index } = await this.entry(dir);
    return { file: saveProfile(profilesDirFor(runsDir), name, resolvedOf(index, ratings), index) };
  }

  async listProfiles(runsDir: string): Promise<ProfileListing[]> {
    return listProfiles(profilesDirFor(runsDir));
  }

  async openProfile(dir: string, file: string): Promise<{ ratings: (PanelRating & { label: string })[]; missing: string[] }> {
    const { index } = await this.entry(dir);
    const { ratings, missing } = profileRatings(readProfile(file), index);
    return { ratings: ratings.map((r) => ({ index: r.item, rating: r.rating, label: r.label })), missing };
  }

  async planAppend(dir: string, ratings: PanelRating[], name: string): Promise<AppendPreview> {
    const { run, index } = await this.entry(dir);
    const { format: _format, ...plan } = await planAppend(run, resolvedOf(index, ratings), name);
    return plan;
  }

  async appendRatings(dir: string, ratings: PanelRating[], name: string): Promise<AppendPreview> {
    const { run, index } = await this.entry(dir);
    const plan = await planAppend(run, resolvedOf(index, ratings), name);
    applyAppend(plan);
    const { format: _format, ...written } = plan;
    return written;
  }

  async sourceRowsText(target: RowsTarget, limitBytes: number): Promise<{ text: string; rows: number; total: number; file: string }> {
    const read = await this.sourceRows(target.runDir, target.side, target.index);
    const answer = target.sort ? sortSourceRows(read, target.sort.column, target.sort.descending) : read;
    return { text: rowsViewText(target, answer, limitBytes), rows: answer.lines.length, total: answer.total, file: answer.file };
  }

  sniff(file: string): Promise<SniffResult> {
    return sniffFile(file);
  }

  async sourceRows(dir: string, side: PanelSide, index: number): Promise<SourceRows> {
    const { run } = await this.entry(dir);
    const source = run.manifest.source;
    // Size and modification time are checked on every read; the file's hash once.
    return readSourceRows(run, side, index, { hashMatches: source && (() => this.sourceHashMatches(source)) });
  }

  /** Whether `source` hashes as recorded, computed once per path, size, time and hash. */
  private sourceHashMatches(source: NonNullable<RunManifest['source']>): Promise<boolean> {
    const key = `${source.path}\0${source.size}\0${source.mtimeMs}\0${source.sha256}`;
    let matches = this.sourceHashes.get(key);
    if (!matches) {
      matches = sha256File(source.path).then((hash) => hash === source.sha256, () => false);
      this.sourceHashes.set(key, matches);
    }
    return matches;
  }

  sourceLine(file: string, line: number): Promise<string | undefined> {
    return readLineByScan(file, line);
  }

  async forget(dir?: string): Promise<void> {
    if (dir === undefined) this.loaded.clear();
    else this.loaded.delete(resolve(dir));
  }

  /** The loaded run of `dir` (loading it once; a failed load is not kept, so a retry reads again). */
  private entry(dir: string): Promise<LoadedEntry> {
    const key = resolve(dir);
    let entry = this.loaded.get(key);
    if (entry) {
      this.loaded.delete(key); // most recently used goes last
    } else {
      entry = this.loadRun(key).then((run) => {
        const index = createAnalysisIndex(run);
        let built: Scorer | undefined;
        return {
          run, index, queries: new PanelQueries(run, index), meta: new MetaQueries(run), layouts: new HoverLayouts(run.manifest),
          scorer: (users, items) => (built ??= defaultScorer(index))(users, items),
        };
      });
      entry.catch(() => { if (this.loaded.get(key) === entry) this.loaded.delete(key); });
    }
    this.loaded.set(key, entry);
    while (this.loaded.size > this.keep) this.loaded.delete(this.loaded.keys().next().value!);
    return entry;
  }
}

/** The manifest without its per-label arrays. */
export function manifestHead(manifest: RunManifest): RunManifestHead {
  const { vocab, stats: _stats, history: _history, ...head } = manifest;
  return { ...head, counts: { users: vocab.users.length, items: vocab.items.length } };
}

/** The panel's ratings (item vocab indices) as the person's resolved ratings, checked against the run. */
function resolvedOf(index: AnalysisIndex, ratings: readonly PanelRating[]): ResolvedRating[] {
  const labels = index.side('items').emb.labels;
  return ratings.map((r) => {
    if (!Number.isInteger(r.index) || r.index <= 0 || r.index >= labels.length) throw new RangeError(`item ${r.index} is not in this run`);
    return { item: r.index, rating: r.rating, label: labels[r.index] };
  });
}
