/**
 * The book's first look at a ratings table (fastbook chapter 8): a crosstab of the most active users
 * against the most rated items, the rating histogram, and the long tail of ratings per item and per
 * user. One pass over the rows for the counts, one for the crosstab's cells.
 */
import type { RatingsTable } from '../data/types';

/** A label of the crosstab: its index in the table's labels, shown text and rating count. */
export interface OverviewLabel { index: number; label: string; count: number }

/** What the Data view and `collab inspect --json` show. */
export interface DataOverview {
  rows: number;
  nUsers: number;
  nItems: number;
  crosstab: { users: OverviewLabel[]; items: OverviewLabel[]; cells: ({ rating: number; line: number } | null)[][] };
  itemTail: { rank: number; count: number }[];
  userTail: { rank: number; count: number }[];
  singles: { items: number; users: number };
}

/** Most points of a long-tail curve: every rank up to 100, then log-spaced ranks. */
export const TAIL_POINTS = 300;

/** The overview of a loaded table; `users` x `items` is the crosstab's size (fastbook shows 15 x 15). */
export function dataOverview(table: RatingsTable, options: { users?: number; items?: number } = {}): DataOverview {
  const { n } = table;
  const userCount = new Int32Array(table.userLabels.length);
  const itemCount = new Int32Array(table.itemLabels.length);
  for (let r = 0; r < n; r++) { userCount[table.users[r]]++; itemCount[table.items[r]]++; }
  const topUsers = topIndices(userCount, options.users ?? 15);
  const topItems = topIndices(itemCount, options.items ?? 15);
  const userRow = new Int32Array(userCount.length).fill(-1);
  const itemCol = new Int32Array(itemCount.length).fill(-1);
  topUsers.forEach((u, k) => { userRow[u] = k; });
  topItems.forEach((i, k) => { itemCol[i] = k; });
  const cells: ({ rating: number; line: number } | null)[][] = topUsers.map(() => topItems.map(() => null));
  for (let r = 0; r < n; r++) {
    const row = userRow[table.users[r]];
    if (row < 0) continue;
    const col = itemCol[table.items[r]];
    // A repeated (user, item) pair: the last rating wins, as a pandas crosstab of the last row would show.
    if (col >= 0) cells[row][col] = { rating: table.ratings[r], line: table.lines[r] };
  }
  const itemLabel = (i: number): string => table.itemTitles?.[i] || table.itemLabels[i];
  return {
    rows: n, nUsers: table.userLabels.length, nItems: table.itemLabels.length,
    crosstab: {
      users: topUsers.map((u) => ({ index: u, label: table.userLabels[u], count: userCount[u] })),
      items: topItems.map((i) => ({ index: i, label: itemLabel(i), count: itemCount[i] })),
      cells,
    },
    itemTail: longTail(itemCount), userTail: longTail(userCount),
    singles: { items: countOnes(itemCount), users: countOnes(userCount) },
  };
}

/** The `k` indices with the highest counts, highest first (ties by index). */
export function topIndices(counts: ArrayLike<number>, k: number): number[] {
  const order = Array.from({ length: counts.length }, (_, i) => i);
  order.sort((a, b) => counts[b] - counts[a] || a - b);
  return order.slice(0, Math.max(0, k)).filter((i) => counts[i] > 0);
}

/** Counts sorted descending, as (rank, count) points: every rank to 100, then log-spaced, and the last. */
export function longTail(counts: ArrayLike<number>, points = TAIL_POINTS): { rank: number; count: number }[] {
  const sorted = Float64Array.from(counts).filter((c) => c > 0).sort().reverse();
  const m = sorted.length;
  if (m === 0) return [];
  const ranks = new Set<number>();
  const dense = Math.min(m, 100);
  for (let r = 1; r <= dense; r++) ranks.add(r);
  const rest = Math.max(1, points - dense);
  for (let k = 0; k <= rest; k++) ranks.add(Math.round(dense * (m / dense) ** (k / rest)));
  ranks.add(m);
  return [...ranks].filter((r) => r >= 1 && r <= m).sort((a, b) => a - b).map((rank) => ({ rank, count: sorted[rank - 1] }));
}

function countOnes(counts: ArrayLike<number>): number {
  let ones = 0;
  for (let i = 0; i < counts.length; i++) if (counts[i] === 1) ones++;
  return ones;
}
