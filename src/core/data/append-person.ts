/**
 * "Add my ratings to the data file", planned: the rows that would add a person's ratings to a run's
 * ratings file as a new user (an id the file does not have), in the file's own layout. The CLI's
 * --add-to-data and the Recommend view show the plan, ask, then write it with appendAtomically.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { loadRatings } from '../csv/load';
import { lineCells } from '../csv/cells';
import { decodeBytes } from '../csv/encoding';
import { appendAtomically, newUserId, ratingLines } from './append-ratings';
import type { FileFormat } from './types';
import type { ResolvedRating } from '../analysis/person';
import type { LoadedRun } from '../run/types';

/** What appending would write: where, as which new user, the exact text, and how many rows. */
export interface AppendPlan {
  path: string;
  user: string;
  lines: string;
  rows: number;
  format: FileFormat;
  itemsFile?: string;
}

/** The first line of a file (after a BOM and Excel's `sep=` line), decoded. */
function firstRow(path: string, encoding: FileFormat['encoding'], sepLine: boolean): string {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(65536);
    const n = readSync(fd, buf, 0, buf.length, 0);
    const lines = decodeBytes(buf, encoding, 0, n).replace(/^\ufeff/, '').split(/\r?\n/);
    return lines[sepLine ? 1 : 0] ?? '';
  } finally {
    closeSync(fd);
  }
}

/** The rows that add `ratings` to `run`'s ratings file as a new user (preferably `collab-<name>`). */
export async function planAppend(run: LoadedRun, ratings: readonly ResolvedRating[], name: string): Promise<AppendPlan> {
  const source = run.manifest.source;
  if (!source) throw new Error(`Run ${run.manifest.id} records no ratings file to add to (an imported run?).`);
  if (ratings.length === 0) throw new Error('No ratings to add.');
  const { format, mapping, path } = source;
  const first = firstRow(path, format.encoding, format.sepLine ?? false);
  const fields = lineCells(first, format.delimiter).length;
  const existing = (await loadRatings(path, { format, mapping, itemKey: 'id' })).table.userLabels;
  const user = newUserId(existing, `collab-${name}`);
  const ids = run.manifest.vocab.itemIds;
  const lines = ratingLines(
    { format, mapping, fields, whitespace: first.includes('\t') ? '\t' : ' ' }, user,
    ratings.map((r) => ({ item: ids?.[r.item] ?? r.label, title: r.label, rating: r.rating })), Date.now() / 1000,
  );
  return { path, user, lines, rows: ratings.length, format, ...(source.itemsFile ? { itemsFile: source.itemsFile } : {}) };
}

/** Writes a plan: the file replaced atomically (never half-written). */
export function applyAppend(plan: AppendPlan): void {
  appendAtomically(plan.path, plan.lines, plan.format);
}
