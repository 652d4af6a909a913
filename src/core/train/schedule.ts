/** fastai's fit_one_cycle schedule (combined_cos), evaluated before each batch. */

/** One-cycle hyper-parameters with fastai's defaults. */
export interface OneCycleOptions {
  lrMax: number;
  /** lr starts at lrMax / div. */
  div?: number;
  /** lr ends at lrMax / divFinal. */
  divFinal?: number;
  /** Fraction of the steps spent warming up. */
  pctStart?: number;
  /** beta1 (fastai "mom") at start, middle, end. */
  moms?: [number, number, number];
}

/** fastai SchedCos: cosine from start to end as pos goes 0 -> 1. */
export function schedCos(start: number, end: number, pos: number): number {
  return start + (1 + Math.cos(Math.PI * (1 - pos))) * (end - start) / 2;
}

/** fastai combined_cos: cosine start -> middle over the first pct, then middle -> end. */
export function combinedCos(pct: number, start: number, middle: number, end: number, pos: number): number {
  return pos < pct ? schedCos(start, middle, pos / pct) : schedCos(middle, end, (pos - pct) / (1 - pct));
}

/** Learning rate and beta1 for each of `totalSteps` steps (index = 0-based step; fastai's pos = step / total). */
export interface OneCycle {
  lr: Float64Array;
  mom: Float64Array;
}

/** The whole one-cycle schedule of a run, precomputed (16 bytes a step). */
export function oneCycle(totalSteps: number, options: OneCycleOptions): OneCycle {
  const { lrMax, div = 25, divFinal = 1e5, pctStart = 0.25, moms = [0.95, 0.85, 0.95] } = options;
  const lr = new Float64Array(totalSteps);
  const mom = new Float64Array(totalSteps);
  const lrs = [lrMax / div, lrMax, lrMax / divFinal];
  for (let s = 0; s < totalSteps; s++) {
    // combinedCos for both, sharing its one cosine (same pct and pos): the same numbers, half the work
    const pos = s / totalSteps;
    const phase = pos < pctStart ? 0 : 1;
    const p = phase === 0 ? pos / pctStart : (pos - pctStart) / (1 - pctStart);
    const k = 1 + Math.cos(Math.PI * (1 - p));
    lr[s] = lrs[phase] + k * (lrs[phase + 1] - lrs[phase]) / 2;
    mom[s] = moms[phase] + k * (moms[phase + 1] - moms[phase]) / 2;
  }
  return { lr, mom };
}

/** How many steps a training run takes: the batch size used, batches per epoch and steps in all. */
export interface StepCount {
  bs: number;
  batchesPerEpoch: number;
  totalSteps: number;
}

/**
 * The one definition of a run's step count (fit trains by it; panels redraw a saved run's schedule
 * by it): fastai drops the last partial batch, and a dataset smaller than one batch trains on one
 * smaller batch.
 */
export function stepCount(trainRows: number, bs: number, epochs: number): StepCount {
  const used = Math.max(1, Math.min(bs, trainRows));
  const batchesPerEpoch = Math.max(1, Math.floor(trainRows / used));
  return { bs: used, batchesPerEpoch, totalSteps: batchesPerEpoch * epochs };
}
