/** Facts about loaded columns for the report: repeated (user, item) pairs, rating range and histogram. */
import type { Duplicates } from './types';

const FIRST_DUPLICATES = 5;
/** Up to this many distinct ratings get a bar each; more are binned. */
const MAX_EXACT_BARS = 21;
const BINS = 10;

/**
 * Finds rows whose (user, item) pair appeared on an earlier row, in O(rows): rows are grouped by
 * user with a counting sort, then a per-item stamp marks the items the current user has seen.
 */
export function findDuplicates(n: number, users: Int32Array, items: Int32Array, lines: Int32Array,
  userLabels: string[], itemLabels: string[]): Duplicates {
  const nUsers = userLabels.length, nItems = itemLabels.length;
  const start = new Int32Array(nUsers + 1);
  for (let r = 0; r < n; r++) start[users[r] + 1]++;
  for (let u = 0; u < nUsers; u++) start[u + 1] += start[u];
  const next = start.slice(0, nUsers);
  const order = new Int32Array(n);
  for (let r = 0; r < n; r++) order[next[users[r]]++] = r;
  const stamp = new Int32Array(nItems);
  const firstRow = new Int32Array(nItems);
  const found: Duplicates = { count: 0, first: [] };
  const seen: { row: number; earlier: number }[] = [];
  for (let u = 0; u < nUsers; u++) {
    for (let k = start[u]; k < start[u + 1]; k++) {
      const r = order[k], i = items[r];
      if (stamp[i] === u + 1) {
        found.count++;
        if (seen.length < 1000) seen.push({ row: r, earlier: firstRow[i] });
      } else {
        stamp[i] = u + 1;
        firstRow[i] = r;
      }
    }
  }
  // Report the earliest repeats in file order, not in user order.
  seen.sort((a, b) => a.row - b.row);
  found.first = seen.slice(0, FIRST_DUPLICATES).map(({ row, earlier }) => ({
    line: lines[row], firstLine: lines[earlier], user: userLabels[users[row]], item: itemLabels[items[row]],
  }));
  return found;
}

/** Smallest and largest rating ([0, 0] when there are no rows). */
export function ratingRange(ratings: Float32Array): [number, number] {
  if (ratings.length === 0) return [0, 0];
  let lo = Infinity, hi = -Infinity;
  for (let r = 0; r < ratings.length; r++) {
    const x = ratings[r];
    if (x < lo) lo = x;
    if (x > hi) hi = x;
  }
  return [lo, hi];
}

/** Row count per rating value, or per bin of equal width when there are many distinct values. */
export function ratingHistogram(ratings: Float32Array, range: [number, number]): { label: string; count: number }[] {
  // Distinct values from a prefix, then one pass with a small sorted table (no Map per row).
  for (const prefix of [100_000, ratings.length]) {
    const values = distinctValues(ratings, prefix, MAX_EXACT_BARS + 1);
    if (values.length > MAX_EXACT_BARS) break;
    const counts = exactCounts(ratings, values);
    if (counts) return Array.from(values, (value, k) => ({ label: show(value), count: counts[k] }));
  }
  const [lo, hi] = range;
  const width = (hi - lo) / BINS || 1;
  const counts = new Array<number>(BINS).fill(0);
  for (let r = 0; r < ratings.length; r++) counts[Math.min(BINS - 1, Math.floor((ratings[r] - lo) / width))]++;
  return counts.map((count, b) => ({ label: `${show(lo + b * width)}-${show(lo + (b + 1) * width)}`, count }));
}

/** Up to `limit` distinct values among the first `rows` ratings, sorted. */
function distinctValues(ratings: Float32Array, rows: number, limit: number): Float32Array {
  const seen = new Set<number>();
  for (let r = 0; r < Math.min(ratings.length, rows) && seen.size < limit; r++) seen.add(ratings[r]);
  return Float32Array.from([...seen].sort((a, b) => a - b));
}

/** Count of each of `values` (sorted), or undefined when a rating is not among them. */
function exactCounts(ratings: Float32Array, values: Float32Array): Float64Array | undefined {
  const counts = new Float64Array(values.length);
  for (let r = 0; r < ratings.length; r++) {
    const k = indexOf(values, ratings[r]);
    if (k < 0) return undefined;
    counts[k]++;
  }
  return counts;
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
