/**
 * A whole sweep, as the command line (and later the run service) runs it: choose the space, load
 * and split the data once, fit every configuration on it with P workers, save tune.json.
 */
import { availableParallelism } from 'node:os';
import { existsSync } from 'node:fs';
import type { TuneRequest } from './types';
import { DEFAULT_RANDOM, DEFAULT_GRID, parseGrid, parseRandom, type TuneConfig } from './space';
import { isRankingMetric } from './metric';
import { inProcessExecutor, workerPoolExecutor, type TuneExecutor } from './executor';
import { loadTuneData } from './data';
import { runSweep, type SweepOutcome, type TuneResult } from './sweep';
import { makeTuneId, saveTune, tunesDirFor, type TuneManifest } from './save';

export type { TuneRequest } from './types';

export interface TuneHooks {
  signal?: AbortSignal;
  /** The space is known and the data is loaded: fitting starts. */
  onStart?: (info: { configs: number; folds: number; parallel: number; workers: boolean }) => void;
  onResult?: (result: TuneResult) => void;
}

/** The space of a request: its grid, its random draws, or the default grid (errors name the bad term). */
export function spaceOf(request: Pick<TuneRequest, 'grid' | 'random' | 'ranges' | 'seed' | 'yes' | 'base' | 'validFile'>):
{ space: TuneConfig[]; kind: TuneManifest['space']['kind']; spec: string } {
  const options = { base: request.base, yes: request.yes, context: { validFile: request.validFile !== undefined } };
  if (request.grid !== undefined) return { space: parseGrid(request.grid, options), kind: 'grid', spec: request.grid };
  if (request.random !== undefined) {
    const spec = request.ranges ?? DEFAULT_RANDOM;
    return { space: parseRandom(spec, request.random, request.seed ?? 42, options), kind: 'random', spec };
  }
  return { space: parseGrid(DEFAULT_GRID, options), kind: 'default', spec: DEFAULT_GRID };
}

/** Runs the sweep and saves it; resolves with the saved manifest and folder, also after a cancel. */
export async function runTune(request: TuneRequest, hooks: TuneHooks = {}): Promise<{ manifest: TuneManifest; dir: string; outcome: SweepOutcome }> {
  const createdAt = new Date();
  const metric = request.metric ?? 'rmse';
  const folds = request.folds ?? 1;
  const { space, kind, spec } = spaceOf(request);
  const datasets = await loadTuneData(request.file, {
    validFile: request.validFile, itemsFile: request.itemsFile, validPct: request.base?.validPct, seed: request.seed, folds, signal: hooks.signal,
  });
  const ranking = request.ranking !== false || isRankingMetric(metric) ? {} : undefined;
  const parallel = Math.max(1, Math.min(request.parallel ?? availableParallelism(), space.length * folds));
  const workers = parallel > 1 && request.workerPath !== undefined && existsSync(request.workerPath);
  const executor: TuneExecutor = workers
    ? workerPoolExecutor({ datasets, ranking, rankNn: isRankingMetric(metric) }, parallel, request.workerPath as string)
    : inProcessExecutor({ datasets, ranking, rankNn: isRankingMetric(metric) });
  hooks.onStart?.({ configs: space.length, folds, parallel: executor.slots, workers });
  let outcome: SweepOutcome;
  try {
    outcome = await runSweep(space, {
      executor, metric, folds, budgetSeconds: request.budgetSeconds, signal: hooks.signal, onResult: hooks.onResult,
    });
  } finally {
    await executor.close();
  }
  const best = outcome.results[outcome.best];
  const manifest: TuneManifest = {
    version: 1, id: makeTuneId(createdAt, request.file), createdAt: createdAt.toISOString(),
    source: { file: request.file, ...(request.validFile ? { validFile: request.validFile } : {}) },
    space: { kind, spec, count: space.length, ...(kind === 'random' ? { seed: request.seed ?? 42 } : {}) },
    metric, folds, parallel: executor.slots, ...(request.budgetSeconds !== undefined ? { budgetSeconds: request.budgetSeconds } : {}),
    end: outcome.end, seconds: outcome.seconds, results: outcome.results,
    best: best ? { index: best.index, params: best.params, value: best.metrics[metric] as number } : null,
  };
  const dir = await saveTune(tunesDirFor(request.runsDir), manifest);
  return { manifest: { ...manifest, id: dir.split(/[\\/]/).pop() as string }, dir, outcome };
}
