/**
 * K-fold cross-validation of one training config: K fresh models, model f trained on every fold but
 * f and validated on fold f (splits.ts's seeded folds), each fold's validation error and ranking
 * metrics, and each metric's mean and standard deviation over the folds. The standard deviation is
 * the population one (numpy's std, ddof 0), as Surprise's cross_validate reports it.
 */
import type { RatingsTable } from '../data/types';
import type { EpochMetrics, TrainConfig } from '../run/types';
import { buildDataset } from '../data/dataset';
import { checkSplit, type SplitSpec } from '../data/splits';
import { createModel, defaultYRange } from '../model';
import { fit, type FitCallbacks } from '../train/fit';
import type { KernelPreference } from '../../kernels';
import type { BaselineOptions } from './baselines';
import { evaluateModel } from './evaluate';

/** The figures of one fold, in the order they are printed. */
export const FOLD_METRICS = ['mse', 'rmse', 'mae', 'precision', 'recall', 'ndcg', 'map', 'hitRate', 'coverage', 'biasOnlyRmse'] as const;
export type FoldMetric = typeof FOLD_METRICS[number];

/** One fold's result: its rows, the last epoch's validation errors, ranking metrics at k and the biasOnly baseline's RMSE. */
export interface FoldResult {
  /** 0-based. */
  fold: number;
  trainRows: number;
  validRows: number;
  metrics: Record<FoldMetric, number>;
  /** Every epoch of the fold's training. */
  epochs: EpochMetrics[];
  seconds: number;
}

/** All folds and the summary over them. */
export interface CrossValidation {
  folds: number;
  seed: number;
  /** The ranking metrics' list length and relevance threshold. */
  k: number;
  threshold: number;
  results: FoldResult[];
  mean: Record<FoldMetric, number>;
  /** Population standard deviation over the folds. */
  std: Record<FoldMetric, number>;
}

/** Options of crossValidate. */
export interface CrossValidateOptions {
  signal?: AbortSignal;
  engine?: KernelPreference;
  /** The table's rating range when known (saves a pass per fold). */
  ratingRange?: [number, number];
  /** k and threshold of the ranking metrics (evaluateModel's defaults). */
  ranking?: BaselineOptions;
  /** Per-batch and per-epoch hooks of each fold's fit. */
  callbacks?: (fold: number) => FitCallbacks;
  /** Told each fold's result as it finishes. */
  onFold?(result: FoldResult): void;
}

/** Mean and population standard deviation of each metric over `results`. */
export function summarizeFolds(results: readonly FoldResult[]): Pick<CrossValidation, 'mean' | 'std'> {
  const mean = {} as Record<FoldMetric, number>, std = {} as Record<FoldMetric, number>;
  for (const metric of FOLD_METRICS) {
    const xs = results.map((r) => r.metrics[metric]);
    const m = xs.reduce((a, b) => a + b, 0) / xs.length;
    mean[metric] = m;
    std[metric] = Math.sqrt(xs.reduce((a, x) => a + (x - m) * (x - m), 0) / xs.length);
  }
  return { mean, std };
}

/**
 * Cross-validates `config` on `table` over `spec`'s folds (spec.folds set, kind 'random'). The
 * table is not changed (each fold's dataset copies its id columns). Throws splitProblem's RangeError
 * for a fold count the table cannot hold, and an AbortError when `signal` fires.
 */
export async function crossValidate(table: RatingsTable, config: TrainConfig, spec: SplitSpec,
  options: CrossValidateOptions = {}): Promise<CrossValidation> {
  if (spec.folds === undefined) throw new RangeError('cross-validation needs a fold count (folds)');
  checkSplit(spec, table);
  const results: FoldResult[] = [];
  let k = 0, threshold = 0;
  for (let f = 0; f < spec.folds; f++) {
    options.signal?.throwIfAborted();
    const started = performance.now();
    const dataset = buildDataset(table, { split: { ...spec, fold: f }, ratingRange: options.ratingRange });
    const yRange = config.yRange ?? defaultYRange(dataset.ratingRange);
    const effective: TrainConfig = { ...config, yRange };
    const model = createModel(effective, dataset.userVocab.labels.length, dataset.itemVocab.labels.length, yRange, config.seed);
    const epochs = await fit(model, dataset, { config: effective, signal: options.signal, engine: options.engine, callbacks: options.callbacks?.(f) });
    const evaluation = evaluateModel(model, dataset, options.ranking);
    const { ranking } = evaluation.model;
    ({ k, threshold } = ranking);
    const last = epochs[epochs.length - 1];
    const result: FoldResult = {
      fold: f, trainRows: dataset.train.length, validRows: dataset.valid.length, epochs,
      metrics: {
        mse: last.validMse, rmse: last.validRmse, mae: last.validMae,
        precision: ranking.precision, recall: ranking.recall, ndcg: ranking.ndcg, map: ranking.map, hitRate: ranking.hitRate,
        coverage: ranking.coverage, biasOnlyRmse: evaluation.baselines.biasOnly.rmse,
      },
      seconds: (performance.now() - started) / 1000,
    };
    results.push(result);
    options.onFold?.(result);
  }
  return { folds: spec.folds, seed: spec.seed, k, threshold, results, ...summarizeFolds(results) };
}
