/**
 * Messages between a run panel's host (src/extension/panels) and its webview (webview/src).
 * One interface per message; one union per direction. Requests from the webview carry a
 * `messageId`; the host answers each with exactly one `reply` (`ok: true` with the result, or
 * `ok: false` with an error message). Pending requests are rejected when either side goes away.
 * Payloads are what a panel shows (top-N rows, sampled points), never whole matrices.
 */
import { HISTORY_POINTS } from '../common/thinning';
import type { EpochMetrics, TrainConfig } from '../core/run/types';
import type { EvaluationRow } from '../core/eval/verdict';
import type { TrainerToHost } from './trainer';
import type { ProjectFrameMessage, ProjectionMethod, ProjectionRequests, ProjectParams } from './projection';
import type {
  DataOverviewParams, DataOverviewResult, MetadataParams, MetadataResult, MetadataValuesParams, MetadataValuesResult,
} from './webview-meta';

/** Which vocabulary a query looks at. */
export type PanelSide = 'items' | 'users';
/** Cosine similarity (higher is closer) or Euclidean distance (lower is closer). */
export type PanelMetric = 'cosine' | 'euclidean';
/** The panel's views. */
export type PanelViewName = 'loss' | 'biases' | 'neighbours' | 'pca' | 'recommend' | 'data';

// ---- shared payload shapes ----

/** What a panel shows: a saved run, a run still training, or several saved runs compared. */
export type PanelTarget = { runDir: string } | { liveRunId: string; title?: string } | { compareDirs: string[] };

/** One label with whatever facts the run has about it. */
export interface LabelRow {
  /** Vocab index (the key for every follow-up request). */
  index: number;
  label: string;
  bias?: number;
  count?: number;
  mean?: number;
}

/** One smoothed training-loss point (from a `train/batch` event, or a saved history). */
export interface BatchPoint {
  /** Fractional epoch on the chart's x axis (1.5 = half way through epoch 2). */
  x: number;
  /** Absent for saved runs, whose per-batch losses were not kept (only the LR schedule is known). */
  smoothLoss?: number;
  lr: number;
}

/** The metrics of one run, for the loss view (its own run, or one of several compared). */
export interface RunSeries {
  runId: string;
  /** Short name for legends (the run id, or model + factors). */
  name: string;
  metrics: EpochMetrics[];
  /** Batch points, thinned by src/common/thinning (at most PANEL_LIMITS.batchPoints). */
  batches: BatchPoint[];
  /** How many batch events `batches` is the thinned form of (live runs): the webview thins on from there. */
  batchesSeen?: number;
}

/** What the panel shows about its run, sent on `panel/init`. */
export interface RunSummary {
  runId: string;
  /** Run folder; absent while a live run has not been saved yet. */
  runDir?: string;
  title: string;
  /** Trained, still training, or imported vectors (no loss). */
  status: 'training' | 'trained' | 'imported' | 'failed' | 'cancelled';
  config?: TrainConfig;
  source?: { path: string; rows?: number };
  nUsers?: number;
  nItems?: number;
  totalEpochs?: number;
  timings?: { loadSeconds: number; trainSeconds: number; saveSeconds: number };
  /** Which analyses the run supports (NN models have no biases; live runs have none yet). */
  has: { biases: boolean; items: boolean; users: boolean; rows: boolean };
  /** Set when the run failed. */
  error?: string;
  /** The model beside its baselines on the same split (runs trained since baselines were recorded). */
  evaluation?: EvaluationView;
}

/** "Is it any good?": the model's validation figures beside globalMean, biasOnly and popularity. */
export interface EvaluationView {
  /** Ranking list length, relevance threshold, users evaluated, and all eligible users when a sample was drawn. */
  k: number;
  threshold: number;
  users: number;
  sampledFrom?: number;
  rows: EvaluationRow[];
  /** A plain sentence for each baseline the model does not beat (empty when it beats them all). */
  verdicts: string[];
}

/** One point of the PCA scatter: the first three component scores plus the label's facts. */
export interface PcaPoint extends LabelRow {
  pc: [number, number, number];
}

// ---- request parameters and results ----

