/**
 * Baselines on the model's own split, so that "is this model any good?" has an answer:
 * - globalMean: every validation rating predicted as the training mean (MSE, RMSE, MAE).
 * - biasOnly: mean + user bias + item bias, regularised, fitted by alternating least squares exactly
 *   as Surprise's BaselineOnly with its default bsl_options (surprise/prediction_algorithms/
 *   optimize_baselines.pyx, baseline_als: per epoch, first every item
 *   bi = sum(r - mean - bu) / (reg_i + |R(i)|), then every user bu = sum(r - mean - bi) / (reg_u + |R(u)|);
 *   reg_i 10, reg_u 15, 10 epochs); predictions are clipped to the rating range as Surprise's
 *   predict does (a user or item unknown in training, '#na#', has bias 0). Error and ranking
 *   metrics; the ranking uses the unclipped score, since clipping only creates ties.
 * - popularity: unseen items ranked by their number of training ratings (ranking metrics only).
 */
import type { RatingsDataset } from '../data/types';
import { evaluateRanking, orderByScore, prepareRanking, type RankingMetrics, type RankingOptions, type RankingPlan, type RatingRows } from './ranking';

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

export interface BiasOnlyOptions {
  /** Surprise's reg_u (default 15), reg_i (default 10) and n_epochs (default 10). */
  regU?: number;
  regI?: number;
  epochs?: number;
}

export type BaselineOptions = RankingOptions & BiasOnlyOptions;

/** The fitted biases (float64; index 0 is '#na#' and stays 0). */
export interface BiasOnlyFit {
  mean: number;
  userBias: Float64Array;
  itemBias: Float64Array;
}

/** A dataset's split in the columnar shape the metrics read. */
export function ratingRowsOf(dataset: RatingsDataset): RatingRows {
  return {
    users: dataset.users, items: dataset.items, ratings: dataset.ratings, train: dataset.train, valid: dataset.valid,
    nUsers: dataset.userVocab.labels.length, nItems: dataset.itemVocab.labels.length, ratingRange: dataset.ratingRange,
  };
}

/** Mean of the training ratings (float64 sum). */
export function trainingMean(rows: RatingRows): number {
  let sum = 0;
  for (let k = 0; k < rows.train.length; k++) sum += rows.ratings[rows.train[k]];
  return rows.train.length ? sum / rows.train.length : NaN;
}

/** Surprise's baseline_als on the training rows. */
export function fitBiasOnly(rows: RatingRows, options: BiasOnlyOptions = {}): BiasOnlyFit {
  const regU = options.regU ?? 15, regI = options.regI ?? 10, epochs = options.epochs ?? 10;
  const { users, items, ratings, train, nUsers, nItems } = rows;
  const mean = trainingMean(rows);
  const userBias = new Float64Array(nUsers), itemBias = new Float64Array(nItems);
  const userCount = new Float64Array(nUsers), itemCount = new Float64Array(nItems);
  for (let k = 0; k < train.length; k++) {
    userCount[users[train[k]]]++;
    itemCount[items[train[k]]]++;
  }
  const userDev = new Float64Array(nUsers), itemDev = new Float64Array(nItems);
  for (let epoch = 0; epoch < epochs; epoch++) {
    itemDev.fill(0);
    for (let k = 0; k < train.length; k++) {
      const r = train[k];
      itemDev[items[r]] += ratings[r] - mean - userBias[users[r]];
    }
    for (let i = 0; i < nItems; i++) itemBias[i] = itemCount[i] ? itemDev[i] / (regI + itemCount[i]) : 0;
    userDev.fill(0);
    for (let k = 0; k < train.length; k++) {
      const r = train[k];
      userDev[users[r]] += ratings[r] - mean - itemBias[items[r]];
    }
    for (let u = 0; u < nUsers; u++) userBias[u] = userCount[u] ? userDev[u] / (regU + userCount[u]) : 0;
  }
  return { mean, userBias, itemBias };
}

/** MSE, RMSE and MAE of `predict(row, k)` over the validation rows (row = rows.valid[k]). */
export function errorMetrics(rows: RatingRows, predict: (row: number, k: number) => number): ErrorMetrics {
  let se = 0, ae = 0;
  for (let k = 0; k < rows.valid.length; k++) {
    const r = rows.valid[k];
    const err = predict(r, k) - rows.ratings[r];
    se += err * err;
    ae += Math.abs(err);
  }
  const n = rows.valid.length;
  const mse = se / n;
  return { mse, rmse: Math.sqrt(mse), mae: ae / n };
}

/** Number of training ratings of each item (the popularity baseline's score). */
export function itemCounts(rows: RatingRows): Float64Array {
  const counts = new Float64Array(rows.nItems);
  for (let k = 0; k < rows.train.length; k++) counts[rows.items[rows.train[k]]]++;
  return counts;
}

/**
 * The three baselines on the dataset's split. Pass the model's `plan` (from prepareRanking) to
 * share it; otherwise one is prepared from `options` (k, threshold, maxPairs, seed).
 */
export function computeBaselines(data: RatingsDataset | RatingRows, options: BaselineOptions = {}, plan?: RankingPlan): Baselines {
  const rows = 'userVocab' in data ? ratingRowsOf(data) : data;
  const ranking = plan ?? prepareRanking(rows, options);
  const [lo, hi] = rows.ratingRange;
  const mean = trainingMean(rows);
  const fit = fitBiasOnly(rows, options);
  const { userBias, itemBias } = fit;
  const biasPredict = (r: number): number => Math.min(hi, Math.max(lo, mean + userBias[rows.users[r]] + itemBias[rows.items[r]]));
  return {
    globalMean: { mean, ...errorMetrics(rows, () => mean) },
    biasOnly: {
      ...errorMetrics(rows, biasPredict),
      // mean + bu is the same for every item of a user: the order is the item biases' order.
      ranking: evaluateRanking(ranking, orderByScore(itemBias)),
    },
    popularity: { ranking: evaluateRanking(ranking, orderByScore(itemCounts(rows))) },
  };
}
