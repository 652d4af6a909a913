import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { TrainerToHost } from '../../../src/protocol/trainer';
import { isActive, progressFraction, progressMessage, reduceLiveRun, statusBarDetail, statusBarText, type LiveRun } from '../../../src/extension/training/live-run';

const metrics = (epoch: number, validMse: number) => ({ epoch, trainLoss: 0.9, validMse, validRmse: Math.sqrt(validMse), validMae: 0.7, seconds: 1 });

test('a run folds trainer events into progress text with epoch n/N and the last valid loss', () => {
  const events: TrainerToHost[] = [
    { type: 'train/started', runId: 'r1', pid: 1 },
    { type: 'train/load', bytesRead: 50, bytesTotal: 100, rows: 1000 },
    { type: 'train/load', bytesRead: 100, bytesTotal: 100, rows: 2000, stage: 'splitting training and validation rows', prepared: 0.5 },
    { type: 'train/dataset', rows: 2000, users: 10, items: 20, trainRows: 1600, validRows: 400, warnings: [] },
    { type: 'train/batch', epoch: 1, batch: 9, batchesPerEpoch: 25, step: 10, totalSteps: 125, smoothLoss: 1.2345, lr: 0.001 },
    { type: 'train/epoch', metrics: metrics(1, 0.95), totalEpochs: 5 },
    { type: 'train/batch', epoch: 2, batch: 4, batchesPerEpoch: 25, step: 30, totalSteps: 125, smoothLoss: 0.9, lr: 0.004 },
  ];
  let run: LiveRun = { key: 'k', file: '/x/ratings.csv', model: 'dot', phase: 'starting', totalEpochs: 5 };
  const fractions: number[] = [];
  const messages: string[] = [];
  for (const e of events) {
    run = reduceLiveRun(run, e);
    fractions.push(progressFraction(run, 5));
    messages.push(progressMessage(run, 5));
  }
  assert.equal(messages[1], 'loading 50% · 1,000 rows');
  assert.equal(messages[2], 'preparing the data 50% · splitting training and validation rows');
  assert.equal(messages[4], 'epoch 1/5 · batch 10/25 · loss 1.234');
  assert.equal(messages[6], 'epoch 2/5 · batch 5/25 · loss 0.900 · valid 0.950');
  for (let i = 1; i < fractions.length; i++) assert.ok(fractions[i] >= fractions[i - 1], `progress never goes back (${fractions})`);
  assert.ok(isActive(run));
  assert.equal(statusBarText([run], 5), '$(sync~spin) Collab: epoch 2/5 · valid 0.950');
  assert.equal(statusBarDetail([run]), 'Collab is training on ratings.csv: epoch 2/5 · batch 5/25 · loss 0.900 · valid 0.950');
  assert.equal(statusBarText([run, run], 5), '$(sync~spin) Collab: 2 runs training');
  assert.equal(statusBarText([], 5), undefined);

  const indexing = reduceLiveRun(run, { type: 'train/save', stage: 'indexing source lines', saved: 0.42 });
  assert.equal(indexing.phase, 'saving');
  assert.equal(progressMessage(indexing, 5), 'saving the model… (indexing source lines 42%)');
  assert.equal(progressFraction(indexing, 5), 1);
  assert.ok(isActive(indexing));
  assert.equal(progressMessage(reduceLiveRun(indexing, { type: 'train/saved', runId: 'r1', runDir: '/runs/r1' }), 5), 'saving the model…');
  const done = reduceLiveRun(run, { type: 'train/done', runId: 'r1', runDir: '/runs/r1', metrics: [], seconds: 3 });
  assert.equal(done.phase, 'done');
  assert.equal(progressFraction(done, 5), 1);
  assert.equal(progressMessage(done, 5), 'epoch 2/5 · valid 0.950 · saved');
  assert.equal(isActive(done), false);
  const failed = reduceLiveRun(run, { type: 'train/error', kind: 'data', message: 'ratings.csv, line 7: not a number' });
  assert.equal(progressMessage(failed, 5), 'failed: ratings.csv, line 7: not a number');
});
