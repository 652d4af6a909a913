/**
 * fastai's learning-rate range test (fastai/callback/schedule.py: LRFinder, Learner.lr_find and the
 * suggestion methods valley, slide, minimum, steep), without the training: the schedule, the record
 * of smoothed losses with its stop rule, and the suggestions.
 * - Batch i (0-based) trains at start_lr * (end_lr / start_lr) ** (i / num_it) (SchedExp at
 *   pos = train_iter / num_it), so the last of num_it batches runs just below end_lr.
 * - The recorded loss is the Recorder's smooth_loss (EMA beta 0.98, debiased), recorded after each
 *   batch; the test stops after a batch whose smoothed loss exceeds 4x the best so far (stop_div),
 *   or after num_it batches. One deviation: a non-finite smoothed loss also stops the test (fastai
 *   runs on through NaNs, and then drops them and everything after before suggesting).
 * - Suggestions see the record without its first num_it // 10 and last 5 points, cut at the first NaN.
 * fastai computes the suggestions in float32 tensors; here they run in float64.
 */
import { SmoothLoss } from './smooth-loss';

/** Options of the range test, fastai's defaults. */
export interface LrFindOptions {
  startLr?: number;
  endLr?: number;
  /** Batches to run at most; fastai raises anything below 6 to 6. */
  numIt?: number;
  /** Stop once the smoothed loss exceeds 4x the best. */
  stopDiv?: boolean;
}

export const LR_FIND_DEFAULTS: Required<LrFindOptions> = { startLr: 1e-7, endLr: 10, numIt: 100, stopDiv: true };

/** The options with fastai's defaults filled in (and numIt at least 6). */
export function lrFindOptions(options: LrFindOptions = {}): Required<LrFindOptions> {
  const o = { ...LR_FIND_DEFAULTS, ...options };
  if (!(o.startLr > 0 && o.endLr > o.startLr)) throw new RangeError(`lr_find needs 0 < start lr < end lr, not ${o.startLr} and ${o.endLr}`);
  if (!Number.isInteger(o.numIt)) throw new RangeError(`lr_find's number of iterations must be a whole number, not ${o.numIt}`);
  return { ...o, numIt: Math.max(6, o.numIt) };
}

/** The learning rate of batch i (0-based): SchedExp(startLr, endLr) at i / numIt. */
export function lrFindSchedule(i: number, options: LrFindOptions = {}): number {
  const { startLr, endLr, numIt } = lrFindOptions(options);
  return startLr * Math.pow(endLr / startLr, i / numIt);
}

/** The record of a range test as it runs: learning rates, smoothed losses, and when to stop. */
export class LrFinderState {
  /** The learning rate of each recorded batch. */
  readonly lrs: number[] = [];
  /** The smoothed loss after each recorded batch (what fastai plots and suggests from). */
  readonly losses: number[] = [];
  readonly options: Required<LrFindOptions>;
  private readonly smooth = new SmoothLoss(0.98);
  private best = Infinity;

  constructor(options: LrFindOptions = {}) {
    this.options = lrFindOptions(options);
  }

  /** Batches recorded so far. */
  get iterations(): number {
    return this.lrs.length;
  }

  /** The learning rate the next batch should train at. */
  get nextLr(): number {
    const { startLr, endLr, numIt } = this.options;
    return startLr * Math.pow(endLr / startLr, this.lrs.length / numIt);
  }

  /** Records a batch trained at `lr` with mean loss `loss`; says whether to run another. */
  record(lr: number, loss: number): 'continue' | 'stop' {
    this.smooth.add(loss);
    const smoothed = this.smooth.value;
    this.lrs.push(lr);
    this.losses.push(smoothed);
    if (smoothed < this.best) this.best = smoothed;
    if (!Number.isFinite(smoothed)) return 'stop';
    if (this.options.stopDiv && smoothed > 4 * this.best) return 'stop';
    return this.lrs.length >= this.options.numIt ? 'stop' : 'continue';
  }
}

/** fastai's suggestion methods (SuggestionMethod); valley is lr_find's default. */
export type SuggestionMethod = 'valley' | 'slide' | 'minimum' | 'steep';

/** A suggested learning rate and the point of the curve it marks (fastai's (lr, (x, y))). */
export interface LrSuggestion {
  method: SuggestionMethod;
  lr: number;
  at: { lr: number; loss: number };
}

/**
 * fastai lr_find's suggestion from a whole record: drops the first floor(numIt / 10) and last 5
 * points and everything from the first NaN, then applies `method`. Undefined when too few points
 * are left for it (fastai fails there).
 */
