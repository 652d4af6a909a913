/**
 * The minimum training-rating count a neighbour candidate needs: rows rated two or three times have
 * vectors that are mostly their initialisation and show up as "neighbours" of anything. One rule,
 * used by the panel, the hover and the CLI (neighboursOfVector applies it; this module says its default).
 */

/**
 * Chosen by bench/min-count.mjs on MovieLens 100K (bench/results/min-count.json): items rated fewer
 * than 7 times have neighbours that share their genres no more often than random items do (their
 * vectors are mostly the random start); from 7 ratings on they agree clearly above chance.
 */
export const DEFAULT_NEIGHBOUR_MIN_COUNT = 7;

/** The most a minimum count may be (a run's most rated item has fewer ratings than this anyway). */
export const MAX_NEIGHBOUR_MIN_COUNT = 100_000;

/** A requested minimum count made whole and in range; the default when absent or not a number. */
export function neighbourMinCount(requested?: number): number {
  if (requested === undefined || !Number.isFinite(requested)) return DEFAULT_NEIGHBOUR_MIN_COUNT;
  return Math.max(0, Math.min(MAX_NEIGHBOUR_MIN_COUNT, Math.round(requested)));
}

/** True when a row has fewer ratings than the minimum: reachable as a query, left out as a neighbour, marked in lists. */
export function isLowCount(count: number | undefined, minCount: number): boolean {
  return minCount > 0 && count !== undefined && count < minCount;
}

/** What the views and the CLI say about the rule ("items with at least 10 ratings"). */
export function minCountPhrase(minCount: number, side: 'items' | 'users' = 'items'): string {
  return minCount > 0 ? `${side} with at least ${minCount.toLocaleString('en-US')} rating${minCount === 1 ? '' : 's'}` : `all ${side}`;
}
