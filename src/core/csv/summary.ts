/** Facts about loaded columns for the report: repeated (user, item) pairs, rating range and histogram. */
import { ROWS_PER_MARK, runNow, type PacedWork, type PlannedStage } from '../data/paced';
import type { Duplicates } from './types';

const FIRST_DUPLICATES = 5;
/** Up to this many distinct ratings get a bar each; more are binned. */
const MAX_EXACT_BARS = 21;
const BINS = 10;
/** Repeats kept (in user order) before the earliest few in file order are picked. */
const KEPT_REPEATS = 1000;

/** What the loader's summary stages are called (shown while they run) and their relative cost. */
export const SUMMARY_STAGES = {
  ratings: { stage: 'summarising the ratings', weight: 1 },
  duplicates: { stage: 'looking for repeated (user, item) pairs', weight: 2 },
} as const satisfies Record<string, PlannedStage>;

/** Finds rows whose (user, item) pair appeared on an earlier row (see findDuplicatesPaced). */
export function findDuplicates(n: number, users: Int32Array, items: Int32Array, lines: Int32Array,
  userLabels: string[], itemLabels: string[]): Duplicates {
  return runNow(findDuplicatesPaced(n, users, items, lines, userLabels, itemLabels));
}

/**
 * Finds rows whose (user, item) pair appeared on an earlier row, in O(rows): the items of the rows
 * are grouped by user with a counting sort (each user's in file order), then a per-item stamp marks
 * the items the current user has seen. Grouping the items themselves, not row numbers, keeps the
 * scan sequential (a gather by row number costs a cache miss per row); the row numbers of the few
 * repeats reported are recovered afterwards by replaying the counting sort.
 */
export function* findDuplicatesPaced(n: number, users: Int32Array, items: Int32Array, lines: Int32Array,
  userLabels: string[], itemLabels: string[]): PacedWork<Duplicates> {
  const stage = SUMMARY_STAGES.duplicates.stage;
  const nUsers = userLabels.length, nItems = itemLabels.length;
  const start = new Int32Array(nUsers + 1);
  for (let from = 0; from < n; from += ROWS_PER_MARK) {
    yield { stage, fraction: (0.1 * from) / n };
    for (let r = from, end = Math.min(n, from + ROWS_PER_MARK); r < end; r++) start[users[r] + 1]++;
  }
  for (let u = 0; u < nUsers; u++) start[u + 1] += start[u];
  const next = start.slice(0, nUsers);
  const itemsByUser = new Int32Array(n);
  for (let from = 0; from < n; from += ROWS_PER_MARK) {
    yield { stage, fraction: 0.1 + (0.5 * from) / n };
    for (let r = from, end = Math.min(n, from + ROWS_PER_MARK); r < end; r++) itemsByUser[next[users[r]]++] = items[r];
  }
  const stamp = new Int32Array(nItems);
  const firstAt = new Int32Array(nItems);
  const found: Duplicates = { count: 0, first: [] };
  // Grouped positions of the first repeats (in user order) and of the earlier row with the same pair.
  const kept: { at: number; earlierAt: number }[] = [];
  for (let u = 0, sinceMark = 0; u < nUsers; u++) {
    const mark = u + 1;
    for (let k = start[u], end = start[u + 1]; k < end; k++) {
      const i = itemsByUser[k];
      if (stamp[i] === mark) {
        found.count++;
        if (kept.length < KEPT_REPEATS) kept.push({ at: k, earlierAt: firstAt[i] });
      } else {
        stamp[i] = mark;
        firstAt[i] = k;
      }
    }
    sinceMark += start[u + 1] - start[u];
    if (sinceMark >= ROWS_PER_MARK) {
      sinceMark = 0;
      yield { stage, fraction: 0.6 + (0.3 * start[u + 1]) / n };
    }
  }
  if (kept.length === 0) return found;
  const rowAt = yield* rowsAtGroupedPositions(n, users, start, kept.flatMap((x) => [x.at, x.earlierAt]), stage);
  // Report the earliest repeats in file order, not in user order.
  const seen = kept.map(({ at, earlierAt }) => ({ row: rowAt.get(at) ?? 0, earlier: rowAt.get(earlierAt) ?? 0 }));
  seen.sort((a, b) => a.row - b.row);
  found.first = seen.slice(0, FIRST_DUPLICATES).map(({ row, earlier }) => ({
    line: lines[row], firstLine: lines[earlier], user: userLabels[users[row]], item: itemLabels[items[row]],
  }));
  return found;
}

