/**
 * The per-batch training history a run keeps (RunManifest.history): the smoothed loss and the
 * learning rate at the reported steps, thinned to a bounded count as training goes on, so a panel
 * opened after training draws the same per-batch curve a live panel did.
 */
import { HISTORY_POINTS, ThinnedSeries } from '../../common/thinning';
import type { RunHistory } from './types';

/** Most points a saved history holds: the one cap of every loss history (src/common/thinning). */
export { HISTORY_POINTS };

/** One reported batch (the fields of the fit loop's BatchProgress that the history keeps). */
export interface HistoryBatch {
  step: number;
  totalSteps: number;
  batchesPerEpoch: number;
  smoothLoss: number;
  lr: number;
}

/** Collects reported batches, thinned by the shared rule (the same points a live panel keeps). */
export class HistoryRecorder {
  private readonly points: ThinnedSeries<{ step: number; loss: number; lr: number }>;
  private totalSteps = 0;
  private batchesPerEpoch = 0;

  constructor(maxPoints = HISTORY_POINTS) {
    this.points = new ThinnedSeries(maxPoints);
  }

  /** Records one batch. */
  add(batch: HistoryBatch): void {
    this.totalSteps = batch.totalSteps;
    this.batchesPerEpoch = batch.batchesPerEpoch;
    this.points.push({ step: batch.step, loss: batch.smoothLoss, lr: batch.lr });
  }

  /** The history to save (non-finite losses, e.g. of a diverged run, left out: JSON cannot hold them), or undefined when there is none. */
  history(): RunHistory | undefined {
    const points = this.points.points().filter((p) => Number.isFinite(p.loss));
    if (points.length === 0) return undefined;
    return {
      step: points.map((p) => p.step), loss: points.map((p) => p.loss), lr: points.map((p) => p.lr),
      totalSteps: this.totalSteps, batchesPerEpoch: this.batchesPerEpoch,
    };
  }
}

/** The first thing wrong with a saved history's shape, or undefined when it is sound. */
export function historyProblem(h: unknown): string | undefined {
  if (typeof h !== 'object' || h === null || Array.isArray(h)) return 'its batch history is not an object';
  const { step, loss, lr, totalSteps, batchesPerEpoch } = h as Record<string, unknown>;
  const numbers = (v: unknown): v is number[] => Array.isArray(v) && v.every((x) => typeof x === 'number' && Number.isFinite(x));
  if (!numbers(step) || !numbers(loss) || !numbers(lr)) return 'its batch history has non-numeric values';
  if (step.length !== loss.length || step.length !== lr.length) return 'its batch history lists differ in length';
  const positiveInt = (v: unknown): boolean => Number.isInteger(v) && (v as number) > 0;
  if (!positiveInt(totalSteps) || !positiveInt(batchesPerEpoch)) return 'its batch history has no step counts';
  return undefined;
}
