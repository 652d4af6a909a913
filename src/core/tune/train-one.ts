/** One configuration of a sweep: a fresh model fit on a prepared dataset, then its figures. */
import type { RatingsDataset } from '../data/types';
import type { TrainConfig } from '../run/types';
import { createModel, defaultYRange } from '../model';
import { fit } from '../train/fit';
import { evaluateRanking, prepareRanking, type RankingOptions, type RankingPlan } from '../eval/ranking';
import { ratingRowsOf } from '../eval/baselines';
import { scorerFor } from '../eval/scorers';
import type { TuneFigures } from './metric';

/** The ranking plan of a dataset's split (built once, shared by every configuration on it). */
export function rankingPlanOf(dataset: RatingsDataset, options: RankingOptions = {}): RankingPlan {
  return prepareRanking(ratingRowsOf(dataset), options);
}

/** Trains `config` on `dataset` through fit's public API; with `plan`, also ranking metrics at its k. */
export async function trainOne(dataset: RatingsDataset, config: TrainConfig, signal?: AbortSignal,
  plan?: RankingPlan): Promise<TuneFigures> {
  const yRange = config.yRange ?? defaultYRange(dataset.ratingRange);
  const effective: TrainConfig = { ...config, yRange };
  const model = createModel(effective, dataset.userVocab.labels.length, dataset.itemVocab.labels.length, yRange, config.seed);
  const history = await fit(model, dataset, { config: effective, signal });
  const last = history[history.length - 1];
  const figures: TuneFigures = { mse: last.validMse, rmse: last.validRmse, mae: last.validMae };
  if (!plan) return figures;
  const r = evaluateRanking(plan, scorerFor(model));
  return { ...figures, ndcg: r.ndcg, precision: r.precision, recall: r.recall, map: r.map, hitRate: r.hitRate, coverage: r.coverage };
}
