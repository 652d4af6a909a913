/** What counts as a "relevant" rating when no threshold is given, and the checks on k and threshold. */

/** Share of the rating range at which the default relevance threshold sits (4 on 1-5 stars). */
export const RELEVANT_SHARE = 0.7;

/**
 * The scale's step: 1 when every rating is whole, 0.5 when every rating is a multiple of a half
 * (MovieLens' half stars), 0 (continuous: no rounding) otherwise.
 */
export function ratingStep(ratings: Float32Array, rows?: Uint32Array): number {
  let whole = true;
  const n = rows ? rows.length : ratings.length;
  for (let k = 0; k < n; k++) {
    const r = ratings[rows ? rows[k] : k];
    if (Number.isInteger(r)) continue;
    whole = false;
    if (!Number.isInteger(r * 2)) return 0;
  }
  return whole ? 1 : 0.5;
}

/**
 * The default threshold: the value at 70% of the rating range, rounded to the scale's step
 * (half up): 4 on 1-5 stars (3.8 -> 4), 3.5 on 0.5-5 half stars (3.65 -> 3.5), 7 on 1-10 (7.3 -> 7),
 * 0.7 * range on a continuous scale; kept inside the range.
 */
export function defaultThreshold([lo, hi]: [number, number], step: number): number {
  const at = lo + RELEVANT_SHARE * (hi - lo);
  const rounded = step > 0 ? lo + Math.round((at - lo) / step) * step : at;
  return Math.min(hi, Math.max(lo, rounded));
}

/** Throws a RangeError that says what is wrong with `k`. */
export function checkK(k: number): void {
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`k must be a whole number of at least 1, got ${k}`);
}

/** Throws a RangeError when `threshold` is not a number inside the rating range [lo, hi]. */
export function checkThreshold(threshold: number, [lo, hi]: [number, number]): void {
  if (!Number.isFinite(threshold) || threshold < lo || threshold > hi) {
    throw new RangeError(`threshold ${threshold} is outside the rating range [${lo}, ${hi}]: `
      + `a relevant item is one rated at least the threshold, so it must lie between the lowest and highest rating`);
  }
}
