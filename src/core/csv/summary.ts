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
  const exact = new Map<number, number>();
  for (let r = 0; r < ratings.length && exact.size <= MAX_EXACT_BARS; r++) {
    exact.set(ratings[r], (exact.get(ratings[r]) ?? 0) + 1);
  }
  if (exact.size <= MAX_EXACT_BARS) {
    return [...exact].sort((a, b) => a[0] - b[0]).map(([value, count]) => ({ label: show(value), count }));
  }
  const [lo, hi] = range;
  const width = (hi - lo) / BINS;
  const counts = new Array<number>(BINS).fill(0);
  for (let r = 0; r < ratings.length; r++) counts[Math.min(BINS - 1, Math.floor((ratings[r] - lo) / width))]++;
  return counts.map((count, b) => ({ label: `${show(lo + b * width)}-${show(lo + (b + 1) * width)}`, count }));
}

/** A float32 rating as a short decimal (3.5, not 3.5000000000). */
function show(x: number): string {
  return String(Number(x.toPrecision(6)));
}
