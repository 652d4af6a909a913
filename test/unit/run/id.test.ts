import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeRunId, isRunId, uniqueRunId, sourceSlug } from '../../../src/core/run/id';

test('run ids are readable and sort by time', () => {
  const a = makeRunId(new Date('2026-11-25T19:03:01Z'), 'dot', '/data/Ratings File.csv');
  assert.equal(a, '20261125-190301-dot-ratings-file');
  const b = makeRunId(new Date('2026-11-25T19:03:02Z'), 'nn', '/data/a.csv');
  const c = makeRunId(new Date('2026-12-01T00:00:00Z'), 'dot', '/data/a.csv');
  assert.deepEqual([c, a, b].sort(), [a, b, c]);
  assert.ok(isRunId(a));
  assert.ok(!isRunId('.tmp-x'));
  assert.ok(!isRunId('../x'));
  assert.equal(sourceSlug('/x/u.data'), 'u');
  assert.equal(sourceSlug('/x/.csv'), 'csv');
  assert.equal(sourceSlug('/x/Ünïcode.csv'), 'n-code');
  assert.equal(uniqueRunId('r', (c2) => c2 === 'r' || c2 === 'r-2'), 'r-3');
});
