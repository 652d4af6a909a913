/** Reading runs back: one run with its tensors (loadRun), or the manifests of a runs folder (listRuns). */
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import { RUN_FILES, type LoadedRun, type RunManifest } from './types';
import { readLineIndexes, readLineOffsets, readTensor } from './binary';
import { TEMP_PREFIX } from './id';
import { RunLoadError, parseManifest, weightsBytes } from './validate';

export { RunLoadError } from './validate';

/** One entry of a runs folder: its manifest, or why it cannot be read. */
export type RunListing =
  | { id: string; dir: string; manifest: RunManifest; error?: undefined }
  | { id: string; dir: string; manifest?: undefined; error: RunLoadError };

async function sizeOf(path: string): Promise<number | undefined> {
  try {
    return (await stat(path)).size;
  } catch {
    return undefined;
  }
}

/** Reads and validates run.json and the sizes of the binary files, without reading the weights. */
export async function readRunManifest(dir: string): Promise<RunManifest> {
  let text: string;
  try {
    text = await readFile(join(dir, RUN_FILES.manifest), 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      throw new RunLoadError(dir, 'missing', `${dir} is not a Collab run: it has no ${RUN_FILES.manifest}.`);
    }
    throw new RunLoadError(dir, 'damaged', `Could not read ${join(dir, RUN_FILES.manifest)}: ${(err as Error).message}`);
  }
  const manifest = parseManifest(dir, text);
  const expected = weightsBytes(manifest.tensors);
  if (typeof expected === 'string') throw new RunLoadError(dir, 'damaged', `The run in ${dir} is damaged: ${expected}.`);
  const actual = await sizeOf(join(dir, RUN_FILES.weights));
  if (actual === undefined) {
    throw new RunLoadError(dir, 'damaged', `The run in ${dir} is damaged: ${RUN_FILES.weights} is missing.`);
  }
  if (actual !== expected) {
    const how = actual < expected ? 'truncated' : 'longer than its manifest says';
    throw new RunLoadError(dir, 'damaged', `The run in ${dir} is damaged: ${RUN_FILES.weights} is ${how} (${actual} bytes, expected ${expected}).`);
  }
  return manifest;
}

/** Throws 'damaged' when a file's bytes no longer match the checksum the run was saved with. */
function checkBytes(dir: string, file: string, bytes: Buffer, expected: string | undefined): void {
  if (expected === undefined) return; // runs written before checksums existed (or imported by hand)
  const actual = createHash('sha256').update(bytes).digest('hex');
  if (actual !== expected) {
    throw new RunLoadError(dir, 'damaged', `The run in ${dir} is damaged: ${file} does not match its checksum (the file changed on disk after it was saved). Train the model again or delete this run.`);
  }
}

/** Loads a run folder: manifest, tensors and (when present) the source-line index. */
export async function loadRun(dir: string): Promise<LoadedRun> {
  const manifest = await readRunManifest(dir);
  const weights = await readFile(join(dir, RUN_FILES.weights));
  checkBytes(dir, RUN_FILES.weights, weights, manifest.checksums?.weights);
  const tensors: LoadedRun['tensors'] = new Map();
  for (const entry of manifest.tensors) {
    tensors.set(entry.name, { shape: entry.shape, data: readTensor(weights, entry) });
  }
  const run: LoadedRun = { dir, manifest, tensors };
  let rowsBytes: Buffer | undefined;
  try {
    rowsBytes = await readFile(join(dir, RUN_FILES.rows));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  if (rowsBytes) {
    checkBytes(dir, RUN_FILES.rows, rowsBytes, manifest.checksums?.rows);
    try {
      const { items, users } = readLineIndexes(rowsBytes, manifest.vocab.items.length, manifest.vocab.users.length);
      run.rows = { itemOffsets: items.offsets, itemLines: items.lines, userOffsets: users.offsets, userLines: users.lines };
    } catch (err) {
      throw new RunLoadError(dir, 'damaged', `The run in ${dir} is damaged: ${RUN_FILES.rows} does not fit its vocabularies (${(err as Error).message}).`);
    }
  }
  await loadLineOffsets(run);
  return run;
}

/** Reads lines.bin into `run.lineOffsets` when run.json records one (a missing file: rows are then read through the editor only). */
async function loadLineOffsets(run: LoadedRun): Promise<void> {
  const { dir, manifest } = run;
  const recorded = manifest.source?.lines;
  if (!recorded) return;
  let bytes: Buffer;
  try {
    bytes = await readFile(join(dir, RUN_FILES.lines));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw err;
  }
  checkBytes(dir, RUN_FILES.lines, bytes, manifest.checksums?.lines);
  const valid = Number.isInteger(recorded.every) && recorded.every > 0 && (recorded.every & (recorded.every - 1)) === 0
    && (recorded.breaks === 'lf' || recorded.breaks === 'any') && Number.isInteger(recorded.headerLine) && Number.isInteger(recorded.checkpoints);
  try {
    if (!valid) throw new Error('run.json describes it wrongly');
    run.lineOffsets = { every: recorded.every, breaks: recorded.breaks, headerLine: recorded.headerLine, offsets: readLineOffsets(bytes, recorded.checkpoints) };
  } catch (err) {
    throw new RunLoadError(dir, 'damaged', `The run in ${dir} is damaged: ${RUN_FILES.lines} does not fit run.json (${(err as Error).message}).`);
  }
}

/**
 * Every run folder in `runsDir`, newest first (ids sort by time). A damaged run is listed with its
 * error instead of hiding the others; temporary folders of runs being written are skipped.
 */
export async function listRuns(runsDir: string): Promise<RunListing[]> {
  let names: string[];
  try {
    names = (await readdir(runsDir, { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => d.name);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  const ids = names.filter((n) => !n.startsWith(TEMP_PREFIX) && !n.startsWith('.')).sort().reverse();
  return Promise.all(ids.map(async (id): Promise<RunListing> => {
    const dir = join(runsDir, id);
    try {
      return { id, dir, manifest: await readRunManifest(dir) };
    } catch (err) {
      const error = err instanceof RunLoadError ? err : new RunLoadError(dir, 'damaged', (err as Error).message);
      return { id, dir, error };
    }
  }));
}

/** The newest readable run in `runsDir`, or undefined when there is none. */
export async function newestRun(runsDir: string): Promise<(RunListing & { manifest: RunManifest }) | undefined> {
  const runs = await listRuns(runsDir);
  return runs.find((r): r is RunListing & { manifest: RunManifest } => r.manifest !== undefined);
}
