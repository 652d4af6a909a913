/** `collab recommend ... --add-to-data [--yes]`: the person's ratings appended to the run's ratings file as a new user. */
import { closeSync, openSync, readSync } from 'node:fs';
import { loadRatings } from '../../core/csv/load';
import { lineCells } from '../../core/csv/cells';
import { decodeBytes } from '../../core/csv/encoding';
import { appendAtomically, newUserId, ratingLines } from '../../core/data/append-ratings';
import type { ResolvedRating } from '../../core/analysis/person';
import type { LoadedRun } from '../../core/run/types';

/** The first line of a file (after a BOM and Excel's `sep=` line), decoded. */
function firstRow(path: string, encoding: 'utf8' | 'latin1' | 'windows1252', sepLine: boolean): string {
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

/** Shows (or with `yes` writes) the new rows; returns the exit code. */
export async function addToData(run: LoadedRun, ratings: readonly ResolvedRating[], name: string, yes: boolean): Promise<number> {
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
  console.log(`${yes ? 'Appending' : 'Would append'} ${ratings.length} row${ratings.length === 1 ? '' : 's'} as new user ${user} to ${path}:`);
  console.log(lines.replace(/\r?\n$/, '').replace(/\r/g, ''));
  if (!yes) {
    console.log('\nNothing written. Run again with --yes to add them (the file is replaced atomically: never half-written).');
    return 0;
  }
  appendAtomically(path, lines, format);
  console.log(`\nDone. Retrain to learn from them: collab train ${JSON.stringify(path)}${source.itemsFile ? ` --items ${JSON.stringify(source.itemsFile)}` : ''}`);
  return 0;
}
