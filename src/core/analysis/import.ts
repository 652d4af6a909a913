/**
 * Opening vectors trained elsewhere as a read-only 'imported' run, so neighbours, PCA and (when a
 * bias column exists) biases work on them. Files whose name starts with "user" fill the users side;
 * everything else is items.
 */
import { readFile } from 'node:fs/promises';
import { basename, dirname, extname, resolve } from 'node:path';
import { saveRun, type SavedRun } from '../run/save';
import { RUN_FORMAT_VERSION, type LoadedRun, type RunManifest } from '../run/types';
import type { Side } from './embeddings';
import { importPth, isPthPath, labelSources } from '../interop/pth-import';
import { parseJson, parseSide, type ImportedSide, type InputFile } from './import-parse';
import { readExternalModel } from './import-external';

/** Reads the files into an in-memory imported run (not yet saved); a .pth among them is a fastai model, the rest its labels. */
export async function importEmbeddings(paths: string[], options: { yRange?: [number, number] } = {}): Promise<LoadedRun> {
  if (paths.length === 0) throw new Error('Give the embedding files to import.');
  const pth = paths.filter(isPthPath);
  if (pth.length > 1) throw new Error(`Import one model at a time (got ${pth.map((p) => basename(p)).join(', ')}).`);
  if (pth.length === 1) return importPth(pth[0], labelSources(paths.filter((p) => p !== pth[0])), options);
  const external = await readExternalModel(paths);
  if (external) {
    const run = importedRun(external.sides, paths);
    run.manifest.engine = `${external.engine}; ${run.manifest.engine}`;
    return run;
  }
  const files: InputFile[] = await Promise.all(paths.map(async (p) => ({ path: p, bytes: new Uint8Array(await readFile(p)) })));
  const sides: Partial<Record<Side, ImportedSide>> = {};
  const json = files.filter((f) => extname(f.path).toLowerCase() === '.json' && basename(f.path) !== 'export.json');
  for (const f of json) Object.assign(sides, parseJson(f));
  // export.json / README.txt sidecars from `collab export` are not data.
  const rest = files.filter((f) => !f.path.endsWith('.json') && basename(f.path) !== 'README.txt');
  const users = rest.filter((f) => basename(f.path).toLowerCase().startsWith('user'));
  const items = rest.filter((f) => !users.includes(f));
  if (items.length > 0) sides.items = parseSide(items);
  if (users.length > 0) sides.users = parseSide(users);
  if (!sides.items) throw new Error('No item vectors among the files (files named user* are read as user vectors).');
  return importedRun(sides, paths);
}

/** Builds the LoadedRun of imported sides: tensors itemWeight/itemBias (and user*), origin 'imported'. */
export function importedRun(sides: Partial<Record<Side, ImportedSide>>, sourcePaths: string[], id = 'imported'): LoadedRun {
  const tensors: LoadedRun['tensors'] = new Map();
  const prefix: Record<Side, string> = { items: 'item', users: 'user' };
  for (const [side, s] of Object.entries(sides) as [Side, ImportedSide][]) {
    tensors.set(`${prefix[side]}Weight`, { shape: [s.labels.length, s.dim], data: s.vectors });
    if (s.bias) tensors.set(`${prefix[side]}Bias`, { shape: [s.labels.length], data: s.bias });
  }
  const items = sides.items!;
  const users = sides.users;
  const stats = items.count && items.mean
    ? { itemCount: items.count, itemMean: items.mean, userCount: users?.count ?? [], userMean: users?.mean ?? [] }
    : undefined;
  const manifest: RunManifest = {
    version: RUN_FORMAT_VERSION, id, createdAt: new Date().toISOString(), origin: 'imported',
    engine: `imported from ${sourcePaths.map((p) => resolve(p)).join(', ')}`,
    vocab: { items: items.labels, users: users?.labels ?? [] },
    stats, tensors: [], metrics: [],
  };
  return { dir: '', manifest, tensors };
}

/** Saves an imported run atomically as the run folder `outPath` (its parent is the runs folder). */
export async function saveImportedRun(run: LoadedRun, outPath: string): Promise<SavedRun> {
  const { version: _v, id: _i, tensors: _t, ...manifest } = run.manifest;
  return saveRun(dirname(resolve(outPath)), {
    id: basename(outPath),
    manifest,
    tensors: [...run.tensors].map(([name, t]) => ({ name, shape: t.shape, data: t.data })),
  });
}
