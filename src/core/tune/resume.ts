/**
 * Continuing a saved sweep that a cancel or its budget stopped: the same space (spec, kind, seed,
 * base options) and the same split are rebuilt from tune.json, the configurations not in its
 * results are fitted, and tune.json is rewritten in place (results appended, seconds summed, best
 * recomputed, the resume recorded in `resumed`). The fits are seeded, so a configuration gets the
 * same figures whether it ran before the stop or after the resume.
 */
import { existsSync } from 'node:fs';
import { open, readFile, rm } from 'node:fs/promises';
import { isAbsolute, join, resolve } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { bestIndex } from './metric';
import { loadTuneData } from './data';
import { runSweep, type SweepOutcome, type TuneResult } from './sweep';
import { readTune } from './read';
import { rewriteTune, TUNE_FILE, tunesDirFor, type TuneManifest } from './save';
import { bestOf, openExecutor, spaceOf, type TuneHooks } from './tune';

/** Why a sweep cannot be resumed: `done` (nothing left), `old` (saved without what a resume needs), `changed` (the data or space differ), `busy`. */
export type TuneResumeProblem = 'done' | 'old' | 'changed' | 'busy';

/** A sweep that cannot be resumed, with a reason a person can act on. */
export class TuneResumeError extends Error {
  override name = 'TuneResumeError';
  constructor(readonly dir: string, readonly problem: TuneResumeProblem, message: string) {
    super(message);
  }
}

/** How a resume runs (the space, split and metric come from tune.json). */
export interface ResumeOptions {
  /** Start no new configuration after this many seconds of this resume (default: none). */
  budgetSeconds?: number;
  /** Workers (default: the machine's cores). */
  parallel?: number;
  /** dist/tune-worker.js; without it (or with P = 1) fits run on this thread. */
  workerPath?: string;
}

/** The folder of a sweep named by its folder, or by its id in the tunes folder beside `runsDir`. */
export function tuneDirOf(idOrDir: string, runsDir: string): string {
  const asPath = resolve(idOrDir);
  if (isAbsolute(idOrDir) || existsSync(join(asPath, TUNE_FILE))) return asPath;
  return join(tunesDirFor(runsDir), idOrDir);
}

/** The fields a resume needs that sweeps saved before resumes existed lack. */
function missingFields(m: TuneManifest): string[] {
  return (['base', 'seed', 'ranking'] as const).filter((k) => m[k] === undefined);
}

