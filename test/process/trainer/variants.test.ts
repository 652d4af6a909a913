import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadRun } from '../../../src/core/run/load';
import { plantedCsv, request, requireBundles, start } from './helpers';

before(requireBundles);

test('the NN model trains and saves its layers', async () => {
  const { ratingsFile } = plantedCsv();
  const r = await start(request(ratingsFile, { model: 'nn', epochs: 2, layers: [16, 8] })).result;
  assert.ok(r.outcome === 'done', JSON.stringify(r));
  const run = await loadRun(r.done.runDir);
  assert.equal(run.manifest.config?.model, 'nn');
  assert.deepEqual(run.tensors.get('layers.0.weight')?.shape.at(0), 16);
  assert.ok(run.tensors.has('userEmbedding') && run.tensors.has('itemEmbedding'));
});

test('titles from an items file key the items; the run records the items file', async () => {
  const { ratingsFile, itemsFile } = plantedCsv();
  const r = await start(request(ratingsFile, { epochs: 1 }, { itemsFile })).result;
  assert.ok(r.outcome === 'done', JSON.stringify(r));
  const run = await loadRun(r.done.runDir);
  assert.equal(run.manifest.source?.itemsFile, itemsFile);
  assert.ok(run.manifest.vocab.items.slice(1).every((t) => /\(\d{4}\)$/.test(t)), 'item labels are titles');
});

test('an explicit validation file replaces the random split; only the training file is indexed by line', async () => {
  const { ratingsFile, dir } = plantedCsv();
  // Split the generated file by hand: the last 500 data lines become the validation file.
  const lines = readFileSync(ratingsFile, 'utf8').trimEnd().split('\n');
  const trainFile = join(dir, 'train.csv');
  const validFile = join(dir, 'valid.csv');
  writeFileSync(trainFile, `${lines.slice(0, -500).join('\n')}\n`);
  writeFileSync(validFile, `${[lines[0], ...lines.slice(-500)].join('\n')}\n`);
  const { events, result } = start(request(trainFile, { epochs: 1 }, { validFile }));
  const r = await result;
  assert.ok(r.outcome === 'done', JSON.stringify(r));
  const dataset = events.find((e) => e.type === 'train/dataset');
  assert.ok(dataset?.type === 'train/dataset');
  assert.equal(dataset.validRows, 500);
  assert.equal(dataset.trainRows, lines.length - 1 - 500);
  const run = await loadRun(r.done.runDir);
  assert.equal(run.rows?.itemLines.length, dataset.trainRows);
  assert.ok(Math.max(...(run.rows?.itemLines ?? [])) <= lines.length - 500, 'lines point into the training file');
});

test('an invalid config is refused with a message naming the option', async () => {
  const { ratingsFile } = plantedCsv();
  const r = await start(request(ratingsFile, { bs: 0 })).result;
  assert.ok(r.outcome === 'error');
  assert.match(r.error.message, /bs must be an integer >= 1 \(got 0\)/);
  // The trainer applies core's validator too: a random split needs a validation share above 0.
  const split = await start(request(ratingsFile, { validPct: 0 })).result;
  assert.ok(split.outcome === 'error');
  assert.match(split.error.message, /validPct must be > 0 and < 1 \(got 0\)/);
});
