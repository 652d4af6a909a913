import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { startTune } from '../../../src/trainer/client';
import type { TuneToHost } from '../../../src/protocol/trainer';
import { readTune } from '../../../src/core/tune/read';
import { TRAINER, plantedCsv, requireBundles, tempDir } from './helpers';

before(requireBundles);

test('a sweep in the trainer process streams each configuration, then saves tune.json with the best', async () => {
  const { ratingsFile } = plantedCsv({ users: 80, items: 40, ratingsPerUser: 15 });
  const runsDir = join(tempDir(), 'runs');
  const events: TuneToHost[] = [];
  const session = startTune({ file: ratingsFile, grid: 'wd=0.01,0.1 factors=4,8 epochs=2', runsDir, parallel: 2 },
    { trainerPath: TRAINER, onEvent: (e) => events.push(e) });
  const result = await session.result;
  assert.equal(result.outcome, 'done', JSON.stringify(result));
  if (result.outcome !== 'done') return;
  const start = events.find((e) => e.type === 'tune/start');
  assert.deepEqual(start, { type: 'tune/start', configs: 4, folds: 1, parallel: 2, workers: true, metric: 'rmse' });
  const results = events.filter((e) => e.type === 'tune/result');
  assert.deepEqual(results.map((e) => e.type === 'tune/result' && e.result.index).sort(), [0, 1, 2, 3]);
  const { done } = result;
  assert.equal(done.end, 'done');
  assert.deepEqual(await readTune(done.dir), done.manifest);
  const best = done.manifest.results.reduce((a, b) => (b.metrics.rmse < a.metrics.rmse ? b : a));
  assert.equal(done.manifest.best?.index, best.index);
});

test('a cancelled sweep ends with tune/done (finished configurations saved, the rest skipped); a resume runs the rest in place', async () => {
  const { ratingsFile } = plantedCsv({ users: 400, items: 200, ratingsPerUser: 40 });
  const runsDir = join(tempDir(), 'runs');
  let results = 0;
  const session = startTune({ file: ratingsFile, grid: 'wd=0.01,0.02,0.03,0.05,0.07,0.1,0.15,0.2,0.3,0.4 factors=16,32 epochs=10', runsDir, parallel: 1 }, {
    trainerPath: TRAINER,
    onEvent: (e) => { if (e.type === 'tune/result' && ++results === 2) session.cancel(); },
  });
  const result = await session.result;
  assert.equal(result.outcome, 'done', JSON.stringify(result));
  if (result.outcome !== 'done') return;
  assert.equal(result.done.end, 'cancelled');
  assert.ok(result.done.manifest.results.length >= 2 && result.done.manifest.results.length < 20);
  assert.ok(result.done.skipped > 0);
  assert.ok(existsSync(join(result.done.dir, 'tune.json')));

  // The panel's Resume (and the Runs view's Resume Sweep): the trainer runs only what is missing, in place.
  const finished = new Set(result.done.manifest.results.map((r) => r.index));
  const resumedResults: number[] = [];
  const resumed = await startTune({ resume: result.done.dir }, {
    trainerPath: TRAINER, onEvent: (e) => { if (e.type === 'tune/result') resumedResults.push(e.result.index); },
  }).result;
  assert.equal(resumed.outcome, 'done', JSON.stringify(resumed));
  if (resumed.outcome !== 'done') return;
  assert.equal(resumed.done.dir, result.done.dir);
  assert.equal(resumed.done.end, 'done');
  assert.ok(resumedResults.every((i) => !finished.has(i)), 'finished configurations are not fitted again');
  assert.deepEqual(resumed.done.manifest.results.map((r) => r.index).sort((a, b) => a - b), Array.from({ length: 20 }, (_, i) => i));
  assert.deepEqual(await readTune(result.done.dir), resumed.done.manifest);
});
