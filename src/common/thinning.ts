/**
 * The one rule for thinning a growing loss history (the saved run.json history, the host's live
 * history and the webview's live chart): a bounded number of points spread over the whole run,
 * the first and the latest always among them. A leaf of src/common: pure, imports nothing.
 */

/** Most points a loss history holds, saved or live (a few KB of JSON, a light chart). */
export const HISTORY_POINTS = 1000;

/** The stride after `seen` points: the smallest power of two that keeps fewer than `cap` of them. */
function strideFor(seen: number, cap: number): number {
  let stride = 1;
  while (Math.ceil(seen / stride) >= cap) stride *= 2;
  return stride;
}

/**
 * Points reported one by one, thinned to at most `cap`: point n (0-based) is kept when n is a
 * multiple of the stride, and the stride doubles (halving the kept points) whenever `cap` - 1 are
 * kept; the latest point is kept too until the next one arrives, so the curve always reaches the
 * end. What is kept depends only on how many points were pushed, so a copy resumed from another's
 * points and count (the webview from the host's) thins exactly as the original would.
 */
export class ThinnedSeries<T> {
  private readonly kept: T[] = [];
  /** The latest point when it is not one of `kept` (it is dropped when the next one comes). */
  private latest: T | undefined;
  private stride = 1;
  private count = 0;

  constructor(readonly cap = HISTORY_POINTS) {
    if (!(cap >= 2)) throw new RangeError(`a thinned series keeps at least 2 points, not ${cap}`);
  }

  /** A series that continues from `points`, the thinned form of `seen` pushed points (as `points()` gave them). */
  static resume<T>(points: readonly T[], seen: number, cap = HISTORY_POINTS): ThinnedSeries<T> {
    const series = new ThinnedSeries<T>(cap);
    const count = Number.isInteger(seen) && seen >= points.length ? seen : points.length;
    series.count = count;
    series.stride = strideFor(count, cap);
    const floating = count > 0 && (count - 1) % series.stride !== 0 && points.length > 0;
    series.kept.push(...(floating ? points.slice(0, -1) : points));
    if (floating) series.latest = points[points.length - 1];
    while (series.kept.length >= cap) series.halve();
    return series;
  }

  /** How many points were pushed (kept or not). */
  get seen(): number {
    return this.count;
  }

  /** Adds the next point; returns the points it dropped from `points()` (the previous latest, and the halved ones). */
  push(point: T): T[] {
    const dropped: T[] = this.latest === undefined ? [] : [this.latest];
    this.latest = undefined;
    if (this.count++ % this.stride !== 0) {
      this.latest = point;
      return dropped;
    }
    this.kept.push(point);
    if (this.kept.length < this.cap) return dropped;
    // The point just pushed falls between the new strides when it sits at an odd place: it stays on as the latest.
    const pushedFalls = (this.kept.length - 1) % 2 === 1;
    const halved = this.halve();
    if (pushedFalls) {
      halved.pop();
      this.latest = point;
    }
    return [...dropped, ...halved];
  }

  /** The points kept, in the order pushed: at most `cap`, the first and the latest included. */
  points(): T[] {
    return this.latest === undefined ? [...this.kept] : [...this.kept, this.latest];
  }

  /** Keeps every other kept point (the first included) and doubles the stride; returns the dropped ones. */
  private halve(): T[] {
    const dropped = this.kept.filter((_, i) => i % 2 === 1);
    const kept = this.kept.filter((_, i) => i % 2 === 0);
    this.kept.length = 0;
    this.kept.push(...kept);
    this.stride *= 2;
    return dropped;
  }
}
