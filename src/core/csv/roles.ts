/** Column role inference: from header names first, then from the values, each with its reason. */
import type { ColumnMapping } from '../data/types';
import { DataError } from './errors';
import type { ColumnRef, ColumnRole, ColumnSummary, Guess } from './types';

/** Header names (lower case, letters and digits only) that say a column's role. */
const ROLE_NAMES: Record<ColumnRole, string[]> = {
  user: ['user', 'userid', 'users', 'uid', 'customer', 'customerid', 'reviewer', 'reviewerid', 'rater', 'raterid',
    'member', 'memberid', 'person', 'personid', 'visitor', 'visitorid', 'account', 'accountid', 'u'],
  item: ['item', 'itemid', 'items', 'iid', 'movie', 'movieid', 'product', 'productid', 'asin', 'book', 'bookid', 'isbn',
    'song', 'songid', 'track', 'trackid', 'artist', 'artistid', 'game', 'gameid', 'anime', 'animeid', 'business',
    'businessid', 'recipe', 'recipeid', 'film', 'filmid', 'id', 'i'],
  rating: ['rating', 'ratings', 'score', 'stars', 'star', 'rate', 'value', 'overall', 'bookrating', 'grade',
    'preference', 'r'],
  timestamp: ['timestamp', 'time', 'date', 'datetime', 'ts', 'unixtime', 'unixreviewtime', 'created', 'createdat',
    'ratedat', 'when'],
  title: ['title', 'name', 'movietitle', 'itemname', 'moviename', 'booktitle', 'productname', 'itemtitle', 'songname'],
};
/** Names too generic to trust before the specific ones ('id' may be a row number). */
const GENERIC = new Set(['id', 'u', 'i', 'r', 'value', 'name', 'time', 'date']);
const ROLES: ColumnRole[] = ['user', 'item', 'rating', 'timestamp', 'title'];
/** Smallest plausible Unix time in seconds for a ratings file (March 1973). */
const MIN_UNIX_SECONDS = 1e8;

