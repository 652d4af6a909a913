/** Items files (titles) that may sit next to a ratings file: MovieLens' u.item, movies.csv and kin. Pure. */
import { basename } from 'node:path';

/** Known names, best first (compared case-insensitively). */
export const ITEMS_FILE_NAMES = ['u.item', 'movies.csv', 'movies.dat', 'movies.tsv', 'items.csv', 'items.tsv', 'titles.csv', 'books.csv'];

/** Sibling file names that look like an items file for `ratingsFile`, best first. */
export function itemsFileCandidates(ratingsFile: string, siblings: readonly string[]): string[] {
  const self = basename(ratingsFile).toLowerCase();
  const rank = (name: string): number => ITEMS_FILE_NAMES.indexOf(name.toLowerCase());
  return siblings
    .filter((name) => name.toLowerCase() !== self && rank(name) >= 0)
    .sort((a, b) => rank(a) - rank(b));
}
