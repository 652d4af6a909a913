/**
 * The planted fixture run with files on disk: an items file (movies.csv: ids, titles, the planted
 * genre, "Drama" on every fifth item, optional hostile genre names) and a ratings file, so metadata
 * and the Data view read real files.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { after } from 'node:test';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LoadedRun } from '../../src/core/run/types';
import { fixtureRun, GENRES, genreOf, type FixtureOptions } from './fixture-run';

/** The run, its folder of files, and a few items rated fewer than 7 times. */
export function runWithFiles(options: FixtureOptions & { extraGenres?: readonly string[]; rareItems?: number[] } = {}): { run: LoadedRun; dir: string } {
  const dir = mkdtempSync(join(tmpdir(), 'collab-meta-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const run = fixtureRun({ items: 40, users: 30, ...options });
  const items = run.manifest.vocab.items;
  run.manifest.vocab.itemIds = items.map((_, i) => (i === 0 ? '' : String(i)));
  const extra = options.extraGenres ?? [];
  const quote = (s: string) => `"${s.replace(/"/g, '""')}"`;
  const genresOf = (i: number) => [GENRES[genreOf(i)], ...(i % 5 === 0 ? ['Drama'] : []), ...(extra.length ? [extra[i % extra.length]] : [])].join('|');
  const movies = ['movieId,title,genres', ...items.slice(1).map((t, k) => `${k + 1},${quote(t)},${quote(genresOf(k + 1))}`)];
  const ratings = ['user,item,rating'];
  for (let u = 1; u <= 30; u++) for (let i = 1; i <= 40; i++) if ((u * 7 + i * 3) % 5 < (u % 4) + 1) ratings.push(`${u},${i},${1 + ((u + i) % 5)}`);
  const ratingsPath = join(dir, 'ratings.csv');
  const moviesPath = join(dir, 'movies.csv');
  writeFileSync(ratingsPath, `${ratings.join('\n')}\n`);
  writeFileSync(moviesPath, `${movies.join('\n')}\n`);
  run.manifest.source = {
    ...run.manifest.source!, path: ratingsPath, itemsFile: moviesPath,
    format: { delimiter: ',', hasHeader: true, encoding: 'utf8', bom: false, lineEnding: 'lf', quoted: false }, mapping: { user: 0, item: 1, rating: 2 },
  };
  for (const [k, i] of (options.rareItems ?? []).entries()) run.manifest.stats!.itemCount[i] = 1 + (k % 3);
  return { run, dir };
}
