/**
 * Answers a run panel's queries from a loaded run by calling src/core/analysis, and shapes the
 * answers into the small payloads of src/protocol/webview.ts. Pure (no vscode), so unit and
 * browser tests drive it directly.
 */
import { modelLabel } from '../common/model-label';
import { createAnalysisIndex, labelFacts, type AnalysisIndex } from '../core/analysis/analysis-index';
import { biasTable } from '../core/analysis/biases';
import { findLabel, indexRef, suggestLabels } from '../core/analysis/lookup';
import { neighbours } from '../core/analysis/neighbours';
import { neighbourMinCount } from '../core/analysis/min-count';
import { runPca } from '../core/analysis/pca';
import { ratedItems, sourceLines } from '../core/analysis/rows';
import { findUser, recommend } from '../core/analysis/predict';
import { knownUserWhy } from '../core/analysis/known-user-why';
import { recommendForRatings, resolveRatings, runPrior } from '../core/analysis/person';
import { questionnaire } from '../core/analysis/questionnaire';
import { ratingScale } from '../core/analysis/rating-scale';
import type { UserPrior } from '../core/analysis/fold-in';
import type { LoadedRun, RunHistory, RunManifest } from '../core/run/types';
import { oneCycle, stepCount } from '../core/train/schedule';
import {
  batchX, PANEL_LIMITS, type BatchPoint, type LabelRow, type PanelRequests, type PanelRequestType, type PanelSide,
  type EvaluationView, type RunSeries, type RunSummary,
} from '../protocol/webview';
import { baselineVerdicts, evaluationRows } from '../core/eval/verdict';
import type { ProjectionRequestType } from '../protocol/projection';

/**
 * Requests answered here. The projection view's are answered by projection-service.ts (they stream,
 * write files or open dialogs); the metadata and Data view ones read files and are answered by meta-queries.ts.
 */
type OwnRequestType = Exclude<PanelRequestType, ProjectionRequestType | 'query/metadata' | 'query/metadata-values' | 'query/data-overview'>;
type Handlers = { [K in OwnRequestType]: (params: PanelRequests[K]['params']) => PanelRequests[K]['result'] };

/** The most lines a rows request returns (the Quick Pick / peek stays responsive). */
export const MAX_REVEALED_LINES = 5000;
const SCHEDULE_POINTS = 200;
/** Cached expensive results per panel (a 60k-item ranking is ~60k small objects). */
const MEMO_ENTRIES = 4;

/** One loaded run's answers to every panel request. */
export class PanelQueries {
  readonly index: AnalysisIndex;
  private readonly handlers: Handlers;

  /** `index` lets panels share the extension's cached analysis index of the run (built lazily otherwise). */
  constructor(readonly run: LoadedRun, index?: AnalysisIndex) {
    this.index = index ?? createAnalysisIndex(run);
    this.handlers = {
      'query/biases': (p) => this.biases(p),
      'query/suggest': (p) => this.suggest(p),
      'query/neighbours': (p) => this.neighbours(p),
      'query/pca': (p) => this.pca(p),
      'query/questionnaire': (p) => this.questionnaire(p),
      'query/recommend-for': (p) => this.recommendFor(p),
      'query/user-recommend': (p) => this.userRecommend(p),
    };
  }

  /** Answers one request; throws (with a message for the person) when the run cannot. */
  answer<K extends PanelRequestType>(type: K, params: PanelRequests[K]['params']): PanelRequests[K]['result'] {
    const handler = (this.handlers as Partial<Record<PanelRequestType, unknown>>)[type] as ((p: PanelRequests[K]['params']) => PanelRequests[K]['result']) | undefined;
    if (!handler) throw new Error(`Unknown request ${String(type)}.`);
    return handler(params);
  }

  /** The last few expensive results (full bias rankings, PCAs), newest last. */
  private readonly cache = new Map<string, unknown>();

  private memo<T>(key: string, compute: () => T): T {
    if (this.cache.has(key)) {
      const value = this.cache.get(key) as T;
      this.cache.delete(key);
      this.cache.set(key, value);
      return value;
    }
    const value = compute();
    this.cache.set(key, value);
    if (this.cache.size > MEMO_ENTRIES) this.cache.delete(this.cache.keys().next().value!);
    return value;
  }

