/** The panel tests' planted run (test/browser/fixture-run.ts), saved to a real runs folder on disk. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { saveRun } from '../../../src/core/run/save';
import type { LoadedRun } from '../../../src/core/run/types';
import { fixtureRun, type FixtureOptions } from '../../browser/fixture-run';

/** A saved fixture run: its runs folder, its run folder, and the run as built in memory. */
export interface SavedFixture {
  runsDir: string;
  dir: string;
  run: LoadedRun;
}

/** Saves `fixtureRun(options)` into a fresh temporary runs folder. */
export async function savedFixture(options: FixtureOptions = {}, runsDir = mkdtempSync(join(tmpdir(), 'collab-run-service-'))): Promise<SavedFixture> {
  const built = fixtureRun(options);
  // Trained runs always carry their y_range (the model is rebuilt from it to predict).
  const config = built.manifest.config && { ...built.manifest.config, yRange: built.manifest.config.yRange ?? [0, 5.5] as [number, number] };
  const run: LoadedRun = { ...built, manifest: { ...built.manifest, config } };
  const { version: _v, id, tensors: _t, ...manifest } = run.manifest;
  const saved = await saveRun(runsDir, {
    id, manifest,
    tensors: [...run.tensors].map(([name, t]) => ({ name, shape: t.shape, data: t.data })),
    lineIndexes: run.rows && {
      items: { offsets: run.rows.itemOffsets, lines: run.rows.itemLines },
      users: { offsets: run.rows.userOffsets, lines: run.rows.userLines },
    },
  });
  return { runsDir, dir: saved.dir, run: { ...run, dir: saved.dir } };
}
