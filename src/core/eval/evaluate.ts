/** One call for a trained model on its split: its error and ranking metrics and the three baselines. */
import type { RatingsDataset } from '../data/types';
import type { CollabModel } from '../model/types';
import { computeBaselines, errorMetrics, ratingRowsOf, type BaselineOptions, type Baselines, type ErrorMetrics } from './baselines';
import { evaluateRanking, prepareRanking, type RankingMetrics } from './ranking';
import { scorerFor } from './scorers';

export interface Evaluation {
  model: ErrorMetrics & { ranking: RankingMetrics };
  baselines: Baselines;
  /** Seconds for the model's ranking metrics (all evaluated users x all items). */
  rankingSeconds: number;
}

/**
 * The model's validation MSE/RMSE/MAE (its predict on the validation rows) and ranking metrics,
 * and the baselines on the same split, sharing one ranking plan. Throws a RangeError for k < 1 or a
 * threshold outside the rating range.
 */
export function evaluateModel(model: CollabModel, dataset: RatingsDataset, options: BaselineOptions = {}): Evaluation {
  const rows = ratingRowsOf(dataset);
  const started = performance.now();
  const plan = prepareRanking(rows, options);
  const ranking = evaluateRanking(plan, scorerFor(model));
  const rankingSeconds = (performance.now() - started) / 1000;
  const users = Int32Array.from(rows.valid, (r) => rows.users[r]);
  const items = Int32Array.from(rows.valid, (r) => rows.items[r]);
  const predicted = model.predict(users, items);
  const errors = errorMetrics(rows, (_r, k) => predicted[k]);
  return { model: { ...errors, ranking }, baselines: computeBaselines(rows, options, plan), rankingSeconds };
}

/** Pairs the NN model ranks before it samples users (about 2.5 s with the baselines on this 2-core machine, ML-100K [100, 50]). */
export const NN_MAX_PAIRS = 150_000;

/** What a run asks of its evaluation: the ranking list length and relevance threshold. */
export interface EvaluationOptions {
  k?: number;
  threshold?: number;
}

/** A trained run's figures beside its baselines, as run.json and the `train/done` event carry them. */
export interface RunEvaluation {
  ranking: RankingMetrics;
  baselines: Baselines;
}

/**
 * The evaluation a trainer stores with a run, or why there is none (a threshold outside the data's
 * rating range, say): the run is still worth saving, so a problem is reported, never thrown.
 */
export function evaluateRun(model: CollabModel, dataset: RatingsDataset, options: EvaluationOptions = {}):
{ evaluation: RunEvaluation; seconds: number } | { problem: string } {
  if (dataset.valid.length === 0) return { problem: 'there are no validation rows to evaluate on' };
  const started = performance.now();
  // The NN scores every pair through its MLP (thousands of multiply-adds, against 50 for the dot
  // model): above NN_MAX_PAIRS user-item pairs it ranks for a seeded sample of users, said in `sampledUsers`.
  const budget = model.kind === 'nn' ? { maxPairs: NN_MAX_PAIRS, samplePairs: NN_MAX_PAIRS } : {};
  try {
    const { model: figures, baselines } = evaluateModel(model, dataset, { ...budget, ...options });
    return { evaluation: { ranking: figures.ranking, baselines }, seconds: (performance.now() - started) / 1000 };
  } catch (err) {
    if (err instanceof RangeError) return { problem: err.message };
    throw err;
  }
}
