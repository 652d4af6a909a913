/**
 * A tuning sweep: the configurations of a space trained on datasets built once (one, or K folds),
 * up to `executor.slots` at a time, each configuration's figures reported as it finishes. A budget
 * stops starting new configurations; a cancel stops at once and keeps what finished.
 */
import type { TuneConfig } from './space';
import type { SweepEnd, TuneResult } from './types';
import { bestIndex, foldSummary, type TuneFigures, type TuneMetric } from './metric';
import type { TuneExecutor } from './executor';

export type { SweepEnd, TuneResult } from './types';

export interface SweepOptions {
  executor: TuneExecutor;
  metric: TuneMetric;
  /** Datasets to fit each configuration on (1, or K folds). */
  folds: number;
  /** Stop starting new configurations after this many seconds (undefined: no budget). */
  budgetSeconds?: number;
  signal?: AbortSignal;
  /** Called as each configuration finishes (all its folds), in finishing order. */
  onResult?: (result: TuneResult) => void;
  /** Clock in milliseconds (tests). */
  now?: () => number;
}

export interface SweepOutcome {
  results: TuneResult[];
  /** Index into `results` of the best by the metric, or -1 when none finished. */
  best: number;
  end: SweepEnd;
  /** Configurations never started (budget or cancel). */
  skipped: number;
  seconds: number;
}

/** Runs `space` with `options.executor`; resolves (never rejects on cancel) with what finished. */
export async function runSweep(space: TuneConfig[], options: SweepOptions): Promise<SweepOutcome> {
  const { executor, folds, signal } = options;
  const now = options.now ?? (() => performance.now());
  const started = now();
  const inner = new AbortController();
  const onAbort = (): void => inner.abort(signal?.reason);
  if (signal?.aborted) inner.abort(signal.reason);
  signal?.addEventListener('abort', onAbort, { once: true });

  const results: TuneResult[] = [];
  const perConfig = space.map(() => ({ figures: [] as TuneFigures[], seconds: 0, left: folds }));
  let nextConfig = 0;
  let nextFold = 0;
  let end: SweepEnd = 'done';
  const overBudget = (): boolean => options.budgetSeconds !== undefined && (now() - started) / 1000 >= options.budgetSeconds;

  /** The next task, or undefined: a new configuration only within the budget; started configurations finish their folds. */
  const take = (): { c: number; fold: number } | undefined => {
    if (inner.signal.aborted || nextConfig >= space.length) return undefined;
    if (nextFold === 0 && overBudget()) {
      end = 'budget';
      return undefined;
    }
    const task = { c: nextConfig, fold: nextFold };
    if (++nextFold >= folds) { nextFold = 0; nextConfig++; }
    return task;
  };

  const lane = async (): Promise<void> => {
    for (let task = take(); task; task = take()) {
      const t0 = now();
      let figures: TuneFigures;
      try {
        figures = await executor.run({ config: space[task.c].config, fold: task.fold }, inner.signal);
      } catch (error) {
        if (inner.signal.aborted) return;
        throw error;
      }
      const slot = perConfig[task.c];
      slot.figures[task.fold] = figures;
      slot.seconds += (now() - t0) / 1000;
      if (--slot.left > 0) continue;
      const { params, config } = space[task.c];
      const summary = folds > 1 ? foldSummary(slot.figures) : undefined;
      const result: TuneResult = {
        index: task.c, params, config, metrics: summary?.mean ?? figures, seconds: slot.seconds,
        ...(summary ? { std: summary.std, folds: slot.figures } : {}),
      };
      results.push(result);
      options.onResult?.(result);
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.max(1, executor.slots) }, lane));
  } catch (error) {
    inner.abort(error);
    throw error;
  } finally {
    signal?.removeEventListener('abort', onAbort);
  }
  if (signal?.aborted) end = 'cancelled';
  const startedConfigs = nextConfig + (nextFold > 0 ? 1 : 0);
  return {
    results, best: bestIndex(results.map((r) => r.metrics), options.metric), end,
    skipped: space.length - startedConfigs, seconds: (now() - started) / 1000,
  };
}
