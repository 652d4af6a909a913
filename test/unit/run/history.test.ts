/** The per-batch history a trained run keeps: recorded thinned, saved by the job, validated on load, drawn by panels. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generatePlanted, writeRatingsCsv } from '../../../src/core/data/synthetic';
import { HISTORY_POINTS, HistoryRecorder } from '../../../src/core/run/history';
import { loadRun } from '../../../src/core/run/load';
import { formatManifest } from '../../../src/core/run/save';
import { parseManifest } from '../../../src/core/run/validate';
import { runTrainJob } from '../../../src/trainer/job';
import { LiveRunHistory } from '../../../src/extension/panels/live-history';
import { batchX } from '../../../src/protocol/webview';
import { PanelQueries } from '../../../src/run-service/panel-queries';
import { fixtureRun } from '../../browser/fixture-run';

test('the recorder thins a long run to at most HISTORY_POINTS points spread over the whole run', () => {
  const recorder = new HistoryRecorder();
  assert.equal(recorder.history(), undefined, 'nothing reported, nothing saved');
  const totalSteps = 25_000;
  for (let step = 1; step <= totalSteps; step++) {
    recorder.add({ step, totalSteps, batchesPerEpoch: 5000, smoothLoss: step === 7 ? Number.NaN : 1 + 1 / step, lr: step * 1e-7 });
  }
  const h = recorder.history()!;
  assert.ok(h.step.length <= HISTORY_POINTS && h.step.length > HISTORY_POINTS / 4, `${h.step.length} points`);
  assert.equal(h.loss.length, h.step.length);
  assert.equal(h.lr.length, h.step.length);
  assert.equal(h.step[0], 1);
  assert.ok(h.step.at(-1)! > totalSteps * 0.95, 'the end of the run is kept');
  assert.ok(h.step.every((s, i) => i === 0 || s > h.step[i - 1]), 'ascending steps');
  assert.ok(h.loss.every(Number.isFinite), 'non-finite losses are left out');
  assert.deepEqual([h.totalSteps, h.batchesPerEpoch], [totalSteps, 5000]);
});

test('a long run (100,000 batches) saves at most HISTORY_POINTS points, its first and last batch among them, the same ones a live panel keeps', () => {
  const recorder = new HistoryRecorder();
  const live = new LiveRunHistory('long');
  const totalSteps = 100_000;
  const batchesPerEpoch = 10_000;
  for (let step = 1; step <= totalSteps; step++) {
    const batch = { step, totalSteps, batchesPerEpoch, smoothLoss: 1 + 1 / step, lr: step * 1e-8 };
    recorder.add(batch);
    live.record({ type: 'train/batch', epoch: Math.ceil(step / batchesPerEpoch), batch: (step - 1) % batchesPerEpoch, ...batch });
  }
  const h = recorder.history()!;
  assert.ok(h.step.length <= HISTORY_POINTS, `${h.step.length} points`);
  assert.equal(h.step[0], 1);
  assert.equal(h.step.at(-1), totalSteps, 'the last batch is kept');
  // One rule: the saved run draws the very points the live panel drew.
  const saved = h.step.map((step) => batchX(1, step - 1, batchesPerEpoch));
  const drawn = live.series().batches.map((b) => b.x);
  assert.equal(drawn.length, saved.length);
  for (let i = 0; i < saved.length; i++) assert.ok(Math.abs(drawn[i] - saved[i]) < 1e-9, `point ${i}: ${drawn[i]} vs ${saved[i]}`);
});

test('a trained run saves its batch history; a panel for the saved run draws it as batch points', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'collab-history-'));
  try {
    const planted = generatePlanted({ seed: 5, users: 200, items: 80, userClusters: 2, itemClusters: 2, ratingsPerUser: 30, goodItems: 2, badItems: 2 });
    const files = writeRatingsCsv(dir, planted);
    const done = await runTrainJob({
      file: files.ratingsFile, runsDir: join(dir, '.collab', 'runs'),
      config: { model: 'dot', factors: 8, layers: [16], dropout: 0, epochs: 3, lr: 1e-2, wd: 0.05, bs: 64, validPct: 0.2, seed: 1 },
    }, { emit: () => undefined, signal: new AbortController().signal });
    assert.equal(done.type, 'train/done', JSON.stringify(done));
    const run = await loadRun((done as { runDir: string }).runDir);
    const h = run.manifest.history;
    assert.ok(h, 'run.json has a history');
    const trainRows = run.manifest.stats!.itemCount.reduce((a, b) => a + b, 0);
    assert.ok(Math.abs(h.batchesPerEpoch - trainRows / 64) <= 1, `${h.batchesPerEpoch} batches of 64 for ${trainRows} rows`);
    assert.equal(h.totalSteps, 3 * h.batchesPerEpoch);
    assert.ok(h.step.length >= 3, 'at least the last batch of each epoch');
    assert.equal(h.step.at(-1), h.totalSteps);
    assert.ok(h.loss.every((l) => l > 0 && l < 20) && h.lr.every((lr) => lr > 0 && lr <= 1e-2));

    const series = new PanelQueries(run).series();
    assert.equal(series.batches.length, h.step.length);
    assert.ok(series.batches.every((b) => b.smoothLoss !== undefined), 'batch losses, as drawn live');
    assert.ok(Math.abs(series.batches.at(-1)!.x - 3) < 1e-6, 'the last batch sits at the last epoch');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('run.json without a history loads (older runs); a malformed one is dropped, the run stays usable', () => {
  // The fixture's tensors live in memory only: checked as an imported manifest (no shape rules apply).
  const manifest = { ...fixtureRun().manifest, origin: 'imported' as const, config: undefined };
  assert.equal(parseManifest('/r', formatManifest(manifest)).history, undefined);
  const history = { step: [1, 2], loss: [1.2, 1.1], lr: [1e-3, 2e-3], totalSteps: 10, batchesPerEpoch: 5 };
  assert.deepEqual(parseManifest('/r', formatManifest({ ...manifest, history })).history, history);
  for (const bad of [{ ...history, loss: [1.2] }, { ...history, lr: ['x', 1] }, { ...history, batchesPerEpoch: 0 }, 'nope']) {
    const parsed = parseManifest('/r', formatManifest({ ...manifest, history: bad as never }));
    assert.equal(parsed.history, undefined, JSON.stringify(bad));
    assert.equal(parsed.metrics.length, 5);
  }
});
