/** How saved runs are shown in the Runs view and pickers: grouped by source file, labelled. Pure. */
import { basename } from 'node:path';
import { modelLabel } from '../../common/model-label';
import type { RunHeadListing } from '../../protocol/run-service';
import { plainText } from '../text/plain-text';

/** One saved run, flattened for display. */
export interface RunRow {
  id: string;
  dir: string;
  /** Source file's base name ('imported' runs: the import's name). */
  source: string;
  sourcePath?: string;
  model: string;
  createdAt?: Date;
  validRmse?: number;
  epochs: number;
  imported: boolean;
  /** Why the run cannot be read, for damaged runs. */
  error?: string;
}

/** A source file and its runs, newest first. */
export interface SourceGroup {
  source: string;
  sourcePath?: string;
  runs: RunRow[];
}

/** Flattens a listing entry (readable or damaged). */
export function runRow(listing: RunHeadListing): RunRow {
  if (!listing.manifest) {
    return { id: listing.id, dir: listing.dir, source: '(unreadable)', model: '?', epochs: 0, imported: false, error: listing.error.message };
  }
  const m = listing.manifest;
  const last = m.metrics[m.metrics.length - 1];
  const created = new Date(m.createdAt);
  const model = modelLabel(m.config, m.origin);
  return {
    id: m.id,
    dir: listing.dir,
    source: m.source ? plainText(basename(m.source.path), 80) : m.origin === 'imported' ? 'imported embeddings' : '(no source)',
    sourcePath: m.source?.path,
    model,
    createdAt: Number.isNaN(created.getTime()) ? undefined : created,
    validRmse: last && Number.isFinite(last.validRmse) ? last.validRmse : undefined,
    epochs: m.metrics.length,
    imported: m.origin === 'imported',
  };
}

/** Groups rows by source path, groups ordered by their newest run, runs newest first. */
export function groupBySource(rows: readonly RunRow[]): SourceGroup[] {
  const groups = new Map<string, SourceGroup>();
  for (const row of rows) {
    const key = row.sourcePath ?? row.source;
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { source: row.source, sourcePath: row.sourcePath, runs: [] }));
    group.runs.push(row);
  }
  const time = (r: RunRow): number => r.createdAt?.getTime() ?? 0;
  for (const g of groups.values()) g.runs.sort((a, b) => time(b) - time(a) || b.id.localeCompare(a.id));
  return [...groups.values()].sort((a, b) => time(b.runs[0]) - time(a.runs[0]) || a.source.localeCompare(b.source));
}

/** "just now", "5 min ago", "3 h ago", "2 d ago", else the UTC date. */
export function relativeTime(date: Date, now: Date): string {
  const seconds = Math.round((now.getTime() - date.getTime()) / 1000);
  if (seconds < 60) return 'just now';
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ago`;
  if (seconds < 86_400) return `${Math.floor(seconds / 3600)} h ago`;
  if (seconds < 7 * 86_400) return `${Math.floor(seconds / 86_400)} d ago`;
  return date.toISOString().slice(0, 10);
}

/** Tree label, description and plain-text tooltip of a run. */
export function describeRunRow(row: RunRow, now: Date): { label: string; description: string; tooltip: string } {
  if (row.error) return { label: plainText(row.id, 80), description: 'unreadable', tooltip: plainText(row.error, 1000) };
  const when = row.createdAt ? relativeTime(row.createdAt, now) : '';
  const rmse = row.validRmse !== undefined ? `RMSE ${row.validRmse.toFixed(3)}` : row.imported ? '' : 'no metrics';
  const description = [rmse, when].filter(Boolean).join(' · ');
  const tooltip = [
    row.id,
    row.sourcePath ? `source: ${row.sourcePath}` : undefined,
    `model: ${row.model}`,
    row.createdAt ? `created: ${row.createdAt.toISOString().replace('T', ' ').slice(0, 19)} UTC` : undefined,
    row.validRmse !== undefined ? `valid RMSE: ${row.validRmse.toFixed(4)} after ${row.epochs} epoch${row.epochs === 1 ? '' : 's'}` : undefined,
    `folder: ${row.dir}`,
  ].filter((line): line is string => line !== undefined).map((line) => plainText(line, 500)).join('\n');
  return { label: plainText(row.model, 80), description, tooltip };
}

/** A Quick Pick entry for a run: "ratings.csv · dot · 50 factors", "RMSE 0.912 · 5 min ago". */
export function runPickItem(row: RunRow, now: Date): { label: string; description: string; detail: string } {
  const d = describeRunRow(row, now);
  return { label: plainText(`${row.source} · ${d.label}`, 120), description: d.description, detail: plainText(row.id, 120) };
}