function normalise(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/** The role a header name states, if any. */
export function roleFromName(name: string): ColumnRole | undefined {
  const n = normalise(name);
  return ROLES.find((role) => ROLE_NAMES[role].includes(n));
}

/** Resolves a column named on the command line (header name, or 1-based number) to a 0-based index. */
export function resolveColumn(ref: ColumnRef, columns: ColumnSummary[], file: string): number {
  const asNumber = typeof ref === 'number' ? ref : /^\d+$/.test(ref) ? Number(ref) : NaN;
  const byName = columns.find((c) => c.name === ref) ?? columns.find((c) => normalise(c.name) === normalise(String(ref)));
  if (byName) return byName.index;
  if (asNumber >= 1 && asNumber <= columns.length) return asNumber - 1;
  const listed = columns.slice(0, 8).map((c) => c.name).join(', ');
  const names = columns.length > 8 ? `${listed} and ${columns.length - 8} more` : listed;
  throw new DataError('unknown-column', `${file} has no column '${ref}' (columns: ${names}; or give a number 1-${columns.length})`);
}

/** Whether a column's values look like ratings: numeric, at most 21 distinct values spanning at most 100. */
export function looksLikeRatings(c: ColumnSummary): boolean {
  return c.numericShare >= 0.95 && c.distinct <= 21 && c.max - c.min <= 100 && c.max > c.min;
}

/** How far a column that does not look like ratings is from a rating scale (lower is nearer). */
function ratingDistance(c: ColumnSummary): number {
  if (c.numericShare < 0.95) return 3;
  const span = c.max - c.min;
  return span > 0 && span <= 10 ? 0 : span > 0 && span <= 100 ? 1 : 2;
}

/**
 * Columns ranked as the rating, best first: the rating-like ones (fractional ones first, as half
 * stars are ratings; then integer ones rightmost first, as ids come first), then the others,
 * nearest a rating scale first (file order on ties). The sniffer takes the first rating-like one;
 * the extension offers them in this order when it has to ask.
 */
export function rankRatingColumns(columns: readonly ColumnSummary[]): ColumnSummary[] {
  const fits = columns.filter(looksLikeRatings);
  const rest = columns.filter((c) => !looksLikeRatings(c))
    .map((c, order) => ({ c, order, distance: ratingDistance(c) }))
    .sort((a, b) => a.distance - b.distance || a.order - b.order)
    .map(({ c }) => c);
  return [...fits.filter((c) => !c.integer), ...fits.filter((c) => c.integer).reverse(), ...rest];
}

/**
 * Infers which column is user, item, rating, timestamp and title. `kind` 'items' looks only for
 * the item id and its title (an items file such as movies.csv or u.item).
 */
export function inferRoles(columns: ColumnSummary[], hasHeader: boolean, kind: 'ratings' | 'items',
  fixed: Partial<Record<ColumnRole, number>>): { mapping: Partial<ColumnMapping>; guesses: Guess[] } {
  const wanted: ColumnRole[] = kind === 'items' ? ['item', 'title'] : ROLES;
  const taken = new Map<number, ColumnRole>();
  const mapping: Partial<ColumnMapping> = {};
  const guesses: Guess[] = [];
  const assign = (role: ColumnRole, index: number, reason: string, overridden = false): void => {
    mapping[role] = index;
    taken.set(index, role);
    guesses.push({ what: role, value: columns[index].name, reason, overridden });
  };
  for (const role of wanted) {
    const index = fixed[role];
    if (index !== undefined) assign(role, index, 'given', true);
  }
  if (hasHeader) {
    // Specific names first, so that a generic 'id' column never shadows 'movieId'.
    for (const generic of [false, true]) {
      for (const c of columns) {
        const role = roleFromName(c.name);
        if (!role || GENERIC.has(normalise(c.name)) !== generic) continue;
        if (wanted.includes(role) && mapping[role] === undefined && !taken.has(c.index)) {
          assign(role, c.index, `header '${c.name}'`);
        }
      }
    }
  }
  const free = (): ColumnSummary[] => columns.filter((c) => !taken.has(c.index));
  if (kind === 'ratings' && mapping.timestamp === undefined) {
    const ts = free().find((c) => c.numericShare >= 0.95 && c.integer && c.min >= MIN_UNIX_SECONDS);
    if (ts) assign('timestamp', ts.index, `integers from ${ts.min} to ${ts.max}: Unix times`);
  }
  if (kind === 'ratings' && mapping.rating === undefined) {
    const best = rankRatingColumns(free())[0];
    const pick = best && looksLikeRatings(best) ? best : undefined;
    if (pick) assign('rating', pick.index, `numbers with ${pick.distinct} distinct values from ${pick.min} to ${pick.max}`);
    // Too few rows to judge by values (every column has one value): MovieLens order, if column 3 is a number.
    const third = columns[2];
    if (!pick && third && !taken.has(2) && third.numericShare === 1 && columns.every((c) => c.distinct <= 1)) {
      assign('rating', 2, 'too few rows to tell by the values: column 3, as in MovieLens (user, item, rating)');
    }
  }
  for (const role of ['user', 'item'] as const) {
    if (!wanted.includes(role) || mapping[role] !== undefined) continue;
    const pick = free().find((c) => c.numericShare >= 0.95 || kind === 'ratings');
    if (pick) {
      const reason = kind === 'items' ? 'first numeric column left (items files start with the id)'
        : `first column left (${role === 'user' ? 'user before item' : 'item after user'}, as MovieLens orders them)`;
      assign(role, pick.index, reason);
    }
  }
  if (mapping.title === undefined) {
    const text = free().filter((c) => c.numericShare < 0.5 && c.samples.some((s) => s.includes(' ')))
      .sort((a, b) => b.distinct - a.distinct)[0];
    if (text) assign('title', text.index, `text with ${text.distinct} distinct values in the sample`);
  }
  if (kind === 'ratings' && mapping.item === undefined && mapping.title !== undefined) {
    mapping.item = mapping.title;
    guesses.push({ what: 'item', value: columns[mapping.title].name, reason: 'no item id column: items are keyed by title', overridden: false });
  }
  return { mapping, guesses };
}
