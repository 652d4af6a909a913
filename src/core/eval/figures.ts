/**
 * The figures an evaluation gives, as run.json, the trainer's events and the panels carry them.
 * Types only, importing nothing: the webview type-checks them without Node's types.
 */

/** The figures stored as `ranking` (run.json, the done event, baselines). */
export interface RankingMetrics {
  k: number;
  threshold: number;
  /** Users the figures average over. */
  users: number;
  precision: number;
  recall: number;
  ndcg: number;
  map: number;
  hitRate: number;
  coverage: number;
  /** Users with a relevant item (all of them are evaluated unless sampled). */
  eligibleUsers: number;
  /** Present when only a seeded sample of the eligible users was evaluated: its size. */
  sampledUsers?: number;
  /** Relevant validation rows that no model could rank (unknown user or item, or rated in training). */
  unrankableRelevant: number;
}

/** Error metrics on the validation rows, under the model's key names. */
export interface ErrorMetrics {
  mse: number;
  rmse: number;
  mae: number;
}

export interface Baselines {
  globalMean: ErrorMetrics & { mean: number };
  biasOnly: ErrorMetrics & { ranking: RankingMetrics };
  popularity: { ranking: RankingMetrics };
}

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
