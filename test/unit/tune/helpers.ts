/** Shared by the sweep tests: a planted-structure dataset in memory and on disk, and a scripted executor. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generatePlanted, writeRatingsCsv, type PlantedOptions } from '../../../src/core/data/synthetic';
import { plantedDataset as plantedDatasetWithSeed } from '../train/planted-dataset';
import type { RatingsDataset } from '../../../src/core/data/types';
import type { TuneExecutor } from '../../../src/core/tune/executor';
import type { TuneFigures } from '../../../src/core/tune/metric';

/** A planted dataset split 80/20 (seed 42), built in memory as the loader would. */
export function plantedDataset(options: PlantedOptions = {}): RatingsDataset {
  return plantedDatasetWithSeed(options, 42);
}

/** A planted ratings.csv in a fresh temporary folder; returns the folder and the file. */
export function plantedFile(options: PlantedOptions = {}): { dir: string; file: string } {
  const dir = mkdtempSync(join(tmpdir(), 'collab-tune-'));
  return { dir, file: writeRatingsCsv(dir, generatePlanted(options)).ratingsFile };
}

/**
 * An executor whose fits take `seconds` of a fake clock each and return rmse = 1 + config.wd;
 * `onRun` sees each start (e.g. to cancel). Starts are recorded.
 */
export function scriptedExecutor(clock: { t: number }, seconds: number, slots = 1,
  onRun?: (n: number) => void): TuneExecutor & { started: number } {
  const ex = {
    slots, started: 0,
    async run(task: { config: { wd: number } }, signal: AbortSignal): Promise<TuneFigures> {
      ex.started++;
      onRun?.(ex.started);
      await new Promise((r) => setImmediate(r));
      signal.throwIfAborted();
      clock.t += seconds * 1000;
      return { mse: (1 + task.config.wd) ** 2, rmse: 1 + task.config.wd, mae: task.config.wd };
    },
    close: async () => undefined,
  };
  return ex;
}
