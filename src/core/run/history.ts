/**
 * The per-batch training history a run keeps (RunManifest.history): the smoothed loss and the
 * learning rate at the reported steps, thinned to a bounded count as training goes on, so a panel
 * opened after training draws the same per-batch curve a live panel did.
 */
import type { RunHistory } from './types';

/** Most points a saved history holds (a few KB of JSON whatever the run's length). */
export const HISTORY_POINTS = 1000;

/** One reported batch (the fields of the fit loop's BatchProgress that the history keeps). */
export interface HistoryBatch {
  step: number;
  totalSteps: number;
  batchesPerEpoch: number;
  smoothLoss: number;
  lr: number;
}

/** Collects reported batches; keeps one in `stride`, doubling the stride (and halving the points) when full. */
export class HistoryRecorder {
  private readonly step: number[] = [];
  private readonly loss: number[] = [];
  private readonly lr: number[] = [];
  private stride = 1;
  private seen = 0;
  private totalSteps = 0;
  private batchesPerEpoch = 0;

  constructor(private readonly maxPoints = HISTORY_POINTS) {}

  /** Records one batch (non-finite losses, e.g. a diverged run, are skipped: JSON cannot hold them). */
  add(batch: HistoryBatch): void {
    this.totalSteps = batch.totalSteps;
    this.batchesPerEpoch = batch.batchesPerEpoch;
    if (this.seen++ % this.stride !== 0 || !Number.isFinite(batch.smoothLoss)) return;
    this.step.push(batch.step);
    this.loss.push(batch.smoothLoss);
    this.lr.push(batch.lr);
    if (this.step.length >= this.maxPoints) {
      for (const list of [this.step, this.loss, this.lr]) {
        const kept = list.filter((_, i) => i % 2 === 0);
        list.length = 0;
        list.push(...kept);
      }
      this.stride *= 2;
    }
  }

  /** The history to save, or undefined when no batch was reported. */
  history(): RunHistory | undefined {
    if (this.step.length === 0) return undefined;
    return {
      step: [...this.step], loss: [...this.loss], lr: [...this.lr],
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
