/** The Data view's overview: fastbook's crosstab, the long tails, single-rating counts. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dataOverview, longTail, topIndices } from '../../../src/core/analysis/data-overview';
import type { RatingsTable } from '../../../src/core/data/types';

function table(rows: [number, number, number][]): RatingsTable {
  const users = Math.max(...rows.map((r) => r[0])) + 1;
  const items = Math.max(...rows.map((r) => r[1])) + 1;
  return {
    file: 'r.csv', n: rows.length,
    users: Int32Array.from(rows.map((r) => r[0])), items: Int32Array.from(rows.map((r) => r[1])),
    ratings: Float32Array.from(rows.map((r) => r[2])), lines: Int32Array.from(rows.map((_, i) => i + 2)),
    userLabels: Array.from({ length: users }, (_, u) => `u${u}`), itemLabels: Array.from({ length: items }, (_, i) => `i${i}`),
    itemTitles: Array.from({ length: items }, (_, i) => (i === 0 ? '' : `Title ${i}`)),
  };
}

test('the crosstab holds the most active users against the most rated items, with each cell\'s rating and line', () => {
  // u0 rates everything, u1 three items, u2 one; i0 is rated by all, i3 by one.
  const rows: [number, number, number][] = [
    [0, 0, 5], [0, 1, 4], [0, 2, 3], [0, 3, 2], [1, 0, 1], [1, 1, 2], [1, 2, 3], [2, 0, 4],
  ];
  const o = dataOverview(table(rows), { users: 2, items: 3 });
  assert.deepEqual(o.crosstab.users.map((u) => [u.label, u.count]), [['u0', 4], ['u1', 3]]);
  assert.deepEqual(o.crosstab.items.map((i) => [i.label, i.count]), [['i0', 3], ['Title 1', 2], ['Title 2', 2]], 'titles when known');
  assert.deepEqual(o.crosstab.cells[1], [{ rating: 1, line: 6 }, { rating: 2, line: 7 }, { rating: 3, line: 8 }]);
  assert.deepEqual(o.crosstab.cells[0][0], { rating: 5, line: 2 });
  assert.deepEqual(o.singles, { items: 1, users: 1 });
  assert.equal(o.rows, 8);
  const missing = dataOverview(table([[0, 0, 5], [1, 1, 3]]), { users: 2, items: 2 });
  assert.equal(missing.crosstab.cells[0][1], null, 'an unrated pair is an empty cell');
});

test('long tail: counts descending by rank, dense at the head, log-spaced after, ending at the last rank', () => {
  const counts = Array.from({ length: 5000 }, (_, i) => Math.max(1, Math.round(10000 / (i + 1))));
  const tail = longTail(counts, 300);
  assert.ok(tail.length <= 302);
  assert.deepEqual(tail.slice(0, 3).map((p) => p.rank), [1, 2, 3]);
  assert.equal(tail.at(-1)?.rank, 5000);
  for (let k = 1; k < tail.length; k++) {
    assert.ok(tail[k].rank > tail[k - 1].rank);
    assert.ok(tail[k].count <= tail[k - 1].count);
  }
  assert.deepEqual(longTail([0, 0]), []);
  assert.deepEqual(topIndices([3, 9, 9, 0], 3), [1, 2, 0]);
});
