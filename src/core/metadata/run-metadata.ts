/**
 * A run's metadata by vocab index: the items file it recorded (or, without one, the year in its
 * titles) and the users file it recorded, each row found by the id the run knows it by.
 */
import type { LoadedRun } from '../run/types';
import { titleYear } from './columns';
import { readItemsMetadata, readUsersMetadata } from './items-metadata';
import type { FileMetadata, MetaField, MetaProblem } from './types';

/** One side's metadata and how a vocab index finds its row. */
export interface SideMetadata {
  file?: string;
  fields: MetaField[];
  problems: MetaProblem[];
  /** The id a vocab index has in the metadata file ('' for '#na#'). */
  keys: string[];
}

/** A field's value at a vocab index: a category position, several, a number, or null. */
export type MetaValueAt = number | number[] | null;

/** The items (or users) metadata of a run; a file that cannot be read becomes a problem, never an error. */
export async function loadRunMetadata(run: LoadedRun, side: 'items' | 'users'): Promise<SideMetadata> {
  const { manifest } = run;
  const labels = side === 'items' ? manifest.vocab.items : manifest.vocab.users;
  const keys = side === 'items' ? labels.map((l, i) => manifest.vocab.itemIds?.[i] ?? l) : labels.slice();
  const path = side === 'items' ? manifest.source?.items?.path ?? manifest.source?.itemsFile : manifest.source?.usersFile;
  let meta: FileMetadata | undefined;
  const problems: MetaProblem[] = [];
  if (path) {
    try {
      meta = await (side === 'items' ? readItemsMetadata(path) : readUsersMetadata(path));
    } catch (error) {
      problems.push({ column: path, reason: `could not be read: ${(error as Error).message}` });
    }
  }
  if (meta) return { file: meta.file, fields: meta.fields, problems: [...problems, ...meta.problems], keys };
  // No file: items labelled by title still carry their year.
  const years = side === 'items' ? yearsOfLabels(labels, keys) : undefined;
  return { fields: years ? [years] : [], problems, keys };
}

/** The values of one field at some vocab indices (out-of-range indices and unknown rows: null). */
export function metaValuesAt(meta: SideMetadata, fieldName: string, indices: readonly number[]): MetaValueAt[] {
  const field = meta.fields.find((f) => f.name === fieldName);
  if (!field) throw new Error(`No metadata field '${fieldName.slice(0, 80)}'.`);
  const position = field.kind === 'numeric' ? undefined : new Map(field.categories.map((c, i) => [c, i]));
  return indices.map((i) => {
    const key = meta.keys[i];
    if (key === undefined || key === '') return null;
    if (field.kind === 'numeric') return field.values.get(key) ?? null;
    if (field.kind === 'categorical') { const v = field.values.get(key); return v === undefined ? null : position!.get(v) ?? null; }
    const list = field.values.get(key);
    return list ? list.map((v) => position!.get(v)!).filter((p) => p !== undefined) : null;
  });
}

/** The indices whose value of `field` is `value` (a category, or one of a multi field's), for filters. */
export function indicesWithValue(meta: SideMetadata, fieldName: string, value: string, indices: readonly number[]): number[] {
  const field = meta.fields.find((f) => f.name === fieldName);
  if (!field || field.kind === 'numeric') return [];
  const position = field.categories.indexOf(value);
  const values = metaValuesAt(meta, fieldName, indices);
  return indices.filter((_, k) => { const v = values[k]; return Array.isArray(v) ? v.includes(position) : v === position; });
}

/** A field's categories or range (what the panel's controls offer). */
export function fieldInfo(field: MetaField): { name: string; kind: MetaField['kind']; categories?: string[]; range?: [number, number] } {
  return field.kind === 'numeric' ? { name: field.name, kind: field.kind, range: field.range } : { name: field.name, kind: field.kind, categories: field.categories };
}

/** One row's metadata as one line ("genres: Comedy, Drama; year: 1995"), for the CLI's tables. */
export function metaText(meta: SideMetadata, index: number): string {
  const key = meta.keys[index];
  if (!key) return '';
  const parts: string[] = [];
  const order = { multi: 0, categorical: 1, numeric: 2 } as const;
  for (const f of [...meta.fields].sort((a, b) => order[a.kind] - order[b.kind])) {
    const v = f.values.get(key);
    if (v === undefined || (Array.isArray(v) && v.length === 0)) continue;
    parts.push(`${f.name}: ${Array.isArray(v) ? v.join(', ') : String(v)}`);
  }
  return parts.join('; ');
}

function yearsOfLabels(labels: readonly string[], keys: readonly string[]): MetaField | undefined {
  const values = new Map<string, number>();
  labels.forEach((l, i) => { const y = titleYear(l); if (y !== undefined) values.set(keys[i], y); });
  if (values.size === 0 || values.size < 0.5 * (labels.length - 1)) return undefined;
  const all = [...values.values()];
  return { name: 'year', kind: 'numeric', range: [Math.min(...all), Math.max(...all)], values };
}
