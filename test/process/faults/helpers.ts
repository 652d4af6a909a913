/**
 * Shared by the fault tests: the built trainer and CLI, generated ratings files, a training
 * session that records its events with timestamps, and snapshots of a runs folder.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { generatePlanted, writeRatingsCsv, type PlantedOptions } from '../../../src/core/data/synthetic';
import { DEFAULT_CONFIG } from '../../../src/trainer/defaults';
import { startTrainer, type TrainerClientOptions, type TrainerSession, type TrainResult } from '../../../src/trainer/client';
import { loadRun, listRuns } from '../../../src/core/run/load';
import type { TrainerToHost, TrainRequest } from '../../../src/protocol/trainer';
import type { TrainConfig } from '../../../src/core/run/types';

/** Repository root (tests run from out/test/process/faults/). */
export const ROOT = resolve(__dirname, '../../../..');
export const TRAINER = join(ROOT, 'dist', 'trainer.js');
export const CLI = join(ROOT, 'dist', 'cli.js');
/** Why a fault test is skipped when the bundles are missing (run `npm run build`). */
export const NEEDS_BUILD = existsSync(TRAINER) ? false : `needs ${TRAINER} (npm run build)`;

/** A ratings.csv with planted structure in `dir`; `size` picks users x ratings per user. */
export function ratingsFile(dir: string, size: 'tiny' | 'small' | 'large', options: PlantedOptions = {}): string {
  const shape: Record<typeof size, PlantedOptions> = {
    tiny: { users: 60, items: 40, ratingsPerUser: 15 },
    small: { users: 600, items: 300, ratingsPerUser: 40 },
    // ~2.4 M rows, ~60 MB: loading and each epoch take a few seconds, long enough to interrupt anywhere.
    large: { users: 24_000, items: 3_000, ratingsPerUser: 100 },
  };
  return writeRatingsCsv(dir, generatePlanted({ seed: 7, ...shape[size], ...options })).ratingsFile;
}

/** A training request with the book's recipe, shortened for tests. */
export function request(file: string, runsDir: string, config: Partial<TrainConfig> = {}): TrainRequest {
  return { file, runsDir, config: { ...DEFAULT_CONFIG, epochs: 1, factors: 8, bs: 256, ...config } };
}

/** A training being followed: its events (with ms since start) and helpers to wait on them. */
export interface Followed {
  session: TrainerSession;
  events: { at: number; event: TrainerToHost }[];
  started: number;
  /** Resolves with the first event matching `pred` (or undefined if the session ends first). */
  next(pred: (e: TrainerToHost) => boolean): Promise<TrainerToHost | undefined>;
  result: Promise<TrainResult>;
}

/** Starts the built trainer on `req` and records everything it says. */
export function follow(req: TrainRequest, options: TrainerClientOptions = {}): Followed {
  const started = performance.now();
  const events: Followed['events'] = [];
  const waiters: { pred: (e: TrainerToHost) => boolean; resolve: (e: TrainerToHost | undefined) => void }[] = [];
  const session = startTrainer(req, {
    trainerPath: TRAINER,
    ...options,
    onEvent: (event) => {
      events.push({ at: performance.now() - started, event });
      for (const w of [...waiters]) {
        if (w.pred(event)) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(event);
        }
      }
      options.onEvent?.(event);
    },
  });
  const result = session.result.then((r) => {
    for (const w of waiters.splice(0)) w.resolve(undefined);
    return r;
  });
  return {
    session, events, started, result,
    next: (pred) => {
      const seen = events.find((e) => pred(e.event));
      if (seen) return Promise.resolve(seen.event);
      return new Promise((res) => waiters.push({ pred, resolve: res }));
    },
  };
}

/** Fails the test if `work` takes longer than `ms` (a hang is a failure, not a stuck suite). */
export async function within<T>(ms: number, what: string, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([work, new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms);
    })]);
  } finally {
    clearTimeout(timer);
  }
}

/** Trains to completion and returns the saved run folder. */
export async function trainOk(req: TrainRequest, options: TrainerClientOptions = {}): Promise<string> {
  const f = follow(req, options);
  const result = await within(180_000, 'training', f.result);
  if (result.outcome !== 'done') assert.fail(`training did not finish: ${JSON.stringify(result)}`);
  return result.done.runDir;
}

/** sha256 of every file under every entry of a runs folder: what must not change. */
export function snapshot(runsDir: string): Map<string, string> {
  const out = new Map<string, string>();
  if (!existsSync(runsDir)) return out;
  const walk = (dir: string, prefix: string): void => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path, `${prefix}${name}/`);
      else out.set(`${prefix}${name}`, createHash('sha256').update(readFileSync(path)).digest('hex'));
    }
  };
  walk(runsDir, '');
  return out;
}

/** Entries of `before` that are missing or changed in `after`. */
export function changedEntries(before: Map<string, string>, after: Map<string, string>): string[] {
  return [...before].filter(([k, v]) => after.get(k) !== v).map(([k]) => k);
}

/**
 * Every run folder (not a `.tmp-` folder) in `runsDir` loads completely: no half-written run is
 * ever visible. Returns the run folder names.
 */
export async function assertOnlyCompleteRuns(runsDir: string): Promise<string[]> {
  const listed = await listRuns(runsDir);
  for (const entry of listed) {
    assert.equal(entry.error, undefined, `run ${entry.id} is readable: ${entry.error?.message}`);
    await loadRun(entry.dir);
  }
  return listed.map((e) => e.id);
}

/** A seeded random number generator so random kill moments are reproducible. */
export { seededRandom as seeded } from '../../../src/core/data/random';

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
