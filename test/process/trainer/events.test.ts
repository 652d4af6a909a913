import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { loadRun } from '../../../src/core/run/load';
import type { TrainerToHost } from '../../../src/protocol/trainer';
import { plantedCsv, request, requireBundles, runsIn, start } from './helpers';

before(requireBundles);

/** The event types in order, logs left out and runs of load, batch or save events collapsed to one. */
function shape(events: TrainerToHost[]): string[] {
  const out: string[] = [];
  for (const e of events) {
    if (e.type === 'train/log') continue;
    if ((e.type === 'train/load' || e.type === 'train/batch' || e.type === 'train/save') && out[out.length - 1] === e.type) continue;
    out.push(e.type);
  }
  return out;
}

test('a small generated file streams started, load, dataset, batches, epochs, save, saved, done, and the run loads', async () => {
  const { ratingsFile } = plantedCsv();
  const req = request(ratingsFile, { epochs: 3 });
  const { events, result } = start(req);
  const r = await result;
  assert.equal(r.outcome, 'done', JSON.stringify(events.filter((e) => e.type === 'train/error')));

  // Loading and preparing (fit's setup after the dataset too) are load events; the save's stages are save events.
  assert.deepEqual(shape(events), [
    'train/started', 'train/load', 'train/dataset', 'train/load',
    'train/batch', 'train/epoch', 'train/batch', 'train/epoch', 'train/batch', 'train/epoch',
    'train/save', 'train/saved', 'train/done',
  ]);
  const saves = events.filter((e) => e.type === 'train/save');
  assert.ok(saves.every((e, k) => e.stage.length > 0 && e.saved >= 0 && e.saved <= 1 && (k === 0 || e.saved >= saves[k - 1].saved)),
    `the save's share done only goes up: ${JSON.stringify(saves)}`);
  const epochs = events.filter((e) => e.type === 'train/epoch');
  assert.deepEqual(epochs.map((e) => e.metrics.epoch), [1, 2, 3]);
  assert.ok(events.some((e) => e.type === 'train/batch'), 'batch progress was reported');

  const load = events.filter((e) => e.type === 'train/load');
  const last = load[load.length - 1];
  assert.equal(last.bytesRead, last.bytesTotal, 'the last load event covers the whole file');
  const dataset = events.find((e) => e.type === 'train/dataset');
  assert.ok(dataset && dataset.trainRows + dataset.validRows === dataset.rows);
  assert.equal(dataset.users, 120);

  const started = events[0];
  assert.ok(started.type === 'train/started');
  assert.ok(r.outcome === 'done');
  assert.equal(r.done.runId, started.runId);
  assert.match(r.done.runId, /^\d{8}-\d{6}-dot-ratings$/);
  assert.deepEqual(runsIn(req.runsDir), [r.done.runId], 'exactly one run folder, no temp folder');

  const run = await loadRun(r.done.runDir);
  assert.equal(run.manifest.metrics.length, 3);
  assert.equal(run.manifest.source?.path, ratingsFile);
  assert.match(run.manifest.source?.sha256 ?? '', /^[0-9a-f]{64}$/);
  assert.deepEqual(run.manifest.config?.yRange, [0, 5.5], 'default y_range of 1-5 stars is the book\'s (0, 5.5)');
  assert.equal(run.manifest.vocab.users[0], '#na#');
  assert.ok(run.rows, 'the source-line index was saved');
  // Every data line of the file is indexed once per side (train and valid rows alike).
  assert.equal(run.rows.itemLines.length, dataset.rows);
  // The model learned something: better than always predicting the training mean.
  const final = run.manifest.metrics[2];
  assert.ok(final.validMse < 1.5, `valid MSE ${final.validMse}`);
});

test('the same seed gives the same metrics', async () => {
  const { ratingsFile } = plantedCsv({ seed: 3 });
  const a = await start(request(ratingsFile, { epochs: 2 })).result;
  const b = await start(request(ratingsFile, { epochs: 2 })).result;
  assert.ok(a.outcome === 'done' && b.outcome === 'done');
  assert.deepEqual(a.done.metrics.map((m) => m.validMse), b.done.metrics.map((m) => m.validMse));
  assert.notEqual(a.done.runId, b.done.runId, 'the second run got its own folder');
});
