/** Which figure ranks a sweep's configurations, which way, and how folds are summed up. */

/** The figures of one configuration trained once (last epoch's validation errors, ranking at k). */
export interface TuneFigures {
  mse: number;
  rmse: number;
  mae: number;
  ndcg?: number;
  precision?: number;
  recall?: number;
  map?: number;
  hitRate?: number;
  coverage?: number;
}

/** Metrics a sweep can choose its best by. */
export const TUNE_METRICS = ['rmse', 'mae', 'mse', 'ndcg', 'precision', 'recall', 'map', 'hitRate'] as const;
export type TuneMetric = (typeof TUNE_METRICS)[number];

/** Errors are better low, ranking figures high. */
export function lowerIsBetter(metric: TuneMetric): boolean {
  return metric === 'rmse' || metric === 'mae' || metric === 'mse';
}

/** True for a ranking metric (these need evaluateRanking after each fit). */
export function isRankingMetric(metric: TuneMetric): boolean {
  return !lowerIsBetter(metric);
}

/** The metric named `text`, or an error listing the choices. */
export function parseTuneMetric(text: string): TuneMetric {
  const found = TUNE_METRICS.find((m) => m.toLowerCase() === text.trim().toLowerCase());
  if (!found) throw new RangeError(`unknown metric '${text}'; use one of ${TUNE_METRICS.join(', ')}`);
  return found;
}

/** Mean and (population) standard deviation over folds, figure by figure. */
export function foldSummary(folds: TuneFigures[]): { mean: TuneFigures; std: TuneFigures } {
  const keys = Object.keys(folds[0]) as (keyof TuneFigures)[];
  const mean = {} as TuneFigures;
  const std = {} as TuneFigures;
  for (const key of keys) {
    const xs = folds.map((f) => f[key]).filter((x): x is number => typeof x === 'number');
    if (xs.length !== folds.length) continue;
    const m = xs.reduce((a, b) => a + b, 0) / xs.length;
    mean[key] = m;
    std[key] = Math.sqrt(xs.reduce((a, x) => a + (x - m) ** 2, 0) / xs.length);
  }
  return { mean, std };
}

/** Index of the best of `values` by `metric` (undefined entries never win), or -1 when none has it. */
export function bestIndex(values: (TuneFigures | undefined)[], metric: TuneMetric): number {
  let best = -1;
  const sign = lowerIsBetter(metric) ? 1 : -1;
  values.forEach((v, i) => {
    const x = v?.[metric];
    if (typeof x !== 'number' || !Number.isFinite(x)) return;
    const b = best >= 0 ? values[best]?.[metric] : undefined;
    if (b === undefined || sign * x < sign * b) best = i;
  });
  return best;
}
