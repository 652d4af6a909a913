/** The live history a run panel draws from: events folded in, batch points bounded, status followed. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LiveRunHistory } from '../../../src/extension/panels/live-history';
import { HISTORY_POINTS } from '../../../src/common/thinning';
import { batchX, PANEL_LIMITS } from '../../../src/protocol/webview';

test('batch points stay bounded and keep the whole run in view', () => {
  const history = new LiveRunHistory('r1');
  const batchesPerEpoch = 1000;
  for (let epoch = 1; epoch <= 10; epoch++) {
    for (let batch = 0; batch < batchesPerEpoch; batch++) {
      history.record({ type: 'train/batch', epoch, batch, batchesPerEpoch, step: 0, totalSteps: 0, smoothLoss: 1, lr: 0.001 });
    }
  }
  const { batches } = history.series();
  assert.ok(batches.length < PANEL_LIMITS.batchPoints, `${batches.length} points`);
  assert.ok(batches.length > PANEL_LIMITS.batchPoints / 4);
  assert.ok(batches[0].x < 0.01, 'starts at the beginning');
  assert.ok(batches.at(-1)!.x > 9.9, 'reaches the last epoch');
  for (let i = 1; i < batches.length; i++) assert.ok(batches[i].x > batches[i - 1].x);
});

test('a long live run (100,000 batches) stays within the cap and keeps the first and last batch; the series says how many it thins', () => {
  const history = new LiveRunHistory('long');
  const batchesPerEpoch = 20_000;
  for (let step = 0; step < 100_000; step++) {
    const epoch = Math.floor(step / batchesPerEpoch) + 1;
    history.record({ type: 'train/batch', epoch, batch: step % batchesPerEpoch, batchesPerEpoch, step: step + 1, totalSteps: 100_000, smoothLoss: 1, lr: 0.001 });
    if (step % 4999 === 0) assert.ok(history.batches.length <= PANEL_LIMITS.batchPoints);
  }
  const series = history.series();
  assert.ok(series.batches.length <= PANEL_LIMITS.batchPoints, `${series.batches.length} points`);
  assert.equal(series.batches[0].x, batchX(1, 0, batchesPerEpoch));
  assert.equal(series.batches.at(-1)!.x, 5, 'the last batch of the last epoch');
  assert.equal(series.batchesSeen, 100_000);
  assert.equal(PANEL_LIMITS.batchPoints, HISTORY_POINTS, 'one cap, live and saved');
});

test('epochs, completion and failure change the summary', () => {
  const history = new LiveRunHistory('r2', 'ratings.csv');
  history.record({ type: 'train/dataset', rows: 100, users: 10, items: 20, trainRows: 80, validRows: 20, warnings: [] });
  history.record({ type: 'train/epoch', totalEpochs: 3, metrics: { epoch: 1, trainLoss: 1, validMse: 1.1, validRmse: 1.05, validMae: 0.9, seconds: 1 } });
  let summary = history.summary();
  assert.equal(summary.status, 'training');
  assert.equal(summary.totalEpochs, 3);
  assert.equal(summary.nItems, 20);
  assert.equal(history.series().metrics.length, 1);
  history.record({ type: 'train/done', runId: 'r2', runDir: '/runs/r2', metrics: [], seconds: 3 });
  summary = history.summary();
  assert.equal(summary.status, 'trained');
  assert.equal(summary.runDir, '/runs/r2');
  const failed = new LiveRunHistory('r3');
  failed.record({ type: 'train/error', message: 'line 7: rating "x" is not a number', kind: 'data' });
  assert.equal(failed.summary().status, 'failed');
  assert.match(failed.summary().error!, /line 7/);
  assert.equal(LiveRunHistory.isDrawn({ type: 'train/log', level: 'info', message: '' }), false);
});
