/** Run ids: sortable by creation time (UTC) and readable, e.g. `20261125-190301-dot-ratings`. */
import { basename, extname } from 'node:path';
import type { ModelKind } from './types';

/** Prefix of a run's temporary folder while it is being written (see types.ts). */
export const TEMP_PREFIX = '.tmp-';

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** A filesystem-safe, lower-case slug of the data file's name without its extension. */
export function sourceSlug(sourceFile: string): string {
  const stem = basename(sourceFile, extname(sourceFile)) || 'data';
  const slug = stem.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40);
  return slug || 'data';
}

/** `YYYYMMDD-HHMMSS-<model>-<file stem>` in UTC, so that sorting ids sorts runs by time. */
export function makeRunId(date: Date, model: ModelKind | 'imported', sourceFile: string): string {
  const stamp = `${date.getUTCFullYear()}${pad(date.getUTCMonth() + 1)}${pad(date.getUTCDate())}`
    + `-${pad(date.getUTCHours())}${pad(date.getUTCMinutes())}${pad(date.getUTCSeconds())}`;
  return `${stamp}-${model}-${sourceSlug(sourceFile)}`;
}

/** True for names a run folder may have: no path separators, no leading dot. */
export function isRunId(name: string): boolean {
  return /^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(name) && !name.startsWith(TEMP_PREFIX);
}

/** `id`, or `id-2`, `id-3`... : the first for which `taken` answers false. */
export function uniqueRunId(id: string, taken: (candidate: string) => boolean): string {
  if (!taken(id)) return id;
  for (let k = 2; ; k++) {
    const candidate = `${id}-${k}`;
    if (!taken(candidate)) return candidate;
  }
}