/**
 * The row behind each of a few positions of the counting sort by user (position start[u] + j is the
 * j-th row of user u in file order), found in one pass that only follows the users concerned.
 */
function* rowsAtGroupedPositions(n: number, users: Int32Array, start: Int32Array, positions: number[],
  stage: string): PacedWork<Map<number, number>> {
  const wanted = new Set(positions);
  const nUsers = start.length - 1;
  const concerned = new Uint8Array(nUsers);
  let last = -1;
  for (const at of wanted) {
    // The user whose group holds position `at`: the last u with start[u] <= at (skipping empty groups).
    let lo = 0, hi = nUsers - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (start[mid] <= at) lo = mid;
      else hi = mid - 1;
    }
    concerned[lo] = 1;
    last = Math.max(last, lo);
  }
  const next = start.slice(0, nUsers);
  const rowAt = new Map<number, number>();
  for (let from = 0; from < n && rowAt.size < wanted.size; from += ROWS_PER_MARK) {
    yield { stage, fraction: 0.9 + (0.1 * from) / n };
    for (let r = from, end = Math.min(n, from + ROWS_PER_MARK); r < end; r++) {
      const u = users[r];
      if (u > last || !concerned[u]) continue;
      const at = next[u]++;
      if (wanted.has(at)) rowAt.set(at, r);
    }
  }
  return rowAt;
}

/** A histogram of the ratings, as the report shows it. */
export type Histogram = { label: string; count: number }[];

/** The rating range and histogram together, pausing between chunks: with few distinct ratings, one counting pass gives both. */
export function* ratingSummaryPaced(ratings: Float32Array): PacedWork<{ range: [number, number]; histogram: Histogram }> {
  const exact = yield* exactHistogram(ratings);
  if (exact) {
    // Every rating is one of the counted values, so the extremes are the smallest and largest counted.
    const range: [number, number] = exact.length ? [exact[0].value, exact[exact.length - 1].value] : [0, 0];
    return { range, histogram: exact.map(({ label, count }) => ({ label, count })) };
  }
  const range = yield* ratingRangePaced(ratings);
  return { range, histogram: yield* ratingHistogramPaced(ratings, range) };
}

/** Smallest and largest rating ([0, 0] when there are no rows), pausing between chunks. */
function* ratingRangePaced(ratings: Float32Array): PacedWork<[number, number]> {
  if (ratings.length === 0) return [0, 0];
  const stage = SUMMARY_STAGES.ratings.stage;
  let lo = Infinity, hi = -Infinity;
  for (let from = 0; from < ratings.length; from += ROWS_PER_MARK) {
    yield { stage, fraction: (0.3 * from) / ratings.length };
    for (let r = from, end = Math.min(ratings.length, from + ROWS_PER_MARK); r < end; r++) {
      const x = ratings[r];
      if (x < lo) lo = x;
      if (x > hi) hi = x;
    }
  }
  return [lo, hi];
}

/** Row count per rating value, or per bin of equal width when there are many distinct values; pausing between chunks. */
function* ratingHistogramPaced(ratings: Float32Array, range: [number, number]): PacedWork<Histogram> {
  const exact = yield* exactHistogram(ratings);
  if (exact) return exact.map(({ label, count }) => ({ label, count }));
  const [lo, hi] = range;
  const width = (hi - lo) / BINS || 1;
  const counts = new Array<number>(BINS).fill(0);
  for (let from = 0; from < ratings.length; from += ROWS_PER_MARK) {
    yield { stage: SUMMARY_STAGES.ratings.stage, fraction: 0.3 + (0.7 * from) / ratings.length };
    for (let r = from, end = Math.min(ratings.length, from + ROWS_PER_MARK); r < end; r++) {
      counts[Math.min(BINS - 1, Math.floor((ratings[r] - lo) / width))]++;
    }
  }
  return counts.map((count, b) => ({ label: `${show(lo + b * width)}-${show(lo + (b + 1) * width)}`, count }));
}

