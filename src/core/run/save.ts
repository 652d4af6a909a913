/**
 * Saving a run atomically: every file is written and flushed into `<runsDir>/.tmp-<id>/`, run.json
 * last, then the folder is renamed to `<runsDir>/<id>/`. A save that fails, is cancelled or is
 * killed midway leaves no run folder and never touches an existing one.
 */
import { join } from 'node:path';
import { existsSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { RUN_FILES, RUN_FORMAT_VERSION, type RunManifest } from './types';
import { lineIndexParts, lineOffsetsBytes, tensorParts, type LineIndex, type NamedTensor } from './binary';
import type { LineCheckpoints } from '../csv/line-offsets';
import { TEMP_PREFIX, isRunId, uniqueRunId } from './id';
import { WRITER_FILE, claimTemp, cleanStaleTemps } from './temp';

/** Everything a run folder holds; version, id and tensor offsets are filled in by saveRun. */
export interface SaveRunInput {
  /** Preferred id (see makeRunId); `-2`, `-3`... is appended when it is taken. */
  id: string;
  manifest: Omit<RunManifest, 'version' | 'id' | 'tensors'>;
  tensors: readonly NamedTensor[];
  /** Source lines per item and per user (rows.bin); omitted for imported runs. */
  lineIndexes?: { items: LineIndex; users: LineIndex };
  /** Byte offsets of the source's lines (lines.bin, recorded in source.lines); only with a source. */
  lineOffsets?: LineCheckpoints;
}

/** Options of saveRun: cancellation, and a test hook run just before the rename. */
export interface SaveRunOptions {
  signal?: AbortSignal;
  beforeCommit?: (tempDir: string) => Promise<void> | void;
}

/** Where a saved run ended up. */
export interface SavedRun {
  id: string;
  dir: string;
  manifest: RunManifest;
}

async function writeFileSynced(path: string, write: (file: import('node:fs/promises').FileHandle) => Promise<void>): Promise<void> {
  const file = await open(path, 'w');
  try {
    await write(file);
    await file.sync();
  } finally {
    await file.close();
  }
}

/** Writes `parts` one after the other into a new file, flushes it, and returns the SHA-256 of the bytes written. */
async function writePartsSynced(path: string, parts: readonly Uint8Array[]): Promise<string> {
  const hash = createHash('sha256');
  await writeFileSynced(path, async (file) => {
    let position = 0;
    for (const part of parts) {
      await file.write(part, 0, part.byteLength, position);
      hash.update(part);
      position += part.byteLength;
    }
  });
  return hash.digest('hex');
}

/** Like Promise.all, but waits for every promise before rejecting (nothing is still writing when the folder is removed). */
async function allSettled<T extends readonly unknown[]>(promises: T): Promise<{ -readonly [K in keyof T]: Awaited<T[K]> }> {
  const settled = await Promise.allSettled(promises);
  const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed) throw failed.reason;
  return settled.map((s) => (s as PromiseFulfilledResult<unknown>).value) as { -readonly [K in keyof T]: Awaited<T[K]> };
}

/** run.json text: one top-level key per line, so it diffs and reads well without exploding big arrays. */
export function formatManifest(manifest: RunManifest): string {
  // Format version and id first: what a person (or a foreign tool) needs to know before the rest.
  const { version, id, ...rest } = manifest;
  const lines = Object.entries({ version, id, ...rest })
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => `  ${JSON.stringify(key)}: ${JSON.stringify(value)}`);
  return `{\n${lines.join(',\n')}\n}\n`;
}

/** Flushes a directory entry change (the rename) to disk where the platform allows it. */
async function syncDir(dir: string): Promise<void> {
  try {
    const handle = await open(dir, 'r');
    try { await handle.sync(); } finally { await handle.close(); }
  } catch {
    // Not supported everywhere (Windows); the rename itself is still atomic.
  }
}

/** Creates a fresh temporary folder for a free id; returns the id and the folder. */
async function reserveTemp(runsDir: string, preferred: string): Promise<{ id: string; tempDir: string }> {
  const taken = (c: string): boolean => existsSync(join(runsDir, c)) || existsSync(join(runsDir, TEMP_PREFIX + c));
  for (let attempt = 0; attempt < 20; attempt++) {
    const id = uniqueRunId(preferred, taken);
    const tempDir = join(runsDir, TEMP_PREFIX + id);
    try {
      await mkdir(tempDir); // not recursive: fails if another writer took this id meanwhile
      return { id, tempDir };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
  throw new Error(`Could not find a free run id for '${preferred}' in ${runsDir}.`);
}

/** Writes a complete run folder atomically and returns where it is. */
export async function saveRun(runsDir: string, input: SaveRunInput, options: SaveRunOptions = {}): Promise<SavedRun> {
  if (!isRunId(input.id)) throw new Error(`'${input.id}' is not a valid run id (letters, digits, '.', '_', '-').`);
  const started = performance.now();
  const { signal } = options;
  signal?.throwIfAborted();
  await mkdir(runsDir, { recursive: true });
  await cleanStaleTemps(runsDir);
  const { id, tempDir } = await reserveTemp(runsDir, input.id);
  try {
    await claimTemp(tempDir);
    // The data files are independent: written and flushed side by side (their fsyncs overlap), each
    // hashed from the bytes written rather than read back.
    const { entries, parts } = tensorParts(input.tensors);
    const { lineIndexes } = input;
    const lineOffsets = input.manifest.source ? input.lineOffsets : undefined;
    const [weights, rows, lines] = await allSettled([
      writePartsSynced(join(tempDir, RUN_FILES.weights), parts),
      lineIndexes && writePartsSynced(join(tempDir, RUN_FILES.rows), lineIndexParts(lineIndexes.items, lineIndexes.users)),
      lineOffsets && writePartsSynced(join(tempDir, RUN_FILES.lines), [lineOffsetsBytes(lineOffsets.offsets)]),
    ]);
    signal?.throwIfAborted();
    const checksums = { weights, ...(rows ? { rows } : {}), ...(lines ? { lines } : {}) };
    const base = lineOffsets && input.manifest.source ? {
      ...input.manifest,
      source: { ...input.manifest.source, lines: {
        every: lineOffsets.every, breaks: lineOffsets.breaks, headerLine: lineOffsets.headerLine, checkpoints: lineOffsets.offsets.length,
      } },
    } : input.manifest;
    const timings = base.timings && { ...base.timings, saveSeconds: (performance.now() - started) / 1000 };
    const manifest: RunManifest = { ...base, version: RUN_FORMAT_VERSION, id, tensors: entries, checksums, ...(timings ? { timings } : {}) };
    await writeFileSynced(join(tempDir, RUN_FILES.manifest), async (f) => { await f.writeFile(formatManifest(manifest)); });
    signal?.throwIfAborted();
    await options.beforeCommit?.(tempDir);
    await rm(join(tempDir, WRITER_FILE), { force: true });
    const dir = join(runsDir, id);
    await rename(tempDir, dir);
    await syncDir(runsDir);
    return { id, dir, manifest };
  } catch (err) {
    await rm(tempDir, { recursive: true, force: true }).catch(() => undefined);
    throw err;
  }
}