/** Highest and lowest biases of one side, after the count filter. */
export interface BiasesParams { side: PanelSide; top: number; minCount: number; filter?: string }
export interface BiasesResult { side: PanelSide; highest: LabelRow[]; lowest: LabelRow[]; considered: number; note?: string }

/** Labels matching what has been typed so far (best first). */
export interface SuggestParams { side: PanelSide; text: string; limit: number }
export interface SuggestResult { labels: LabelRow[] }

/** Nearest neighbours of a typed label or a vocab index. */
export interface NeighboursParams {
  side: PanelSide; query: string | number; metric: PanelMetric; k: number;
  /** Candidates need at least this many training ratings (absent: the collab.neighbours.minCount setting). */
  minCount?: number;
}
export type NeighboursResult =
  | { ok: true; query: LabelRow; how: string; metric: PanelMetric; neighbours: (LabelRow & { score: number })[]; /** The minimum count applied. */ minCount?: number }
  | { ok: false; text: string; suggestions: string[] };

/** PCA of the `topRated` most-rated labels of one side (the whole side when it is smaller), or of `subset` (isolate). */
export interface PcaParams { side: PanelSide; topRated: number; subset?: number[] }
export interface PcaResult {
  side: PanelSide;
  points: PcaPoint[];
  /** Fraction of variance explained by each of the three components. */
  explained: [number, number, number];
  /** Labels the side has in total (points are a most-rated subset of them). */
  total: number;
}

/** Questionnaire items for a newcomer (src/core/analysis/questionnaire.ts) and the run's rating scale. */
export interface QuestionnaireParams { n: number }
export interface QuestionnaireResult { items: LabelRow[]; scale?: { min: number; max: number; step: number } }

/** One rating the person gave in the Recommend view. */
export interface PanelRating { index: number; rating: number }
/** Recommendations for the person from their ratings (fold-in, src/core/analysis/person.ts), each with why. */
export interface RecommendForParams { ratings: PanelRating[]; k: number; minCount: number }
export interface RecommendForResult {
  kind: 'fold-in' | 'no-ratings';
  items: (LabelRow & { predicted: number; why: string; because: { index: number; label: string; rating: number }[] })[];
  notes: string[];
}

/** An existing user: the items they rated (the run keeps which, not the ratings) and their recommendations, each with why. */
export interface UserRecommendParams { user: string; k: number }
export type UserRecommendResult =
  | { ok: true; user: LabelRow; rated: LabelRow[]; ratedTotal: number; items: (LabelRow & { predicted: number; why: string })[]; notes: string[] }
  | { ok: false; error: string };

/** Every request the webview can make: its params and its result. */
export interface PanelRequests extends ProjectionRequests {
  'query/biases': { params: BiasesParams; result: BiasesResult };
  'query/suggest': { params: SuggestParams; result: SuggestResult };
  'query/neighbours': { params: NeighboursParams; result: NeighboursResult };
  'query/pca': { params: PcaParams; result: PcaResult };
  'query/questionnaire': { params: QuestionnaireParams; result: QuestionnaireResult };
  'query/recommend-for': { params: RecommendForParams; result: RecommendForResult };
  'query/user-recommend': { params: UserRecommendParams; result: UserRecommendResult };
  'query/metadata': { params: MetadataParams; result: MetadataResult };
  'query/metadata-values': { params: MetadataValuesParams; result: MetadataValuesResult };
  'query/data-overview': { params: DataOverviewParams; result: DataOverviewResult };
}
export type PanelRequestType = keyof PanelRequests;

// ---- webview -> host ----

/** The webview has loaded and listens: the host answers with `panel/init` (and replays live events). */
export interface ReadyMessage { type: 'panel/ready' }
/** A request; answered by one `reply` with the same id. */
export type RequestMessage = {
  [K in PanelRequestType]: { type: K; messageId: number; params: PanelRequests[K]['params'] }
}[PanelRequestType];
/** Open the source file at the rows of one label (first row selected, all rows listed). */
export interface OpenRowsMessage { type: 'rows/open'; side: PanelSide; index: number; label: string }
/** The view the person switched to (the host keeps it to restore the panel). */
export interface ViewChangedMessage { type: 'panel/view'; view: PanelViewName }
/**
 * The Recommend view's file actions, done by the host with its own dialogs: save the ratings as a
 * profile, open a profile (answered by `recommend/set-ratings`), or add them to the ratings file.
 */
