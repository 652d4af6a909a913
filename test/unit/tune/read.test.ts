import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runTune } from '../../../src/core/tune/tune';
import { listTunes, readTune, TuneLoadError } from '../../../src/core/tune/read';
import { plantedFile } from './helpers';

test('a saved sweep reads back as written; the list is newest first and names a damaged one', async () => {
  const { dir, file } = plantedFile({ users: 50, items: 30, ratingsPerUser: 10 });
  const runsDir = join(dir, '.collab', 'runs');
  const first = await runTune({ file, grid: 'wd=0.01,0.1 epochs=1', runsDir, parallel: 1 });
  const second = await runTune({ file, grid: 'factors=4,8 epochs=1', runsDir, parallel: 1 });
  assert.deepEqual(await readTune(first.dir), first.manifest);
  const tunesDir = join(dir, '.collab', 'tunes');
  mkdirSync(join(tunesDir, 'broken'));
  writeFileSync(join(tunesDir, 'broken', 'tune.json'), '{"version":1,"id":"x"');
  mkdirSync(join(tunesDir, '.tmp-half'), { recursive: true });
  const listed = await listTunes(tunesDir);
  assert.equal(listed.length, 3);
  const readable = listed.filter((l) => 'manifest' in l);
  assert.ok(readable.length === 2 && readable.every((l) => [first.dir, second.dir].includes(l.dir)));
  const broken = listed.find((l) => l.dir.endsWith('broken'));
  assert.ok(broken && 'error' in broken && /not valid JSON/.test(broken.error));
  assert.deepEqual(await listTunes(join(dir, 'nowhere')), []);
});

test('a tune.json with a bad result or an unknown metric is refused with the reason', async () => {
  const { dir, file } = plantedFile({ users: 40, items: 20, ratingsPerUser: 8 });
  const { dir: saved, manifest } = await runTune({ file, grid: 'wd=0.1 epochs=1', runsDir: join(dir, 'runs'), parallel: 1 });
  const write = (m: object): void => writeFileSync(join(saved, 'tune.json'), JSON.stringify(m));
  write({ ...manifest, metric: 'auc' });
  await assert.rejects(readTune(saved), (e: Error) => e instanceof TuneLoadError && /metric "auc"/.test(e.message));
  write({ ...manifest, results: [{ ...manifest.results[0], metrics: null }] });
  await assert.rejects(readTune(saved), /results\[0\] lacks/);
  await assert.rejects(readTune(join(dir, 'none')), /holds no tune.json/);
});
