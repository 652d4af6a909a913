/**
 * The `.npz` that the `implicit` library's `model.save()` writes (numpy.savez: a zip of .npy files):
 * `user_factors.npy` and `item_factors.npy` (plus hyper-parameters, ignored). Rows are implicit's
 * integer user and item indices; labels come from text files given beside it (one label a line,
 * `user*` for users, any other for items) or are the indices themselves.
 */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { readZipEntries, readZipEntry } from '../io/zip-reader';
import type { Side } from './embeddings';
import type { ImportedSide } from './import-parse';
import type { ExternalModel } from './import-spark';
import { decodeNpy } from './npy';

const ENTRIES: Record<Side, string> = { users: 'user_factors.npy', items: 'item_factors.npy' };

/** Reads an implicit .npz and optional label files into user and item sides. */
export async function readImplicitNpz(path: string, labelPaths: string[] = []): Promise<ExternalModel> {
  const zip = new Uint8Array(await readFile(path));
  const name = basename(path);
  let entries;
  try {
    entries = readZipEntries(zip);
  } catch (error) {
    throw new Error(`${name} is not a readable .npz (zip) file: ${(error as Error).message}`);
  }
  const labelFiles = await Promise.all(labelPaths.map(async (p) => ({ path: p, text: await readFile(p, 'utf8') })));
  const sides: Partial<Record<Side, ImportedSide>> = {};
  let dim: number | undefined;
  for (const side of ['users', 'items'] as Side[]) {
    const entry = entries.find((e) => e.name === ENTRIES[side]);
    if (!entry) {
      throw new Error(`${name} has no ${ENTRIES[side]} (it holds ${entries.map((e) => e.name).join(', ') || 'nothing'}); `
        + 'an implicit model.save() file has user_factors and item_factors.');
    }
    let array;
    try {
      array = decodeNpy(readZipEntry(zip, entry), `${name}:${entry.name}`);
    } catch (error) {
      throw new Error(`${name}: ${(error as Error).message}`);
    }
    if (array.shape.length !== 2) throw new Error(`${name}:${entry.name} has shape (${array.shape.join(', ')}); factors are a 2-D (rows, factors) matrix.`);
    const [rows, width] = array.shape;
    if (dim !== undefined && width !== dim) throw new Error(`${name}: user factors have ${dim} columns and item factors ${width}; they must be equal.`);
    dim = width;
    const bad = array.data.findIndex((x) => !Number.isFinite(x));
    if (bad >= 0) throw new Error(`${name}:${entry.name} holds NaN or infinity (row ${Math.floor(bad / width)}); nothing was imported.`);
    const file = labelFiles.find((f) => basename(f.path).toLowerCase().startsWith('user') === (side === 'users'));
    const labels = file ? file.text.replace(/\r?\n$/, '').split(/\r?\n/) : Array.from({ length: rows }, (_, i) => String(i));
    if (labels.length !== rows) {
      throw new Error(`${basename(file!.path)} has ${labels.length} labels but ${name}:${entry.name} has ${rows} rows.`);
    }
    sides[side] = { labels, dim: width, vectors: array.data };
  }
  return { sides, engine: `implicit model (${name})` };
}
