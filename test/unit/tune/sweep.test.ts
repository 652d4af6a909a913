/** The sweep runner: it finds a planted better configuration, honours a budget, and keeps finished work on cancel. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseGrid } from '../../../src/core/tune/space';
import { runSweep } from '../../../src/core/tune/sweep';
import { inProcessExecutor } from '../../../src/core/tune/executor';
import { runTune } from '../../../src/core/tune/tune';
import { bestIndex, foldSummary } from '../../../src/core/tune/metric';
import { plantedDataset, plantedFile, scriptedExecutor } from './helpers';

test('a small sweep on planted data finds the better weight decay', async () => {
  // Few noisy ratings per user and many factors: without weight decay the model overfits.
  const dataset = plantedDataset({ users: 200, items: 150, ratingsPerUser: 15, noise: 0.8, seed: 3 });
  const space = parseGrid('wd=0,0.3 factors=40 epochs=8 lr=2e-2');
  const seen: number[] = [];
  const outcome = await runSweep(space, {
    executor: inProcessExecutor({ datasets: [dataset], ranking: {} }), metric: 'rmse', folds: 1, onResult: (r) => seen.push(r.index),
  });
  assert.equal(outcome.end, 'done');
  assert.deepEqual([...seen].sort(), [0, 1]);
  const best = outcome.results[outcome.best];
  assert.equal(best.params.wd, 0.3, `rmse wd=0: ${outcome.results.find((r) => r.params.wd === 0)?.metrics.rmse}, wd=0.3: ${best.metrics.rmse}`);
  assert.ok(typeof best.metrics.ndcg === 'number' && best.metrics.ndcg >= 0 && best.metrics.ndcg <= 1);
});

test('the metric decides the direction: lower errors, higher ranking figures', () => {
  const figures = [{ mse: 1, rmse: 1, mae: 1, ndcg: 0.2 }, { mse: 0.5, rmse: 0.7, mae: 0.6, ndcg: 0.1 }];
  assert.equal(bestIndex(figures, 'rmse'), 1);
  assert.equal(bestIndex(figures, 'ndcg'), 0);
  const { mean, std } = foldSummary([{ mse: 1, rmse: 1, mae: 1 }, { mse: 3, rmse: 3, mae: 1 }]);
  assert.deepEqual([mean.rmse, std.rmse, std.mae], [2, 1, 0]);
});

test('a budget stops starting new configurations; those started finish', async () => {
  const clock = { t: 0 };
  const executor = scriptedExecutor(clock, 1);
  const space = parseGrid('wd=0,0.1,0.2,0.3,0.4,0.5');
  const outcome = await runSweep(space, { executor, metric: 'rmse', folds: 1, budgetSeconds: 2.5, now: () => clock.t });
  // starts at t = 0, 1, 2; at t = 3 the budget is spent
  assert.equal(executor.started, 3);
  assert.equal(outcome.results.length, 3);
  assert.equal(outcome.end, 'budget');
  assert.equal(outcome.skipped, 3);
  assert.equal(outcome.results[outcome.best].params.wd, 0);
});

test('folds: every configuration is fit on each fold and summed up as mean and std', async () => {
  const clock = { t: 0 };
  const executor = scriptedExecutor(clock, 1, 2);
  const outcome = await runSweep(parseGrid('wd=0.1,0.2'), { executor, metric: 'rmse', folds: 3 });
  assert.equal(executor.started, 6);
  for (const r of outcome.results) {
    assert.equal(r.folds?.length, 3);
    assert.equal(r.std?.rmse, 0);
  }
});

test('a cancel keeps the finished configurations', async () => {
  const clock = { t: 0 };
  const controller = new AbortController();
  const executor = scriptedExecutor(clock, 1, 1, (n) => { if (n === 3) controller.abort(); });
  const outcome = await runSweep(parseGrid('wd=0,0.1,0.2,0.3'), { executor, metric: 'rmse', folds: 1, signal: controller.signal });
  assert.equal(outcome.end, 'cancelled');
  assert.deepEqual(outcome.results.map((r) => r.index), [0, 1]);
  assert.equal(outcome.results[outcome.best].index, 0);
});

test('a cancelled tune still writes a valid tune.json atomically (no temp folder left)', async () => {
  const { dir, file } = plantedFile({ users: 60, items: 40, ratingsPerUser: 12 });
  const controller = new AbortController();
  const runsDir = join(dir, '.collab', 'runs');
  const { manifest, dir: saved } = await runTune(
    { file, grid: 'wd=0,0.05,0.1,0.2 epochs=1', runsDir, parallel: 1 },
    { signal: controller.signal, onResult: () => controller.abort() },
  );
  assert.equal(saved, join(dir, '.collab', 'tunes', manifest.id));
  const onDisk = JSON.parse(readFileSync(join(saved, 'tune.json'), 'utf8'));
  assert.equal(onDisk.end, 'cancelled');
  assert.equal(onDisk.results.length, 1);
  assert.equal(onDisk.best.index, onDisk.results[0].index);
  assert.equal(onDisk.space.count, 4);
  assert.ok(typeof onDisk.results[0].metrics.rmse === 'number' && typeof onDisk.results[0].seconds === 'number');
  assert.deepEqual(readdirSync(join(dir, '.collab', 'tunes')).filter((n) => n.startsWith('.')), []);
  assert.ok(!existsSync(join(dir, '.collab', 'runs')), 'a sweep saves no runs');
});
