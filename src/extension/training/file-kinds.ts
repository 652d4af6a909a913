/** Which files hold ratings and which hold item titles (MovieLens' u.item, movies.csv and kin). Pure. */
import { basename, extname } from 'node:path';

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

/** Known names of users files (MovieLens' u.user: id|age|gender|occupation|zip), best first. */
export const USERS_FILE_NAMES = ['u.user', 'users.csv', 'users.dat', 'users.tsv'];

/** Sibling file names that look like a users file for `ratingsFile`, best first. */
export function usersFileCandidates(ratingsFile: string, siblings: readonly string[]): string[] {
  const self = basename(ratingsFile).toLowerCase();
  const rank = (name: string): number => USERS_FILE_NAMES.indexOf(name.toLowerCase());
  return siblings.filter((name) => name.toLowerCase() !== self && rank(name) >= 0).sort((a, b) => rank(a) - rank(b));
}

/** Extensions of files that may hold ratings. */
export const RATINGS_EXTENSIONS = ['.csv', '.tsv', '.data', '.dat', '.txt'];

/** True for a file that may hold ratings (by extension, and not a known items file). */
export function isRatingsLike(path: string): boolean {
  const name = basename(path).toLowerCase();
  return RATINGS_EXTENSIONS.includes(extname(name)) && !ITEMS_FILE_NAMES.includes(name) && !USERS_FILE_NAMES.includes(name);
}

/** Ranks likely ratings files first: names with "rating", MovieLens' u.data, then the rest. */
export function ratingsFileRank(path: string): number {
  const name = basename(path).toLowerCase();
  if (name.includes('rating')) return 0;
  if (name === 'u.data' || /^u\d\.base$/.test(name)) return 1;
  return 2;
}
