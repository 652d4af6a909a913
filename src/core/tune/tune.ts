/**
 * A whole sweep, as the command line (and later the run service) runs it: choose the space, load
 * and split the data once, fit every configuration on it with P workers, save tune.json.
 * resume.ts continues a saved sweep with the same pieces (spaceOf, openExecutor).
 */
import { availableParallelism } from 'node:os';
import { existsSync } from 'node:fs';
import type { TuneRequest } from './types';
import type { RatingsDataset } from '../data/types';
import { DEFAULT_SEED } from '../data/dataset';
import { DEFAULT_RANDOM, DEFAULT_GRID, parseGrid, parseRandom, type TuneConfig } from './space';
import { isRankingMetric, type TuneMetric } from './metric';
import { inProcessExecutor, workerPoolExecutor, type TuneExecutor } from './executor';
import { loadTuneData } from './data';
import { runSweep, type SweepOutcome, type TuneResult } from './sweep';
import { makeTuneId, saveTune, tunesDirFor, type TuneManifest } from './save';

export type { TuneRequest } from './types';

/** What a sweep reports when fitting starts. */
export interface TuneStartInfo {
  /** Configurations to fit now (a resumed sweep: those left). */
  configs: number;
  folds: number;
  parallel: number;
  workers: boolean;
  /** The metric the best is chosen by. */
  metric: TuneMetric;
  /** Only when resuming: configurations already finished and the size of the whole space. */
  resumed?: { finished: number; total: number };
}

export interface TuneHooks {
  signal?: AbortSignal;
  /** The space is known and the data is loaded: fitting starts. */
  onStart?: (info: TuneStartInfo) => void;
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

/** The executor of a sweep: P worker threads when a worker script is there and P > 1, else this thread. */
export function openExecutor(datasets: RatingsDataset[], options: {
  metric: TuneMetric; ranking: boolean; parallel?: number; tasks: number; workerPath?: string;
}): { executor: TuneExecutor; workers: boolean } {
  const ranking = options.ranking || isRankingMetric(options.metric) ? {} : undefined;
  const data = { datasets, ranking, rankNn: isRankingMetric(options.metric) };
  const parallel = Math.max(1, Math.min(options.parallel ?? availableParallelism(), options.tasks));
  const workers = parallel > 1 && options.workerPath !== undefined && existsSync(options.workerPath);
  return { executor: workers ? workerPoolExecutor(data, parallel, options.workerPath as string) : inProcessExecutor(data), workers };
}

/** The best of `results` by `metric` as tune.json records it. */
export function bestOf(results: TuneResult[], best: number, metric: TuneMetric): TuneManifest['best'] {
  const r = results[best];
  return r ? { index: r.index, params: r.params, value: r.metrics[metric] as number } : null;
}

/** Runs the sweep and saves it; resolves with the saved manifest and folder, also after a cancel. */
export async function runTune(request: TuneRequest, hooks: TuneHooks = {}): Promise<{ manifest: TuneManifest; dir: string; outcome: SweepOutcome }> {
  const createdAt = new Date();
  const metric = request.metric ?? 'rmse';
  const folds = request.folds ?? 1;
  const seed = request.seed ?? DEFAULT_SEED;
  const { space, kind, spec } = spaceOf(request);
  const datasets = await loadTuneData(request.file, {
    validFile: request.validFile, itemsFile: request.itemsFile, validPct: request.base?.validPct, seed, folds, signal: hooks.signal,
  });
  const ranking = request.ranking !== false;
  const { executor, workers } = openExecutor(datasets, {
    metric, ranking, parallel: request.parallel, tasks: space.length * folds, workerPath: request.workerPath,
  });
  hooks.onStart?.({ configs: space.length, folds, parallel: executor.slots, workers, metric });
  let outcome: SweepOutcome;
  try {
    outcome = await runSweep(space, {
      executor, metric, folds, budgetSeconds: request.budgetSeconds, signal: hooks.signal, onResult: hooks.onResult,
    });
  } finally {
    await executor.close();
  }
  const manifest: TuneManifest = {
    version: 1, id: makeTuneId(createdAt, request.file), createdAt: createdAt.toISOString(),
    source: { file: request.file, ...(request.validFile ? { validFile: request.validFile } : {}), ...(request.itemsFile ? { itemsFile: request.itemsFile } : {}) },
    space: { kind, spec, count: space.length, ...(kind === 'random' ? { seed } : {}) },
    metric, folds, parallel: executor.slots, ...(request.budgetSeconds !== undefined ? { budgetSeconds: request.budgetSeconds } : {}),
    end: outcome.end, seconds: outcome.seconds, results: outcome.results, best: bestOf(outcome.results, outcome.best, metric),
    base: request.base ?? {}, seed, ranking, rows: { train: datasets[0].train.length, valid: datasets[0].valid.length },
  };
  const dir = await saveTune(tunesDirFor(request.runsDir), manifest);
  return { manifest: { ...manifest, id: dir.split(/[\\/]/).pop() as string }, dir, outcome };
}