export function suggestLr(lrs: ArrayLike<number>, losses: ArrayLike<number>, method: SuggestionMethod = 'valley',
  numIt = LR_FIND_DEFAULTS.numIt): LrSuggestion | undefined {
  const start = Math.floor(numIt / 10), end = Math.max(0, lrs.length - 5);
  let x = Array.from(lrs).slice(start, end), y = Array.from(losses).slice(start, end);
  const nan = y.findIndex(Number.isNaN);
  if (nan >= 0) {
    x = x.slice(0, nan);
    y = y.slice(0, nan);
  }
  return SUGGESTERS[method](x, y);
}

const SUGGESTERS: Record<SuggestionMethod, (lrs: number[], losses: number[]) => LrSuggestion | undefined> = {
  valley, slide, minimum, steep,
};

/** Python's negative indices: lrs[-1] is the last. */
const wrap = (index: number, n: number): number => (index < 0 ? index + n : index);

/**
 * fastai's valley: the longest strictly decreasing run of losses (longest decreasing subsequence,
 * O(n^2) over about 85 points), then the point about two thirds of the way along it. Kept exactly as
 * fastai writes it: the start is end - length (one before the run's first point), so a run from the
 * very first point starts at -1 and a Python-style index -1 (the last point) can come out.
 */
export function valley(lrs: number[], losses: number[]): LrSuggestion | undefined {
  const n = losses.length;
  if (n < 1) return undefined;
  let maxStart = 0, maxEnd = 0;
  const lds = new Int32Array(n).fill(1);
  for (let i = 1; i < n; i++) {
    for (let j = 0; j < i; j++) {
      if (losses[i] < losses[j] && lds[i] < lds[j] + 1) lds[i] = lds[j] + 1;
      if (lds[maxEnd] < lds[i]) {
        maxEnd = i;
        maxStart = maxEnd - lds[maxEnd];
      }
    }
  }
  const sections = (maxEnd - maxStart) / 3;
  const idx = wrap(maxStart + Math.trunc(sections) + Math.trunc(sections / 2), n);
  return { method: 'valley', lr: lrs[idx], at: { lr: lrs[idx], loss: losses[idx] } };
}

/** fastai's minimum: a tenth of the learning rate at the lowest loss. */
export function minimum(lrs: number[], losses: number[]): LrSuggestion | undefined {
  if (losses.length < 1) return undefined;
  let best = 0;
  for (let i = 1; i < losses.length; i++) if (losses[i] < losses[best]) best = i;
  return { method: 'minimum', lr: lrs[best] / 10, at: { lr: lrs[best], loss: losses[best] } };
}

/** fastai's steep: the learning rate where the loss falls fastest against log(lr). */
export function steep(lrs: number[], losses: number[]): LrSuggestion | undefined {
  if (losses.length < 2) return undefined;
  let best = 0, bestGrad = Infinity;
  for (let i = 0; i + 1 < losses.length; i++) {
    const grad = (losses[i + 1] - losses[i]) / (Math.log(lrs[i + 1]) - Math.log(lrs[i]));
    if (grad < bestGrad) {
      bestGrad = grad;
      best = i;
    }
  }
  return { method: 'steep', lr: lrs[best], at: { lr: lrs[best], loss: losses[best] } };
}

/**
 * fastai's slide (lr_diff 15, thresh 0.005, adjust_value 1): walks a window of 15 points left from
 * the end while the loss gradients at its two ends differ by more than thresh.
 */
export function slide(lrs: number[], losses: number[], lrDiff = 15, thresh = 0.005, adjustValue = 1): LrSuggestion | undefined {
  const n = losses.length;
  if (n < Math.max(2, lrDiff + 1)) return undefined;
  // numpy.gradient with unit spacing: one-sided at the ends, central inside
  const grad = losses.map((_, i) => (i === 0 ? losses[1] - losses[0] : i === n - 1 ? losses[n - 1] - losses[n - 2]
    : (losses[i + 1] - losses[i - 1]) / 2));
  let r = -1, l = r - lrDiff;
  let localMinLr = lrs[wrap(l, n)];
  while (l >= -n && Math.abs(grad[wrap(r, n)] - grad[wrap(l, n)]) > thresh) {
    localMinLr = lrs[wrap(l, n)];
    r--;
    l--;
  }
  const lr = localMinLr * adjustValue;
  return { method: 'slide', lr, at: { lr, loss: interpolate(Math.log10(lr), lrs.map(Math.log10), losses) } };
}

/** numpy.interp: linear between the points of increasing xs, the end values outside them. */
function interpolate(x: number, xs: number[], ys: number[]): number {
  if (x <= xs[0]) return ys[0];
  for (let i = 1; i < xs.length; i++) {
    if (x <= xs[i]) return ys[i - 1] + ((ys[i] - ys[i - 1]) * (x - xs[i - 1])) / (xs[i] - xs[i - 1]);
  }
  return ys[ys.length - 1];
}
