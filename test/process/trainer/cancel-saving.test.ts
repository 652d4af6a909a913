/**
 * Around the epochs of a big file the trainer still has seconds of work: fit's setup before the first
 * batch (rows into the kernels' memory, first shuffle) and, before the run is written, the statistics
 * and source-line indexes. Both report their stages (train/load events with a stage, then train/save
 * events); a cancel during the second stops the trainer by itself, and nothing is saved.
 */
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import type { LoadProgressEvent, SaveProgressEvent, TrainerToHost } from '../../../src/protocol/trainer';
import { FIT_SETUP_PLAN } from '../../../src/core/train/fit';
import { SAVE_PLAN } from '../../../src/core/run/stats';
import { plantedCsv, request, requireBundles, runsIn, start } from './helpers';

before(requireBundles);

const isStage = (e: TrainerToHost): e is LoadProgressEvent => e.type === 'train/load' && e.stage !== undefined;
const isSave = (e: TrainerToHost): e is SaveProgressEvent => e.type === 'train/save';

test('cancel at the first stage of the save: the trainer answers train/cancelled itself, and no run folder is left', { timeout: 120_000 }, async () => {
  // 2.5 M rows: the statistics and indexes take a good tenth of a second, fit's setup a quarter.
  const { ratingsFile } = plantedCsv({ users: 25_000, items: 4_000, ratingsPerUser: 100 });
  const req = request(ratingsFile, { epochs: 1, bs: 8192 });
  let cancelledAt = 0;
  const { session, events, result } = start(req, {
    // No kill after a grace period: only the trainer's own answer counts here.
    cancelGraceMs: 60_000,
    onEvent: (e) => {
      if (isSave(e) && !cancelledAt) {
        cancelledAt = performance.now();
        session.cancel();
      }
    },
  });
  const r = await result;
  const took = performance.now() - cancelledAt;
  const types = events.map((e) => e.type);
  assert.ok(cancelledAt > 0, `a stage of the save was reported: ${JSON.stringify(types)}`);
  assert.equal(r.outcome, 'cancelled');
  assert.equal(events[events.length - 1].type, 'train/cancelled', 'the trainer itself said so');
  assert.ok(!types.includes('train/saved'), 'nothing was saved');
  assert.ok(took < 1000, `cancel took ${took.toFixed(0)} ms`);
  assert.deepEqual(runsIn(req.runsDir), []);

  // The save's stages come after the last epoch, from SAVE_PLAN.
  const lastEpoch = types.lastIndexOf('train/epoch');
  const saving = events.filter(isSave);
  assert.ok(events.findIndex(isSave) > lastEpoch);
  assert.ok(saving.every((e) => SAVE_PLAN.some((s) => s.stage === e.stage) && e.saved >= 0 && e.saved <= 1));
  assert.ok(!events.slice(lastEpoch).some(isStage), 'no load event after the epochs');

  // fit's setup: stages of FIT_SETUP_PLAN between train/dataset and the first batch, the share done still rising.
  const dataset = types.indexOf('train/dataset');
  const firstBatch = types.indexOf('train/batch');
  const setup = events.slice(dataset, firstBatch).filter(isStage);
  assert.ok(setup.length >= 1, `fit's setup reported a stage: ${JSON.stringify(events.slice(dataset, firstBatch))}`);
  assert.ok(setup.every((e) => FIT_SETUP_PLAN.some((s) => s.stage === e.stage)));
  const preparing = events.slice(0, firstBatch).filter(isStage);
  for (let k = 1; k < preparing.length; k++) assert.ok(preparing[k].prepared! >= preparing[k - 1].prepared!, 'share done never goes down');
  assert.ok(preparing.every((e) => e.prepared! >= 0 && e.prepared! <= 1 && e.bytesRead === e.bytesTotal));
});