  /** The run's header for the panel. */
  summary(): RunSummary {
    const { manifest } = this.run;
    const config = manifest.config;
    const title = config ? `${manifest.id} (${modelLabel(config, manifest.origin)})` : manifest.id;
    return {
      runId: manifest.id,
      runDir: this.run.dir,
      title,
      status: manifest.origin === 'imported' ? 'imported' : 'trained',
      config,
      source: manifest.source ? { path: manifest.source.path } : undefined,
      nUsers: manifest.vocab.users.length,
      nItems: manifest.vocab.items.length,
      totalEpochs: config?.epochs ?? (manifest.metrics.length || undefined),
      timings: manifest.timings,
      evaluation: evaluationView(manifest),
      has: {
        biases: this.run.tensors.has('itemBias') || this.run.tensors.has('userBias'),
        items: this.index.has('items'),
        users: this.index.has('users'),
        rows: Boolean(this.run.rows),
      },
    };
  }

  /**
   * The run's loss history: its saved per-batch losses and lr (the points a live panel draws), or for
   * older runs without a history only the recomputed LR schedule.
   */
  series(name = this.run.manifest.id): RunSeries {
    const { history } = this.run.manifest;
    const batches = history ? historyPoints(history) : savedSchedule(this.run);
    return { runId: this.run.manifest.id, name, metrics: this.run.manifest.metrics, batches };
  }

  /** Source lines of one label (capped) and how many there are. */
  rows(side: PanelSide, index: number): { lines: number[]; total: number } {
    const all = sourceLines(this.run, side, index);
    const capped = all.length > MAX_REVEALED_LINES ? all.subarray(0, MAX_REVEALED_LINES) : all;
    return { lines: Array.from(capped).sort((a, b) => a - b), total: all.length };
  }

  private biases(p: PanelRequests['query/biases']['params']): PanelRequests['query/biases']['result'] {
    const top = clampInt(p.top, 1, PANEL_LIMITS.biasesTop);
    const filter = p.filter?.trim().toLowerCase();
    if (!filter) {
      const table = biasTable(this.index, { side: p.side, top, minCount: p.minCount });
      return { side: p.side, highest: table.highest.map(toLabelRow), lowest: table.lowest.map(toLabelRow), considered: table.considered, note: table.note };
    }
    // A text filter narrows the ranking before the top-N: rank everything once per side and count
    // filter (cached: each keystroke of the filter reuses it), keep matching labels.
    const all = this.memo(`biases:${p.side}:${p.minCount}`, () => biasTable(this.index, { side: p.side, top: this.index.side(p.side).emb.n, minCount: p.minCount }));
    const matches = all.highest.filter((row) => row.label.toLowerCase().includes(filter));
    return {
      side: p.side,
      highest: matches.slice(0, top).map(toLabelRow),
      lowest: matches.slice(-top).reverse().map(toLabelRow),
      considered: matches.length,
      note: all.note,
    };
  }

  /**
   * Type-ahead: labels starting with the text, then with a word starting with it, then containing it
   * (most rated first in each); a raw id or '#index' that names a row comes first. When nothing
   * contains the text, the lookup's near misses (typos) are offered instead.
   */
  private suggest(p: PanelRequests['query/suggest']['params']): PanelRequests['query/suggest']['result'] {
    const side = this.index.side(p.side);
    const text = p.text.trim();
    if (!text) return { labels: [] };
    const limit = clampInt(p.limit, 1, PANEL_LIMITS.suggestions);
    const named = side.byId?.get(text) ?? indexRef(side, text);
    let indices = suggestLabels(side, text, limit);
    if (named !== undefined) indices = [named, ...indices];
    else if (indices.length === 0) {
      const match = findLabel(side, text);
      const labels = match.ok ? [match.label, ...match.alternatives] : match.suggestions;
      indices = labels.map((label) => side.byLabel.get(label)).filter((i): i is number => i !== undefined);
    }
    const rows = [...new Set(indices)].slice(0, limit).map((i) => toLabelRow(labelFacts(side, i)));
    return { labels: rows };
  }

