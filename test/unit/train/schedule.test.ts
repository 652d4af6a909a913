import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createModel } from '../../../src/core/model';
import { fit } from '../../../src/core/train/fit';
import { combinedCos, oneCycle, schedCos, stepCount } from '../../../src/core/train/schedule';
import { PanelQueries } from '../../../src/run-service/panel-queries';
import { fixtureRun } from '../../browser/fixture-run';
import { plantedDataset, recipe } from './planted-dataset';
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

test('one step count: fit trains by it, and a saved run\'s redrawn schedule spans exactly its epochs by it', async () => {
  assert.deepEqual(stepCount(1000, 64, 3), { bs: 64, batchesPerEpoch: 15, totalSteps: 45 }, 'the last partial batch is dropped');
  assert.deepEqual(stepCount(10, 64, 2), { bs: 10, batchesPerEpoch: 1, totalSteps: 2 }, 'fewer rows than a batch: one smaller batch');
  const data = plantedDataset();
  for (const bs of [7, 64, data.train.length + 5]) {
    const config = recipe({ model: 'dot', epochs: 2, bs, factors: 4 });
    const model = createModel(config, data.userVocab.labels.length, data.itemVocab.labels.length, config.yRange!, config.seed);
    let reported: { batchesPerEpoch: number; totalSteps: number } | undefined;
    await fit(model, data, { config, callbacks: { onBatchEnd: (b) => { reported = { batchesPerEpoch: b.batchesPerEpoch, totalSteps: b.totalSteps }; } } });
    const count = stepCount(data.train.length, bs, 2);
    assert.deepEqual(reported, { batchesPerEpoch: count.batchesPerEpoch, totalSteps: count.totalSteps }, `bs ${bs}`);
    // A saved run without a batch history: its LR schedule is redrawn over the same steps.
    const run = fixtureRun();
    run.manifest.config = { ...run.manifest.config!, bs, epochs: 2 };
    run.manifest.stats = { ...run.manifest.stats!, itemCount: [data.train.length] };
    const { batches } = new PanelQueries(run).series();
    const total = stepCount(data.train.length, bs, 2);
    assert.equal(batches[0].x, Math.round(1 / total.batchesPerEpoch * 1e4) / 1e4, `bs ${bs}: the first step`);
    const every = Math.max(1, Math.floor(total.totalSteps / 200));
    assert.ok(batches.at(-1)!.x <= 2 && batches.at(-1)!.x >= 2 - every / total.batchesPerEpoch, `bs ${bs}: ends at the last epoch (${batches.at(-1)!.x})`);
  }
});
