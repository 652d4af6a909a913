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

/** Most sibling files offered as a validation file. */
const MAX_VALIDATION_CANDIDATES = 50;

/**
 * Sibling files that could validate a model trained on `trainingFile`: the same stem's other files
 * first (u1.test beside u1.base), then names with "test" or "valid", then other ratings-like files;
 * never the training file itself, an items file or a hidden file.
 */
export function validationFileCandidates(trainingFile: string, siblings: readonly string[]): string[] {
  const self = basename(trainingFile).toLowerCase();
  const stem = self.slice(0, self.length - extname(self).length);
  const rank = (name: string): number => {
    const lower = name.toLowerCase();
    if (lower.slice(0, lower.length - extname(lower).length) === stem) return 0;
    if (/test|valid/.test(lower)) return 1;
    return isRatingsLike(lower) ? 2 : 3;
  };
  return siblings
    .filter((name) => name.toLowerCase() !== self && !name.startsWith('.') && !ITEMS_FILE_NAMES.includes(name.toLowerCase()))
    .map((name) => ({ name, rank: rank(name) }))
    .filter((c) => c.rank < 3)
    .sort((a, b) => a.rank - b.rank || a.name.localeCompare(b.name))
    .slice(0, MAX_VALIDATION_CANDIDATES)
    .map((c) => c.name);
}

/** Extensions the train menus show on without a sniff (`.txt` is too common to claim). */
export const TRAIN_MENU_EXTENSIONS = ['.csv', '.tsv', '.data', '.dat'];

/**
 * Whether "Train Model on This File" is offered on `path` (package.json's menus say the same in a
 * `when` clause; a unit test holds them together): a train-menu extension, or a file known to hold
 * ratings (a saved run's source, a file being trained on).
 */
export function showsTrainMenu(path: string, known: readonly string[]): boolean {
  return TRAIN_MENU_EXTENSIONS.includes(extname(path).toLowerCase()) || known.includes(path);
}

/** The known ratings files for the context key: saved runs' sources and live runs' files, unique and sorted. */
export function knownRatingsFiles(savedSources: readonly string[], liveFiles: readonly string[]): string[] {
  return [...new Set([...savedSources, ...liveFiles])].sort();
}
