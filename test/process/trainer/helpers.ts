/** Shared pieces of the trainer process tests: bundle paths, generated files, event collection. */
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { after } from 'node:test';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { generatePlanted, writeRatingsCsv, type PlantedOptions } from '../../../src/core/data/synthetic';
import type { TrainerToHost, TrainRequest } from '../../../src/protocol/trainer';
import type { TrainConfig } from '../../../src/core/run/types';
import { startTrainer, type TrainResult, type TrainerClientOptions, type TrainerSession } from '../../../src/trainer/client';

/** The repository root (tests run from out/test/process/trainer/). */
export const ROOT = resolve(__dirname, '../../../..');
export const TRAINER = join(ROOT, 'dist', 'trainer.js');
export const CLI = join(ROOT, 'bin', 'collab.js');

/** Fails early with the fix when the bundles are missing. */
export function requireBundles(): void {
  for (const file of [TRAINER, join(ROOT, 'dist', 'cli.js')]) {
    if (!existsSync(file)) throw new Error(`${file} is missing: run \`npm run build\` before the process tests.`);
  }
}

const madeDirs: string[] = [];
// Every test file that imports these helpers removes its temporary folders at the end.
after(() => { for (const dir of madeDirs) rmSync(dir, { recursive: true, force: true }); });

/** A fresh temporary folder, removed when the test file ends. */
export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'collab-trainer-'));
  madeDirs.push(dir);
  return dir;
}

/** Writes a planted ratings.csv (+ movies.csv) into a fresh folder. */
export function plantedCsv(options: PlantedOptions = {}): { dir: string; ratingsFile: string; itemsFile: string } {
  const dir = tempDir();
  const files = writeRatingsCsv(dir, generatePlanted({ users: 120, items: 60, ratingsPerUser: 25, ...options }));
  return { dir, ...files };
}

/** A small ratings.csv whose line `badLine` has a non-numeric rating in column 3. */
export function badRatingCsv(badLine: number): string {
  const dir = tempDir();
  const lines = ['userId,movieId,rating,timestamp'];
  for (let k = 2; k <= 30; k++) lines.push(k === badLine ? `${k % 5 + 1},${k % 7 + 1},abc,978300760` : `${k % 5 + 1},${k % 7 + 1},${k % 5 + 1},978300760`);
  const file = join(dir, 'ratings.csv');
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

/** fastai's recipe, shortened. */
export function config(overrides: Partial<TrainConfig> = {}): TrainConfig {
  return { model: 'dot', factors: 8, layers: [16, 8], dropout: 0, epochs: 3, lr: 5e-3, wd: 0.1, bs: 64, validPct: 0.2, seed: 7, ...overrides };
}

/** A request for `file` saving into `<dir of file>/.collab/runs`. */
export function request(file: string, overrides: Partial<TrainConfig> = {}, extra: Partial<TrainRequest> = {}): TrainRequest {
  return { file, config: config(overrides), runsDir: join(file, '..', '.collab', 'runs'), ...extra };
}

/** Starts the bundled trainer and records its events. */
export function start(req: TrainRequest, options: Omit<TrainerClientOptions, 'trainerPath'> = {}): {
  session: TrainerSession; events: TrainerToHost[]; result: Promise<TrainResult>;
} {
  const events: TrainerToHost[] = [];
  const session = startTrainer(req, {
    ...options, trainerPath: TRAINER,
    onEvent: (e) => { events.push(e); options.onEvent?.(e); },
  });
  return { session, events, result: session.result };
}

/** Entries of a runs folder (runs and temporary folders), or [] when it does not exist. */
export function runsIn(runsDir: string): string[] {
  return existsSync(runsDir) ? readdirSync(runsDir) : [];
}
