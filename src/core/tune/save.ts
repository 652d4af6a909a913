/**
 * A sweep on disk: `<root>/.collab/tunes/<id>/tune.json`, beside the runs folder, written as runs
 * are (a temp folder, then one rename), so a reader never sees half a sweep.
 */
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { TEMP_PREFIX, sourceSlug, uniqueRunId } from '../run/id';
import type { TuneManifest } from './types';

/** The file a sweep is saved in. */
export const TUNE_FILE = 'tune.json';

export type { TuneManifest, TuneResumption } from './types';

/** The tunes folder beside a runs folder (`.collab/runs` -> `.collab/tunes`). */
export function tunesDirFor(runsDir: string): string {
  return join(dirname(runsDir), 'tunes');
}

/** `tune-20261207-131500-u1` style id: time and source file. */
export function makeTuneId(date: Date, sourceFile: string): string {
  const stamp = date.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `tune-${stamp}-${sourceSlug(basename(sourceFile))}`;
}

/** Writes `manifest` to `<tunesDir>/<id>/tune.json` atomically; returns the folder (the id gains a suffix if taken). */
export async function saveTune(tunesDir: string, manifest: TuneManifest): Promise<string> {
  await mkdir(tunesDir, { recursive: true });
  const id = uniqueRunId(manifest.id, (c) => existsSync(join(tunesDir, c)) || existsSync(join(tunesDir, TEMP_PREFIX + c)));
  const temp = join(tunesDir, TEMP_PREFIX + id);
  const final = join(tunesDir, id);
  await mkdir(temp, { recursive: true });
  try {
    await writeFile(join(temp, TUNE_FILE), `${JSON.stringify({ ...manifest, id }, null, 2)}\n`);
    await rename(temp, final);
  } catch (error) {
    await rm(temp, { recursive: true, force: true });
    throw error;
  }
  return final;
}

/** Replaces `<dir>/tune.json` with `manifest` atomically (a temp file in the same folder, then one rename). */
export async function rewriteTune(dir: string, manifest: TuneManifest): Promise<void> {
  const temp = join(dir, `${TEMP_PREFIX}${TUNE_FILE}-${process.pid}-${Date.now()}`);
  try {
    await writeFile(temp, `${JSON.stringify(manifest, null, 2)}\n`);
    await rename(temp, join(dir, TUNE_FILE));
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}
