/** The load report's repeated (user, item) pairs, checked against a direct count in file order. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { findDuplicates } from '../../../src/core/csv/summary';
import type { Duplicates } from '../../../src/core/csv/types';

/**
 * The definition: a row repeats when an earlier row has its pair. The first 1000 repeats in user
 * order (users by first appearance, then file order) are kept, and the earliest five of those in
 * file order reported, each with the line of the pair's first row.
 */
function reference(users: Int32Array, items: Int32Array, lines: Int32Array, userLabels: string[], itemLabels: string[]): Duplicates {
  const firstRow = new Map<string, number>();
  const repeats: { row: number; earlier: number }[] = [];
  users.forEach((u, r) => {
    const key = `${u},${items[r]}`;
    const earlier = firstRow.get(key);
    if (earlier === undefined) firstRow.set(key, r);
    else repeats.push({ row: r, earlier });
  });
  const kept = [...repeats].sort((a, b) => users[a.row] - users[b.row] || a.row - b.row).slice(0, 1000);
  kept.sort((a, b) => a.row - b.row);
  return {
    count: repeats.length,
    first: kept.slice(0, 5).map(({ row, earlier }) => ({
      line: lines[row], firstLine: lines[earlier], user: userLabels[users[row]], item: itemLabels[items[row]],
    })),
  };
}

/** Columns of `pairs`, labels numbered in order of first appearance as the loader does. */
function columns(pairs: [number, number][]): [Int32Array, Int32Array, Int32Array, string[], string[]] {
  const number = (values: number[]): [Int32Array, string[]] => {
    const index = new Map<number, number>();
    const labels: string[] = [];
    const column = Int32Array.from(values, (v) => index.get(v) ?? (index.set(v, labels.length), labels.push(`id${v}`) - 1));
    return [column, labels];
  };
  const [users, userLabels] = number(pairs.map(([u]) => u));
  const [items, itemLabels] = number(pairs.map(([, i]) => i));
  return [users, items, Int32Array.from(pairs, (_, r) => 2 + r * 3), userLabels, itemLabels];
}

test('property: repeated pairs are counted and the earliest reported, as by the definition', () => {
  fc.assert(fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 12 }), fc.integer({ min: 0, max: 9 })), { maxLength: 300 }), (pairs) => {
    const [users, items, lines, userLabels, itemLabels] = columns(pairs);
    assert.deepEqual(findDuplicates(pairs.length, users, items, lines, userLabels, itemLabels), reference(users, items, lines, userLabels, itemLabels));
  }));
});

test('over a thousand repeats: the report keeps the definition\'s choice of the first five', () => {
  const pairs: [number, number][] = [];
  for (let r = 0; r < 20_000; r++) pairs.push([(r * 7919) % 300, (r * 104729) % 40]);
  const [users, items, lines, userLabels, itemLabels] = columns(pairs);
  const found = findDuplicates(pairs.length, users, items, lines, userLabels, itemLabels);
  assert.ok(found.count > 1000, `${found.count} repeats`);
  assert.deepEqual(found, reference(users, items, lines, userLabels, itemLabels));
});