/** A bar per distinct rating (sorted), or undefined when there are more than MAX_EXACT_BARS of them. */
function* exactHistogram(ratings: Float32Array): PacedWork<{ value: number; label: string; count: number }[] | undefined> {
  // Distinct values from a prefix, then one pass with a small sorted table (no Map per row).
  for (const prefix of [100_000, ratings.length]) {
    const values = yield* distinctValues(ratings, prefix, MAX_EXACT_BARS + 1);
    if (values.length > MAX_EXACT_BARS) return undefined;
    const counts = yield* exactCounts(ratings, values);
    if (counts) return Array.from(values, (value, k) => ({ value, label: show(value), count: counts[k] }));
  }
  return undefined;
}

/** Up to `limit` distinct values among the first `rows` ratings, sorted. */
function* distinctValues(ratings: Float32Array, rows: number, limit: number): PacedWork<Float32Array> {
  const seen = new Set<number>();
  const last = Math.min(ratings.length, rows);
  for (let from = 0; from < last && seen.size < limit; from += ROWS_PER_MARK) {
    yield { stage: SUMMARY_STAGES.ratings.stage, fraction: 0.3 };
    for (let r = from, end = Math.min(last, from + ROWS_PER_MARK); r < end && seen.size < limit; r++) seen.add(ratings[r]);
  }
  return Float32Array.from([...seen].sort((a, b) => a - b));
}

/** Count of each of `values` (sorted), or undefined when a rating is not among them. */
function* exactCounts(ratings: Float32Array, values: Float32Array): PacedWork<Float64Array | undefined> {
  const counts = new Float64Array(values.length);
  const slots = slotTable(values);
  for (let from = 0; from < ratings.length; from += ROWS_PER_MARK) {
    yield { stage: SUMMARY_STAGES.ratings.stage, fraction: 0.3 + (0.7 * from) / ratings.length };
    for (let r = from, end = Math.min(ratings.length, from + ROWS_PER_MARK); r < end; r++) {
      const x = ratings[r];
      let k = -1;
      if (slots) {
        const t = x * slots.scale - slots.lo;
        if (t >= 0 && t < slots.index.length && t === Math.floor(t)) k = slots.index[t];
      } else k = indexOf(values, x);
      if (k < 0) return undefined;
      counts[k]++;
    }
  }
  return counts;
}

/**
 * When every value times 1, 2, 4 or 10 is a small integer (stars, half stars), a table from that
 * integer to the value's index: a lookup instead of a binary search per row (0.14 s of a 5M-row load).
 */
function slotTable(values: Float32Array): { scale: number; lo: number; index: Int8Array } | undefined {
  if (values.length === 0) return undefined;
  for (const scale of [1, 2, 4, 10]) {
    const scaled = Array.from(values, (v) => v * scale);
    if (!scaled.every((t) => Number.isInteger(t) && Math.abs(t) <= 1024)) continue;
    const lo = scaled[0];
    const index = new Int8Array(scaled[scaled.length - 1] - lo + 1).fill(-1);
    scaled.forEach((t, k) => { index[t - lo] = k; });
    return { scale, lo, index };
  }
  return undefined;
}

function indexOf(sorted: Float32Array, x: number): number {
  let lo = 0, hi = sorted.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] < x) lo = mid + 1;
    else if (sorted[mid] > x) hi = mid - 1;
    else return mid;
  }
  return -1;
}

/** A float32 rating as a short decimal (3.5, not 3.5000000000). */
function show(x: number): string {
  return String(Number(x.toPrecision(6)));
}