export interface RecommendActionMessage { type: 'recommend/action'; action: 'save-profile' | 'open-profile' | 'add-to-data'; ratings: PanelRating[] }
/** Open the run's ratings file at one 1-based line (a Data view crosstab cell). */
export interface OpenLineMessage { type: 'rows/line'; line: number }
export type WebviewToHost = ReadyMessage | RequestMessage | OpenRowsMessage | ViewChangedMessage | RecommendActionMessage | OpenLineMessage;

// ---- host -> webview ----

/** Everything the panel needs to draw its run; sent after `panel/ready` and whenever the run changes. */
export interface InitMessage {
  type: 'panel/init';
  run: RunSummary;
  /** This run's metrics and batch history so far. */
  series: RunSeries;
  /** Other runs to draw beside it on the loss chart (compare mode). */
  compare: RunSeries[];
  /** The view to open when the webview has no saved state of its own. */
  view?: PanelViewName;
  /** What to reopen after a window reload (kept in the webview state for the serializer). */
  target: PanelTarget;
  /** A label to look up in the Neighbours view (e.g. from the hover's "Show neighbours"). */
  query?: string;
}
/** A live trainer event for this panel's run (append to the charts, do not redraw). */
export interface TrainerEventMessage { type: 'train/event'; event: TrainerToHost }
/** Show a view (e.g. the Runs view's "Show PCA"). */
export interface ShowViewMessage { type: 'panel/show'; view: PanelViewName; /** A label for the Neighbours view to look up. */ query?: string }
/** The answer to one request. */
export type ReplyMessage =
  | { type: 'reply'; inReplyTo: number; ok: true; result: PanelRequests[PanelRequestType]['result'] }
  | { type: 'reply'; inReplyTo: number; ok: false; error: string };
/** Ratings to show in the Recommend view (an opened profile), replacing the person's, with a note (items the run lacks). */
export interface SetRatingsMessage { type: 'recommend/set-ratings'; ratings: (PanelRating & { label: string })[]; note?: string }
export type HostToWebview = InitMessage | TrainerEventMessage | ShowViewMessage | ReplyMessage | SetRatingsMessage | ProjectFrameMessage;

/** What the webview keeps through `setState` (and the serializer gets back after a reload). */
export interface PanelState {
  /** Which run(s) to reopen (a live run that did not finish before a reload cannot come back). */
  target?: PanelTarget;
  view: PanelViewName;
  biases?: { side: PanelSide; minCount: number; filter: string; sort?: { column: string; descending: boolean } };
  neighbours?: { side: PanelSide; metric: PanelMetric; k: number; trail: { index: number; label: string }[]; minCount?: number; meta?: MetaViewState };
  pca?: {
    side: PanelSide; topRated: number; x: number; y: number; colour: 'bias' | 'count';
    /** The projection view's method and its settings (absent: PCA). */
    method?: ProjectionMethod;
    projection?: Partial<Omit<ProjectParams, 'side' | 'top' | 'method'>>;
    meta?: MetaViewState;
  };
  biasesMeta?: MetaViewState;
  recommend?: { ratings: (PanelRating & { label: string })[]; skipped: number[]; k: number; minCount: number; mode?: 'me' | 'user'; user?: string };
}

/** A view's metadata choice: the field coloured / shown, one value highlighted, and whether only it is shown. */
export interface MetaViewState { field?: string; value?: string; only?: boolean }

/** Bounds the webview and host both enforce, so payloads stay small on a 60,000-item run. */
export const PANEL_LIMITS = {
  biasesTop: 200,
  suggestions: 12,
  neighboursK: 100,
  pcaPoints: 5000,
  /** Questionnaire items, recommendations and ratings one Recommend view may ask about. */
  questionnaire: 40,
  recommendK: 50,
  ratings: 500,
  /** Batch points kept per run for the chart, live or saved (older ones are thinned). */
  batchPoints: HISTORY_POINTS,
} as const;

/** Fractional epoch of a batch: epochs are 1-based, so batch 0 of epoch 1 sits at 0. */
export function batchX(epoch: number, batch: number, batchesPerEpoch: number): number {
  return epoch - 1 + (batch + 1) / Math.max(1, batchesPerEpoch);
}