  private neighbours(p: PanelRequests['query/neighbours']['params']): PanelRequests['query/neighbours']['result'] {
    const k = clampInt(p.k, 1, PANEL_LIMITS.neighboursK);
    const minCount = neighbourMinCount(p.minCount);
    const result = neighbours(this.index, p.query, { side: p.side, k, metric: p.metric, minCount });
    if (!result.ok) return { ok: false, text: String(p.query), suggestions: result.match.suggestions };
    const side = this.index.side(p.side);
    return {
      ok: true,
      query: toLabelRow(labelFacts(side, result.match.index)),
      how: result.match.how,
      metric: result.metric,
      neighbours: result.neighbours.map((n) => ({ ...toLabelRow(labelFacts(side, n.index)), score: round(n.score, 5) })),
      minCount,
    };
  }

  private questionnaire(p: PanelRequests['query/questionnaire']['params']): PanelRequests['query/questionnaire']['result'] {
    const side = this.index.side('items');
    const n = clampInt(p.n, 1, PANEL_LIMITS.questionnaire);
    const items = this.memo(`questionnaire:${n}`, () => questionnaire(side, n));
    return { items: items.map((q) => toLabelRow(labelFacts(side, q.index))), scale: ratingScale(this.run.manifest) };
  }

  /** The fold-in's prior: one pass over the users, kept for the panel's life (every rating asks again). */
  private prior: UserPrior | undefined | null = null;

  private recommendFor(p: PanelRequests['query/recommend-for']['params']): PanelRequests['query/recommend-for']['result'] {
    const side = this.index.side('items');
    const labels = side.emb.labels;
    const inputs = p.ratings.map((r) => {
      if (!Number.isInteger(r.index) || r.index < 0 || r.index >= side.emb.n) throw new Error(`No item #${r.index} in this run.`);
      return { item: `#${r.index}`, rating: r.rating };
    });
    const resolved = resolveRatings(this.index, inputs);
    if (!resolved.ok) throw new Error(resolved.error.replace(/'#(\d+)'/g, (_, i: string) => `'${labels[Number(i)]}'`));
    if (this.prior === null) this.prior = runPrior(this.index);
    const result = recommendForRatings(this.index, resolved.ratings, {
      k: clampInt(p.k, 1, PANEL_LIMITS.recommendK), minCount: Math.max(0, p.minCount), prior: this.prior,
    });
    return {
      kind: result.kind, notes: result.notes,
      items: result.items.map((r) => ({
        ...toLabelRow(labelFacts(side, r.index)), predicted: round(r.predicted, 4), why: r.why,
        because: r.because.map((c) => ({ index: c.index, label: c.label, rating: c.rating })),
      })),
    };
  }

  private userRecommend(p: PanelRequests['query/user-recommend']['params']): PanelRequests['query/user-recommend']['result'] {
    if (!this.index.has('users')) return { ok: false, error: 'This run has no user factors.' };
    const users = this.index.side('users');
    const items = this.index.side('items');
    const u = findUser(users, p.user);
    if (u === undefined) return { ok: false, error: `No user '${p.user.trim().slice(0, 80)}' in this run (ids are matched exactly).` };
    const rated = ratedItems(this.run, u);
    const notes = rated ? [] : ['The run has no rows index, so the items this user rated are not known.'];
    const result = recommend(this.index, users.emb.labels[u], { k: clampInt(p.k, 1, PANEL_LIMITS.recommendK), ...(rated ? { rated } : {}) });
    const list = [...(rated ?? [])].map((i) => toLabelRow(labelFacts(items, i))).sort((a, b) => (b.count ?? 0) - (a.count ?? 0) || a.index - b.index);
    return {
      ok: true, user: toLabelRow(labelFacts(users, u)), rated: list.slice(0, PANEL_LIMITS.ratings), ratedTotal: list.length,
      notes: [...notes, ...result.notes],
      items: result.items.map((r) => ({
        ...toLabelRow(labelFacts(items, r.index)), predicted: round(r.score, 4),
        why: knownUserWhy(this.index, u, r.index, 3, rated)?.line ?? '',
      })),
    };
  }

