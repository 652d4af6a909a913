/** The one thinning rule of loss histories (saved, host live, webview live): bounded, first and last kept, resumable. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { HISTORY_POINTS, ThinnedSeries } from '../../../src/common/thinning';

test('a long run (100,000 points) stays within the cap and keeps the first and the latest point', () => {
  const series = new ThinnedSeries<number>();
  for (let n = 0; n < 100_000; n++) {
    const accounted = n % 997 === 0 || n > 99_990;
    const before = accounted ? new Set(series.points()) : undefined;
    const dropped = series.push(n);
    if (!before && n % 7 !== 0) continue;
    const points = series.points();
    assert.ok(points.length <= HISTORY_POINTS, `${points.length} points after ${n + 1}`);
    assert.equal(points[0], 0);
    assert.equal(points.at(-1), n);
    if (before) {
      // What was shown, minus what push says it dropped, plus the new point, is what is shown now.
      for (const d of dropped) assert.ok(before.delete(d), `dropped ${d} was shown`);
      before.add(n);
      assert.deepEqual([...before].sort((a, b) => a - b), points);
    }
  }
  const points = series.points();
  assert.ok(points.length > HISTORY_POINTS / 4, `${points.length} points`);
  assert.equal(series.seen, 100_000);
  for (let i = 1; i < points.length; i++) assert.ok(points[i] > points[i - 1], 'in order');
  // Spread over the whole run: no gap wider than two strides.
  const gaps = points.slice(1).map((p, i) => p - points[i]);
  assert.ok(Math.max(...gaps) <= 2 * 100_000 / (HISTORY_POINTS / 2), `widest gap ${Math.max(...gaps)}`);
});

test('a copy resumed from the points and count thins exactly as the original (the webview continues the host)', () => {
  for (const cap of [2, 3, 10, 1000]) {
    for (const start of [0, 1, 5, 9, 10, 11, 37, 64, 999, 1000, 1001, 4097]) {
      const original = new ThinnedSeries<number>(cap);
      for (let n = 0; n < start; n++) original.push(n);
      const copy = ThinnedSeries.resume(original.points(), original.seen, cap);
      assert.deepEqual(copy.points(), original.points(), `cap ${cap}, resumed at ${start}`);
      for (let n = start; n < start + 3 * cap + 100; n++) {
        assert.deepEqual(copy.push(n), original.push(n));
        if (cap < 100 || n % 97 === 0) assert.deepEqual(copy.points(), original.points(), `cap ${cap}, resumed at ${start}, point ${n}`);
      }
      assert.deepEqual(copy.points(), original.points());
    }
  }
});

test('a short run is kept whole; a resumed copy without a count keeps what it was given', () => {
  const series = new ThinnedSeries<string>(5);
  for (const p of ['a', 'b', 'c', 'd']) assert.deepEqual(series.push(p), []);
  assert.deepEqual(series.points(), ['a', 'b', 'c', 'd']);
  assert.deepEqual(ThinnedSeries.resume(['x', 'y'], Number.NaN, 5).points(), ['x', 'y']);
  assert.throws(() => new ThinnedSeries(1), RangeError);
});