/** Holds `<dir>/.resume.lock` while `work` runs, so two resumes of one sweep cannot interleave; a lock left by a dead process is taken over. */
async function withLock<T>(dir: string, work: () => Promise<T>): Promise<T> {
  const lock = join(dir, '.resume.lock');
  for (let attempt = 0; ; attempt++) {
    try {
      const handle = await open(lock, 'wx');
      await handle.writeFile(String(process.pid));
      await handle.close();
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 0) throw error;
      const pid = Number(await readFile(lock, 'utf8').catch(() => ''));
      if (Number.isInteger(pid) && pid > 0 && isAlive(pid)) {
        throw new TuneResumeError(dir, 'busy', `The sweep in ${dir} is being resumed by process ${pid}; wait for it to finish.`);
      }
      await rm(lock, { force: true });
    }
  }
  try {
    return await work();
  } finally {
    await rm(lock, { force: true });
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The configurations of `m`'s space, rebuilt as the first run built them, checked against its saved results. */
function rebuiltSpace(dir: string, m: TuneManifest): ReturnType<typeof spaceOf>['space'] {
  const request = { base: m.base, yes: true, validFile: m.source.validFile };
  const { space } = m.space.kind === 'random'
    ? spaceOf({ ...request, random: m.space.count, ranges: m.space.spec, seed: m.space.seed ?? m.seed })
    : spaceOf({ ...request, grid: m.space.spec });
  const mismatch = m.results.find((r) => !isDeepStrictEqual(space[r.index]?.params, r.params));
  if (space.length !== m.space.count || mismatch) {
    throw new TuneResumeError(dir, 'changed', `The sweep in ${dir} cannot be resumed: its search space no longer rebuilds the same `
      + `configurations${mismatch ? ` (configuration ${mismatch.index + 1} differs)` : ''}.`);
  }
  return space;
}

/**
 * Continues the sweep saved in `dir` (a cancelled or budget-stopped one): fits the configurations
 * not in its results on the same split, streaming them through `hooks` as runTune does, and
 * rewrites `dir/tune.json` atomically. Resolves with the whole sweep: `outcome.results` and
 * `outcome.best` cover every finished configuration, `outcome.seconds` and `skipped` this resume.
 * Rejects with TuneResumeError when the sweep is done, was saved by a Collab without resumes, its
 * data or space changed, or another process is resuming it; with TuneLoadError when unreadable.
 */
export async function resumeTune(dir: string, hooks: TuneHooks = {}, options: ResumeOptions = {}):
Promise<{ manifest: TuneManifest; dir: string; outcome: SweepOutcome }> {
  const saved = await readTune(dir);
  const finished = new Set(saved.results.map((r) => r.index));
  if (saved.end === 'done' || finished.size >= saved.space.count) {
    throw new TuneResumeError(dir, 'done', `Nothing to resume: all ${saved.space.count} configurations of ${saved.id} have finished.`);
  }
  const missing = missingFields(saved);
  if (missing.length) {
    throw new TuneResumeError(dir, 'old', `The sweep ${saved.id} cannot be resumed: it was saved by an older Collab that did not `
      + `record its ${missing.join(', ')}. Run the sweep again.`);
  }
  return withLock(dir, async () => {
    const at = new Date();
    const space = rebuiltSpace(dir, saved);
    const datasets = await loadTuneData(saved.source.file, {
      validFile: saved.source.validFile, itemsFile: saved.source.itemsFile, validPct: saved.base?.validPct, seed: saved.seed,
      folds: saved.folds, signal: hooks.signal,
    });
    const rows = { train: datasets[0].train.length, valid: datasets[0].valid.length };
    if (saved.rows && !isDeepStrictEqual(rows, saved.rows)) {
      throw new TuneResumeError(dir, 'changed', `The sweep ${saved.id} cannot be resumed: ${saved.source.file} now splits into `
        + `${rows.train} training and ${rows.valid} validation rows, not the ${saved.rows.train} and ${saved.rows.valid} it was tuned on.`);
    }
    const left = space.map((_, i) => i).filter((i) => !finished.has(i));
    const { executor, workers } = openExecutor(datasets, {
      metric: saved.metric, ranking: saved.ranking as boolean, parallel: options.parallel, tasks: left.length * saved.folds,
      workerPath: options.workerPath,
    });
    hooks.onStart?.({ configs: left.length, folds: saved.folds, parallel: executor.slots, workers, metric: saved.metric,
      resumed: { finished: finished.size, total: space.length } });
    // The sweep runs over the configurations left; their results carry their index in the whole space.
    const toWhole = (r: TuneResult): TuneResult => ({ ...r, index: left[r.index] });
    let part: SweepOutcome;
    try {
      part = await runSweep(left.map((i) => space[i]), {
        executor, metric: saved.metric, folds: saved.folds, budgetSeconds: options.budgetSeconds, signal: hooks.signal,
        onResult: (r) => hooks.onResult?.(toWhole(r)),
      });
    } finally {
      await executor.close();
    }
    const results = [...saved.results, ...part.results.map(toWhole)];
    const best = bestIndex(results.map((r) => r.metrics), saved.metric);
    const manifest: TuneManifest = {
      ...saved, end: part.end, seconds: saved.seconds + part.seconds, results, best: bestOf(results, best, saved.metric),
      resumed: [...(saved.resumed ?? []), {
        at: at.toISOString(), seconds: part.seconds, finished: part.results.length, end: part.end, parallel: executor.slots,
        ...(options.budgetSeconds !== undefined ? { budgetSeconds: options.budgetSeconds } : {}),
      }],
    };
    await rewriteTune(dir, manifest);
    return { manifest, dir, outcome: { ...part, results, best } };
  });
}