  private pca(p: PanelRequests['query/pca']['params']): PanelRequests['query/pca']['result'] {
    const side = this.index.side(p.side);
    const topRated = clampInt(p.topRated, 2, PANEL_LIMITS.pcaPoints);
    const subset = p.subset?.filter((i) => Number.isSafeInteger(i) && i >= 0 && i < side.emb.n && i !== side.naIndex).slice(0, PANEL_LIMITS.pcaPoints * 2);
    const result = subset
      ? runPca(this.index, { side: p.side, rows: subset, components: 3, extremes: 0 })
      : this.memo(`pca:${p.side}:${topRated}`, () => runPca(this.index, { side: p.side, topRated, components: 3, extremes: 0 }));
    const points = result.points.slice(0, PANEL_LIMITS.pcaPoints).map((point) => ({
      ...toLabelRow(labelFacts(side, point.index)),
      pc: [0, 1, 2].map((c) => round(point.coords[c] ?? 0, 4)) as [number, number, number],
    }));
    const e = result.explainedVariance;
    return {
      side: p.side, points,
      explained: [e[0] ?? 0, e[1] ?? 0, e[2] ?? 0],
      total: side.emb.n - (side.naIndex >= 0 ? 1 : 0),
    };
  }
}

/** A label row without undefined fields and with rounded numbers (smaller JSON). */
export function toLabelRow(facts: { index: number; label: string; bias?: number; count?: number; mean?: number }): LabelRow {
  const row: LabelRow = { index: facts.index, label: facts.label };
  if (facts.bias !== undefined) row.bias = round(facts.bias, 4);
  if (facts.count !== undefined) row.count = facts.count;
  if (facts.mean !== undefined) row.mean = round(facts.mean, 3);
  return row;
}

/** `value` rounded to `digits` decimals. */
export function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

function clampInt(value: number, min: number, max: number): number {
  return Number.isFinite(value) ? Math.max(min, Math.min(max, Math.round(value))) : min;
}

/** A saved history as the live path's batch points (step s is batch s - 1 of a one-epoch count). */
function historyPoints(history: RunHistory): BatchPoint[] {
  return history.step.map((step, i) => ({
    x: round(batchX(1, step - 1, history.batchesPerEpoch), 6), smoothLoss: history.loss[i], lr: history.lr[i],
  }));
}

/**
 * The one-cycle learning-rate schedule a saved run trained with (from its config and training-row
 * count), sampled at a few hundred points; its batch losses were not saved, so they are left out.
 */
function savedSchedule(run: LoadedRun): BatchPoint[] {
  const config = run.manifest.config;
  const trainRows = run.manifest.stats?.itemCount.reduce((sum, c) => sum + c, 0);
  if (!config || !trainRows || run.manifest.origin !== 'trained') return [];
  const { batchesPerEpoch, totalSteps } = stepCount(trainRows, config.bs, config.epochs);
  const { lr } = oneCycle(totalSteps, { lrMax: config.lr });
  const every = Math.max(1, Math.floor(totalSteps / SCHEDULE_POINTS));
  const points: BatchPoint[] = [];
  for (let s = 0; s < totalSteps; s += every) points.push({ x: round((s + 1) / batchesPerEpoch, 4), lr: lr[s] });
  return points;
}

/** The run's model-beside-baselines table for the Loss view, when run.json has the figures. */
function evaluationView(manifest: RunManifest): EvaluationView | undefined {
  const last = manifest.metrics.at(-1);
  if (!manifest.ranking || !manifest.baselines || !last) return undefined;
  const evaluation = { ranking: manifest.ranking, baselines: manifest.baselines };
  const model = { rmse: last.validRmse, mae: last.validMae };
  const r = manifest.ranking;
  return {
    k: r.k, threshold: r.threshold, users: r.users, ...(r.sampledUsers !== undefined ? { sampledFrom: r.eligibleUsers } : {}),
    rows: evaluationRows(model, evaluation), verdicts: baselineVerdicts(model, evaluation),
  };
}
