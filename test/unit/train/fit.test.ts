import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createModel } from '../../../src/core/model';
import { fit, type BatchProgress } from '../../../src/core/train/fit';
import { isAbortError } from '../../../src/core/train/loop-clock';
import { regressionMetrics } from '../../../src/core/train/metrics';
import type { RatingsDataset } from '../../../src/core/data/types';
import type { TrainConfig } from '../../../src/core/run/types';
import { globalMeanMse, plantedDataset, recipe } from './planted-dataset';

const data = plantedDataset();

function modelFor(config: TrainConfig, d: RatingsDataset = data) {
  return createModel(config, d.userVocab.labels.length, d.itemVocab.labels.length, config.yRange!, config.seed);
}

/** Valid MSE recomputed from the model's own predict (checks the weights written back). */
function modelValidMse(model: ReturnType<typeof modelFor>, d: RatingsDataset = data): number {
  const users = Int32Array.from(d.valid, (r) => d.users[r]);
  const items = Int32Array.from(d.valid, (r) => d.items[r]);
  return regressionMetrics(model.predict(users, items), Float32Array.from(d.valid, (r) => d.ratings[r])).mse;
}

for (const kind of ['dot', 'nn'] as const) {
  test(`${kind} model finds the planted structure: valid MSE well below the global-mean baseline`, async () => {
    const config = recipe({ model: kind, epochs: 8, lr: kind === 'dot' ? 2e-2 : 5e-3, factors: 20, layers: [40, 20] });
    const model = modelFor(config);
    const epochs: number[] = [];
    const history = await fit(model, data, { config, callbacks: { onEpochEnd: (m) => epochs.push(m.epoch) } });
    const baseline = globalMeanMse(data);
    const last = history[history.length - 1];
    assert.deepEqual(epochs, [1, 2, 3, 4, 5, 6, 7, 8]);
    assert.ok(last.validMse < 0.6 * baseline, `valid MSE ${last.validMse} vs baseline ${baseline}`);
    assert.ok(Math.abs(last.validRmse - Math.sqrt(last.validMse)) < 1e-12 && last.validMae > 0 && last.seconds >= 0);
    assert.ok(last.trainLoss < history[0].trainLoss, 'smoothed train loss falls');
    assert.ok(Math.abs(modelValidMse(model) - last.validMse) < 1e-4, 'the written-back weights predict what was validated');
  });
}

test('a fixed seed gives the same numbers run after run', async () => {
  for (const kind of ['dot', 'nn'] as const) {
    const config = recipe({ model: kind, epochs: 2, factors: 10, layers: [16] });
    const runs = [];
    for (let k = 0; k < 2; k++) {
      const model = modelFor(config);
      runs.push({ metrics: (await fit(model, data, { config })).map((m) => [m.trainLoss, m.validMse]), weights: model.tensors() });
    }
    assert.deepEqual(runs[0], runs[1]);
    const other = recipe({ ...config, seed: 43 });
    const metrics = (await fit(modelFor(other), data, { config: other })).map((m) => [m.trainLoss, m.validMse]);
    assert.notDeepEqual(metrics, runs[0].metrics);
  }
});

test('WebAssembly and TypeScript engines agree on the same data', async () => {
  for (const kind of ['dot', 'nn'] as const) {
    const config = recipe({ model: kind, epochs: 3, factors: 16, layers: [24, 12] });
    const results = [];
    for (const engine of ['ts', 'wasm'] as const) {
      const model = modelFor(config);
      let used = '';
      const history = await fit(model, data, { config, engine, callbacks: { onTrainBegin: (i) => { used = i.engine; } } });
      results.push({ used, history, model });
    }
    assert.deepEqual(results.map((r) => r.used), ['ts', 'wasm-simd']);
    const [a, b] = results.map((r) => r.history[r.history.length - 1].validMse);
    // float32 SIMD vs float64 scalar arithmetic: the dot model stays within 1e-5; the NN's BatchNorm amplifies rounding more
    const tol = kind === 'dot' ? 1e-5 : 2e-2;
    assert.ok(Math.abs(a - b) / a < tol, `${kind}: ts ${a} vs wasm ${b}`);
    if (kind === 'dot') {
      const [wa, wb] = results.map((r) => r.model.tensors()[0].data);
      let maxDiff = 0;
      for (let i = 0; i < wa.length; i++) maxDiff = Math.max(maxDiff, Math.abs(wa[i] - wb[i]));
      assert.ok(maxDiff < 1e-4, `max weight difference ${maxDiff}`);
    }
  }
});

