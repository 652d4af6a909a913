/** lr_find run for real: the planted dot model's suggestion, the NN model, batches drawn as fastai's epochs would. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { batchRows, lrFind } from '../../../src/core/train/lr-find-run';
import { lrFindSchedule } from '../../../src/core/train/lr-find';
import { plantedDataset, recipe } from './planted-dataset';

test('dot model on planted data: a full curve whose valley suggestion lies between 1e-4 and 1e-1', async () => {
  const data = plantedDataset({ seed: 3 });
  for (const engine of ['ts', 'wasm'] as const) {
    const result = await lrFind(data, recipe(), { engine });
    assert.ok(result.lrs.length > 20 && result.lrs.length <= 100, `${engine}: ${result.lrs.length} batches`);
    result.lrs.forEach((lr, i) => assert.equal(lr, lrFindSchedule(i)));
    assert.ok(result.suggestion, `${engine}: a suggestion`);
    const { lr } = result.suggestion;
    assert.ok(lr > 1e-4 && lr < 1e-1, `${engine}: valley ${lr}`);
    assert.ok(result.suggestions.minimum && result.suggestions.steep);
    const again = await lrFind(data, recipe(), { engine });
    assert.deepEqual(again.losses, result.losses, `${engine}: seeded, so repeatable`);
  }
});

test('the NN model runs the same test; a cancelled run throws AbortError', async () => {
  const data = plantedDataset({ seed: 4 });
  const seen: number[] = [];
  const result = await lrFind(data, recipe({ model: 'nn' }), { engine: 'ts', onBatch: (_lr, _loss, i) => seen.push(i) });
  assert.equal(seen.length, result.lrs.length);
  assert.ok(result.losses.every(Number.isFinite));
  const controller = new AbortController();
  controller.abort();
  await assert.rejects(lrFind(data, recipe(), { signal: controller.signal }), { name: 'AbortError' });
});

test('batch rows: whole batches of training rows, no row twice within an epoch, a fresh draw per epoch', () => {
  const train = Uint32Array.from({ length: 50 }, (_, k) => 3 * k + 1);
  const rows = batchRows(train, 8, 20, 5);
  assert.equal(rows.length, 160);
  const perEpoch = 48; // 6 whole batches of 8 out of 50 rows
  for (let from = 0; from < rows.length; from += perEpoch) {
    const epoch: number[] = Array.from(rows.subarray(from, Math.min(rows.length, from + perEpoch)));
    assert.equal(new Set(epoch).size, epoch.length, 'no repeats within an epoch');
    assert.ok(epoch.every((r) => r % 3 === 1 && r < 150), 'training rows only');
  }
  assert.notDeepEqual([...rows.subarray(0, 48)], [...rows.subarray(48, 96)]);
  assert.deepEqual(batchRows(train, 8, 20, 5), rows);
  assert.equal(new Set(batchRows(train, 50, 1, 9)).size, 50, 'one batch of all rows is a permutation');
});
