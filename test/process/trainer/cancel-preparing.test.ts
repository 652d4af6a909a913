/**
 * After the last byte of a big file, the trainer still has seconds of work (repeated pairs, split,
 * vocabularies): it reports each stage, and a cancel then stops it at once, by itself.
 */
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import type { LoadProgressEvent } from '../../../src/protocol/trainer';
import { DATASET_STAGES } from '../../../src/core/data/dataset';
import { plantedCsv, request, requireBundles, runsIn, start } from './helpers';

before(requireBundles);

test('cancel at the first preparation stage: the trainer answers train/cancelled itself, before the dataset, and saves nothing', { timeout: 120_000 }, async () => {
  // 2 M rows (50 MB): the preparation after the read takes about half a second.
  const { ratingsFile } = plantedCsv({ users: 20_000, items: 4_000, ratingsPerUser: 100 });
  const req = request(ratingsFile, { epochs: 1 });
  let cancelledAt = 0;
  const { session, events, result } = start(req, {
    // No kill after a grace period: only the trainer's own answer counts here.
    cancelGraceMs: 60_000,
    onEvent: (e) => {
      if (e.type === 'train/load' && e.stage !== undefined && !cancelledAt) {
        cancelledAt = performance.now();
        session.cancel();
      }
    },
  });
  const r = await result;
  const took = performance.now() - cancelledAt;
  assert.ok(cancelledAt > 0, `a preparation stage was reported: ${JSON.stringify(events.map((e) => e.type))}`);
  assert.equal(r.outcome, 'cancelled');
  assert.equal(events[events.length - 1].type, 'train/cancelled', 'the trainer itself said so');
  assert.ok(!events.some((e) => e.type === 'train/dataset'), 'stopped before the dataset was ready');
  const stages = events.filter((e): e is LoadProgressEvent => e.type === 'train/load' && e.stage !== undefined);
  assert.ok(!stages.some((e) => e.stage === DATASET_STAGES.numbering.stage), `stopped during the preparation, not after it: ${stages.map((e) => e.stage).join(', ')}`);
  assert.ok(took < 1000, `cancel took ${took.toFixed(0)} ms`);
  assert.deepEqual(runsIn(req.runsDir), []);
});

test('the preparation reports its stages between the read and the dataset, its share done only going up', { timeout: 120_000 }, async () => {
  const { ratingsFile } = plantedCsv({ users: 8_000, items: 2_000, ratingsPerUser: 60 });
  const req = request(ratingsFile, { epochs: 1, bs: 4096 });
  const arrivals: { event: LoadProgressEvent }[] = [];
  const { events, result } = start(req, {
    onEvent: (e) => { if (e.type === 'train/load' && e.stage !== undefined) arrivals.push({ event: e }); },
  });
  assert.equal((await result).outcome, 'done');
  assert.ok(arrivals.length >= 1, 'at least the first stage is reported');
  const first = events.findIndex((e) => e.type === 'train/load' && e.stage !== undefined);
  const dataset = events.findIndex((e) => e.type === 'train/dataset');
  assert.ok(first > 0 && first < dataset, 'stages come after the read and before the dataset');
  assert.ok(events.slice(first, dataset).every((e) => e.type === 'train/load' && e.stage !== undefined), 'no plain load event among the stages');
  for (let k = 1; k < arrivals.length; k++) {
    assert.ok(arrivals[k].event.prepared! >= arrivals[k - 1].event.prepared!, 'share done never goes down');
    assert.equal(arrivals[k].event.bytesRead, arrivals[k].event.bytesTotal, 'the file is all read');
  }
  assert.ok(arrivals.every((a) => a.event.prepared! >= 0 && a.event.prepared! <= 1));
});
