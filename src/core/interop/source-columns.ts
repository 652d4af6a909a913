/**
 * The column names pandas would give a run's ratings file (and items file): the header row's names,
 * or pandas' 0, 1, 2... when there is no header. fastai keys dls.classes by these names.
 */
import { open } from 'node:fs/promises';
import type { FileFormat } from '../data/types';
import type { RunManifest } from '../run/types';

/** Column names of the ratings file by role, as the notebook and classes.json use them. */
export interface RoleNames {
  user: string;
  item: string;
  rating: string;
  /** The items file's title column when items are keyed by title (the book's join). */
  title?: string;
  /** All header names of the ratings file (undefined without a header). */
  header?: string[];
  itemsHeader?: string[];
}

/** Splits the first line of a file by its delimiter (quotes removed); undefined when it cannot be read. */
export async function headerOf(path: string, format: FileFormat): Promise<string[] | undefined> {
  if (!format.hasHeader) return undefined;
  let text: string;
  try {
    const file = await open(path, 'r');
    try {
      const buf = new Uint8Array(65536);
      const { bytesRead } = await file.read(buf, 0, buf.length, 0);
      text = new TextDecoder(format.encoding === 'utf8' ? 'utf-8' : 'latin1').decode(buf.subarray(0, bytesRead)).replace(/^\uFEFF/, '');
    } finally { await file.close(); }
  } catch {
    return undefined;
  }
  const lines = text.split(/\r?\n/);
  const line = format.sepLine ? lines[1] : lines[0];
  if (line === undefined) return undefined;
  const parts = format.delimiter === 'whitespace' ? line.trim().split(/\s+/) : line.split(format.delimiter);
  return parts.map((p) => p.trim().replace(/^"(.*)"$/, '$1').replace(/""/g, '"'));
}

/** The run's column names by role (header names, or pandas' integer names as strings). */
export async function roleNames(manifest: RunManifest): Promise<RoleNames> {
  const source = manifest.source;
  if (!source) return { user: 'user', item: 'item', rating: 'rating' };
  const header = await headerOf(source.path, source.format);
  // Without a header the notebook names the columns by role, and classes.json uses the same names.
  const m = source.mapping;
  const byRole: Record<number, string> = { [m.user]: 'user', [m.item]: 'item', [m.rating]: 'rating', ...(m.title !== undefined ? { [m.title]: 'title' } : {}) };
  const name = (col: number): string => header?.[col] ?? byRole[col] ?? `col${col}`;
  const names: RoleNames = { user: name(m.user), item: name(m.item), rating: name(m.rating), header };
  if (!keyedByTitle(manifest)) return names;
  if (source.mapping.title !== undefined) {
    names.title = name(source.mapping.title);
  } else if (source.items) {
    const itemsHeader = await headerOf(source.items.path, source.items.format);
    names.itemsHeader = itemsHeader;
    const t = itemsHeader?.[source.items.mapping.title] ?? 'title';
    names.title = t === names.item ? `${t}_title` : t;
  }
  return names;
}

/** True when the run's item labels are titles (the book's join), not the ids of the item column. */
export function keyedByTitle(manifest: RunManifest): boolean {
  const ids = manifest.vocab.itemIds;
  return Boolean(ids) && manifest.vocab.items.some((label, i) => i > 0 && ids![i] !== undefined && ids![i] !== label);
}
