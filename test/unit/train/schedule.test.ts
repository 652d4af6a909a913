import { test } from 'node:test';
import assert from 'node:assert/strict';
import { combinedCos, oneCycle, schedCos } from '../../../src/core/train/schedule';
import { SmoothLoss } from '../../../src/core/train/smooth-loss';

const close = (a: number, b: number, tol = 1e-12): void => assert.ok(Math.abs(a - b) <= tol * Math.max(1, Math.abs(b)), `${a} vs ${b}`);

test('one cycle: lr_max/25 -> lr_max at 25% -> lr_max/1e5, beta1 0.95 -> 0.85 -> 0.95 (fastai combined_cos)', () => {
  const total = 400;
  const { lr, mom } = oneCycle(total, { lrMax: 5e-3 });
  close(lr[0], 5e-3 / 25);
  close(mom[0], 0.95);
  close(lr[100], 5e-3); // pos = 0.25 starts the second phase at its start
  close(mom[100], 0.85);
  close(lr[50], (5e-3 / 25 + 5e-3) / 2); // halfway up a cosine is the midpoint
  close(mom[50], 0.9);
  close(lr[250], (5e-3 + 5e-3 / 1e5) / 2); // halfway down
  // fastai SchedCos: start + (1 + cos(pi * (1 - pos))) * (end - start) / 2, checked at an odd position
  const pos = 333 / total;
  const p2 = (pos - 0.25) / 0.75;
  close(lr[333], 5e-3 + (1 + Math.cos(Math.PI * (1 - p2))) * (5e-8 - 5e-3) / 2);
  close(lr[333], combinedCos(0.25, 2e-4, 5e-3, 5e-8, pos));
  assert.ok(lr[total - 1] < 1e-5 && lr[total - 1] > 5e-8);
  close(schedCos(1, 3, 0), 1);
  close(schedCos(1, 3, 1), 3);
});

test('smoothed loss is fastai\'s debiased EMA with beta 0.98', () => {
  const s = new SmoothLoss();
  assert.ok(Number.isNaN(s.value));
  s.add(2);
  close(s.value, 2); // debiasing makes the first value exact
  s.add(1);
  const avg = 0.98 * (0.02 * 2) + 0.02 * 1;
  close(s.value, avg / (1 - 0.98 ** 2));
});

test('oneCycle equals combinedCos at every step, bit for bit', () => {
  for (const total of [1, 7, 400, 1001]) {
    const { lr, mom } = oneCycle(total, { lrMax: 3e-3, div: 10, divFinal: 1e4, pctStart: 0.3, moms: [0.9, 0.8, 0.95] });
    for (let s = 0; s < total; s++) {
      assert.equal(lr[s], combinedCos(0.3, 3e-3 / 10, 3e-3, 3e-3 / 1e4, s / total));
      assert.equal(mom[s], combinedCos(0.3, 0.9, 0.8, 0.95, s / total));
    }
  }
});
