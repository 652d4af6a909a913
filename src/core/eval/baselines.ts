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
import { ROWS_PER_MARK, runNow, type PacedWork } from '../data/paced';
import { evaluateRankingWork, orderByScore, prepareRanking, type RankingOptions, type RankingPlan, type RatingRows } from './ranking';
import type { Baselines, ErrorMetrics } from './figures';

export type { Baselines, ErrorMetrics } from './figures';



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
  return runNow(fitBiasOnlyWork(rows, options, 'fitting the baselines'));
}

/**
 * fitBiasOnly as paced work: a mark of `stage` every ROWS_PER_MARK training rows of each of its
 * 2 x epochs passes (the fraction covers them all). The sums run in training-row order, as always.
 */
export function* fitBiasOnlyWork(rows: RatingRows, options: BiasOnlyOptions, stage: string): PacedWork<BiasOnlyFit> {
  const regU = options.regU ?? 15, regI = options.regI ?? 10, epochs = options.epochs ?? 10;
  const { users, items, ratings, train, nUsers, nItems } = rows;
  const mean = trainingMean(rows);
  const userBias = new Float64Array(nUsers), itemBias = new Float64Array(nItems);
  const userCount = new Float64Array(nUsers), itemCount = new Float64Array(nItems);
  countRows(users, train, userCount);
  countRows(items, train, itemCount);
  const userDev = new Float64Array(nUsers), itemDev = new Float64Array(nItems);
  const passes = 2 * epochs;
  for (let epoch = 0; epoch < epochs; epoch++) {
    itemDev.fill(0);
    for (let from = 0; from < train.length; from += ROWS_PER_MARK) {
      yield { stage, fraction: (2 * epoch + from / train.length) / passes };
      addDeviations(train, from, Math.min(train.length, from + ROWS_PER_MARK), ratings, mean, items, itemDev, users, userBias);
    }
    shrink(itemDev, itemCount, regI, itemBias);
    userDev.fill(0);
    for (let from = 0; from < train.length; from += ROWS_PER_MARK) {
      yield { stage, fraction: (2 * epoch + 1 + from / train.length) / passes };
      addDeviations(train, from, Math.min(train.length, from + ROWS_PER_MARK), ratings, mean, users, userDev, items, itemBias);
    }
    shrink(userDev, userCount, regU, userBias);
  }
  return { mean, userBias, itemBias };
}

/** count[key[r]]++ for every row r of `rowIds`. */
function countRows(key: Int32Array, rowIds: Uint32Array, count: Float64Array): void {
  for (let k = 0; k < rowIds.length; k++) count[key[rowIds[k]]]++;
}

/** dev[key[r]] += rating - mean - otherBias[other[r]] for the rows rowIds[from..to), in order. */
function addDeviations(rowIds: Uint32Array, from: number, to: number, ratings: Float32Array, mean: number,
  key: Int32Array, dev: Float64Array, other: Int32Array, otherBias: Float64Array): void {
  for (let k = from; k < to; k++) {
    const r = rowIds[k];
    dev[key[r]] += ratings[r] - mean - otherBias[other[r]];
  }
}

/** bias = dev / (reg + count), 0 where there is no rating. */
function shrink(dev: Float64Array, count: Float64Array, reg: number, bias: Float64Array): void {
  for (let i = 0; i < dev.length; i++) bias[i] = count[i] ? dev[i] / (reg + count[i]) : 0;
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
  return errorsOf(se, ae, rows.valid.length);
}

/** Error metrics of predictions given per validation row (predicted[k] for row rows.valid[k]), summed in the same order as errorMetrics. */
export function errorMetricsOf(rows: RatingRows, predicted: ArrayLike<number>): ErrorMetrics {
  let se = 0, ae = 0;
  const { valid, ratings } = rows;
  for (let k = 0; k < valid.length; k++) {
    const err = predicted[k] - ratings[valid[k]];
    se += err * err;
    ae += Math.abs(err);
  }
  return errorsOf(se, ae, valid.length);
}

function errorsOf(se: number, ae: number, n: number): ErrorMetrics {
  const mse = se / n;
  return { mse, rmse: Math.sqrt(mse), mae: ae / n };
}

/** Number of training ratings of each item (the popularity baseline's score). */
export function itemCounts(rows: RatingRows): Float64Array {
  const counts = new Float64Array(rows.nItems);
  countRows(rows.items, rows.train, counts);
  return counts;
}

/**
 * The three baselines on the dataset's split. Pass the model's `plan` (from prepareRanking) to
 * share it; otherwise one is prepared from `options` (k, threshold, maxPairs, seed).
 */
export function computeBaselines(data: RatingsDataset | RatingRows, options: BaselineOptions = {}, plan?: RankingPlan): Baselines {
  const rows = 'userVocab' in data ? ratingRowsOf(data) : data;
  return runNow(baselinesWork(rows, options, plan ?? prepareRanking(rows, options), 'baselines'));
}

/** computeBaselines as paced work, every mark of `stage` (fraction: the fit's share done). */
export function* baselinesWork(rows: RatingRows, options: BaselineOptions, ranking: RankingPlan, stage: string): PacedWork<Baselines> {
  const [lo, hi] = rows.ratingRange;
  const mean = trainingMean(rows);
  const fit = yield* fitBiasOnlyWork(rows, options, stage);
  const { userBias, itemBias } = fit;
  const { users, items, valid } = rows;
  const predicted = new Float64Array(valid.length);
  for (let k = 0; k < valid.length; k++) {
    const r = valid[k];
    predicted[k] = Math.min(hi, Math.max(lo, mean + userBias[users[r]] + itemBias[items[r]]));
  }
  const constant = new Float64Array(valid.length).fill(mean);
  yield { stage, fraction: 1 };
  // mean + bu is the same for every item of a user: the order is the item biases' order.
  const biasRanking = yield* evaluateRankingWork(ranking, orderByScore(itemBias), stage);
  const popularity = yield* evaluateRankingWork(ranking, orderByScore(itemCounts(rows)), stage);
  return {
    globalMean: { mean, ...errorMetricsOf(rows, constant) },
    biasOnly: { ...errorMetricsOf(rows, predicted), ranking: biasRanking },
    popularity: { ranking: popularity },
  };
}
