/** One call for a trained model on its split: its error and ranking metrics and the three baselines. */
import type { RatingsDataset } from '../data/types';
import type { CollabModel } from '../model/types';
import { runNow, type PacedWork, type PlannedStage } from '../data/paced';
import { baselinesWork, errorMetricsOf, ratingRowsOf, type BaselineOptions } from './baselines';
import { evaluateRankingWork, prepareRankingWork } from './ranking';
import type { Baselines, ErrorMetrics, EvaluationOptions, RankingMetrics, RunEvaluation } from './figures';

export type { EvaluationOptions, RunEvaluation } from './figures';
import { scorerFor } from './scorers';

export interface Evaluation {
  model: ErrorMetrics & { ranking: RankingMetrics };
  baselines: Baselines;
  /** Seconds for the model's ranking metrics (all evaluated users x all items). */
  rankingSeconds: number;
}

/** The stages of an evaluation, in order (a Pacer's plan: the weights are ML-100K's shares of the time, roughly). */
export const EVALUATION_STAGES = {
  lists: { stage: 'listing each user\'s rated and relevant items', weight: 1 },
  ranking: { stage: 'ranking the items for each user', weight: 4 },
  baselines: { stage: 'fitting and ranking the baselines', weight: 2 },
} as const satisfies Record<string, PlannedStage>;
export const EVALUATION_PLAN: readonly PlannedStage[] = Object.values(EVALUATION_STAGES);

/**
 * The model's validation MSE/RMSE/MAE (its predict on the validation rows) and ranking metrics,
 * and the baselines on the same split, sharing one ranking plan. Throws a RangeError for k < 1 or a
 * threshold outside the rating range.
 */
export function evaluateModel(model: CollabModel, dataset: RatingsDataset, options: BaselineOptions = {}): Evaluation {
  return runNow(evaluateModelWork(model, dataset, options));
}

/** evaluateModel as paced work through the EVALUATION_PLAN stages (seconds on tens of millions of rows). */
export function* evaluateModelWork(model: CollabModel, dataset: RatingsDataset, options: BaselineOptions = {}): PacedWork<Evaluation> {
  const rows = ratingRowsOf(dataset);
  const started = performance.now();
  const plan = yield* prepareRankingWork(rows, options, EVALUATION_STAGES.lists.stage);
  const ranking = yield* evaluateRankingWork(plan, scorerFor(model), EVALUATION_STAGES.ranking.stage);
  const rankingSeconds = (performance.now() - started) / 1000;
  const users = new Int32Array(rows.valid.length), items = new Int32Array(rows.valid.length);
  for (let k = 0; k < rows.valid.length; k++) {
    users[k] = rows.users[rows.valid[k]];
    items[k] = rows.items[rows.valid[k]];
  }
  const errors = errorMetricsOf(rows, model.predict(users, items));
  const baselines = yield* baselinesWork(rows, options, plan, EVALUATION_STAGES.baselines.stage);
  return { model: { ...errors, ranking }, baselines, rankingSeconds };
}

/** Pairs the NN model ranks before it samples users (about 2.5 s with the baselines on this 2-core machine, ML-100K [100, 50]). */
export const NN_MAX_PAIRS = 150_000;

/**
 * Pairs the dot model ranks before it samples users: MovieLens 1M (about 2.2e7 pairs) is still
 * ranked for every user; at MovieLens 25M's 59,047 items it is a sample of about 1,700 users, a few
 * seconds (bench/eval-scale.mjs). Before, the plan's defaults (1e9, then 2e8 pairs) applied.
 */
export const DOT_MAX_PAIRS = 100_000_000;

/** The pair budget of each kind of model: above it, a seeded sample of users said in `sampledUsers`. */
export function pairBudget(model: CollabModel): { maxPairs: number; samplePairs: number } {
  const pairs = model.kind === 'nn' ? NN_MAX_PAIRS : DOT_MAX_PAIRS;
  return { maxPairs: pairs, samplePairs: pairs };
}



/** What evaluateRun gives: the figures and their time, or why there are none. */
export type RunEvaluationResult = { evaluation: RunEvaluation; seconds: number } | { problem: string };

/**
 * The evaluation a trainer stores with a run, or why there is none (a threshold outside the data's
 * rating range, say): the run is still worth saving, so a problem is reported, never thrown.
 */
export function evaluateRun(model: CollabModel, dataset: RatingsDataset, options: EvaluationOptions = {}): RunEvaluationResult {
  return runNow(evaluateRunWork(model, dataset, options));
}

/**
 * evaluateRun as paced work (EVALUATION_PLAN's stages): every model ranks within its pairBudget,
 * so the time is bounded whatever the data's size; run it on a Pacer to report progress and cancel.
 */
export function* evaluateRunWork(model: CollabModel, dataset: RatingsDataset, options: EvaluationOptions = {}): PacedWork<RunEvaluationResult> {
  if (dataset.valid.length === 0) return { problem: 'there are no validation rows to evaluate on' };
  const started = performance.now();
  try {
    const { model: figures, baselines } = yield* evaluateModelWork(model, dataset, { ...pairBudget(model), ...options });
    return { evaluation: { ranking: figures.ranking, baselines }, seconds: (performance.now() - started) / 1000 };
  } catch (err) {
    if (err instanceof RangeError) return { problem: err.message };
    throw err;
  }
}