test('cancel: an aborted signal stops training with an AbortError after the current batch', async () => {
  const config = recipe({ epochs: 50 });
  const controller = new AbortController();
  const seen: BatchProgress[] = [];
  await assert.rejects(
    fit(modelFor(config), data, { config, signal: controller.signal, callbacks: {
      onBatchEnd: (p) => { seen.push(p); controller.abort(); },
    } }),
    (e: unknown) => isAbortError(e),
  );
  assert.equal(seen.length, 1);
  assert.equal(seen[0].epoch, 1);
  assert.equal(seen[0].step, 1);
});

test('cancel from a timer: fit yields to the event loop, so a later abort is seen', async () => {
  const config = recipe({ epochs: 500, model: 'nn', layers: [50] });
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), 300);
  const started = Date.now();
  await assert.rejects(fit(modelFor(config), data, { config, signal: controller.signal }), (e: unknown) => isAbortError(e));
  clearTimeout(timer);
  assert.ok(Date.now() - started < 30_000);
});

test('onBatchEnd is throttled but reports the last batch of every epoch with a smoothed loss', async () => {
  const config = recipe({ epochs: 2 });
  const seen: BatchProgress[] = [];
  await fit(modelFor(config), data, { config, callbacks: { onBatchEnd: (p) => seen.push(p) } });
  const perEpoch = seen[0].batchesPerEpoch;
  assert.ok(seen.length < 2 * perEpoch, 'throttled');
  for (const epoch of [1, 2]) assert.ok(seen.some((p) => p.epoch === epoch && p.batch === perEpoch - 1));
  assert.equal(seen[seen.length - 1].step, seen[seen.length - 1].totalSteps);
  assert.ok(seen.every((p) => Number.isFinite(p.smoothLoss) && p.lr > 0));
});

test('a dataset smaller than one batch still trains, and an empty one is refused', async () => {
  const tiny: RatingsDataset = { ...data, train: data.train.slice(0, 10), valid: data.valid.slice(0, 5) };
  const config = recipe({ epochs: 2 });
  const history = await fit(modelFor(config, tiny), tiny, { config });
  assert.equal(history.length, 2);
  await assert.rejects(fit(modelFor(config), { ...data, train: new Uint32Array(0) }, { config }), /no training rows/);
});

test('Hogwild with two threads trains the dot model as well (not bit-for-bit: threads race by design)', async () => {
  const config = recipe({ epochs: 8, lr: 2e-2, factors: 20 });
  let engine = '';
  const history = await fit(modelFor(config), data, { config, threads: 2, callbacks: { onTrainBegin: (i) => { engine = i.engine; } } });
  assert.equal(engine, 'wasm-simd-hogwild-2');
  const single = await fit(modelFor(config), data, { config });
  const [a, b] = [history, single].map((h) => h[h.length - 1].validMse);
  assert.ok(a < 0.6 * globalMeanMse(data), `hogwild valid MSE ${a}`);
  assert.ok(Math.abs(a - b) / b < 0.05, `hogwild ${a} vs single thread ${b}`);
  assert.ok(history.every((m) => Number.isFinite(m.trainLoss)));
});

test('nn with dropout trains (masks in training only: predictions stay deterministic)', async () => {
  const config = recipe({ model: 'nn', epochs: 6, layers: [40, 20], dropout: 0.2 });
  const model = modelFor(config);
  const history = await fit(model, data, { config });
  const last = history[history.length - 1];
  assert.ok(last.validMse < 0.8 * globalMeanMse(data), `valid MSE ${last.validMse}`);
  assert.ok(Math.abs(modelValidMse(model) - last.validMse) < 1e-4);
  assert.equal(modelValidMse(model), modelValidMse(model));
});
