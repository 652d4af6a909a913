/** Resuming a saved sweep: a cancelled or budget-stopped sweep continues to the same figures as one never stopped. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runTune } from '../../../src/core/tune/tune';
import { resumeTune, TuneResumeError, tuneDirOf } from '../../../src/core/tune/resume';
import type { TuneManifest } from '../../../src/core/tune/save';
import type { TuneResult } from '../../../src/core/tune/sweep';
import { generatePlanted, writeRatingsCsv } from '../../../src/core/data/synthetic';
import { plantedFile } from './helpers';

const GRID = 'wd=0,0.05,0.2 factors=4,8 epochs=2';
const PLANTED = { users: 60, items: 40, ratingsPerUser: 12, noise: 0.6, seed: 5 };

/** index -> metrics of a sweep's results, checking each configuration appears once. */
function byIndex(results: TuneResult[]): Map<number, TuneResult['metrics']> {
  const map = new Map(results.map((r) => [r.index, r.metrics]));
  assert.equal(map.size, results.length, `a configuration appears twice: ${results.map((r) => r.index).join(',')}`);
  return map;
}

/** The same sweep run without a stop, for comparison. */
async function uninterrupted(file: string, runsDir: string): Promise<TuneManifest> {
  return (await runTune({ file, grid: GRID, runsDir, parallel: 1 })).manifest;
}

function onDisk(dir: string): TuneManifest {
  return JSON.parse(readFileSync(join(dir, 'tune.json'), 'utf8')) as TuneManifest;
}

test('a cancelled sweep resumed: every configuration once, the same figures and best as an uninterrupted sweep', async () => {
  const { dir, file } = plantedFile(PLANTED);
  const runsDir = join(dir, '.collab', 'runs');
  const controller = new AbortController();
  let finished = 0;
  const first = await runTune({ file, grid: GRID, runsDir, parallel: 1 },
    { signal: controller.signal, onResult: () => { if (++finished === 2) controller.abort(); } });
  assert.equal(first.manifest.end, 'cancelled');
  assert.equal(first.manifest.results.length, 2);

  const streamed: number[] = [];
  let started: unknown;
  const resumed = await resumeTune(first.dir, { onStart: (info) => { started = info; }, onResult: (r) => streamed.push(r.index) }, { parallel: 1 });
  assert.deepEqual(started, { configs: 4, folds: 1, parallel: 1, workers: false, metric: 'rmse', resumed: { finished: 2, total: 6 } });
  const before = new Set(first.manifest.results.map((r) => r.index));
  assert.deepEqual(streamed.sort(), [0, 1, 2, 3, 4, 5].filter((i) => !before.has(i)), 'only the configurations left stream in');

  const saved = onDisk(first.dir);
  assert.deepEqual(saved, resumed.manifest);
  assert.equal(saved.id, first.manifest.id);
  assert.equal(saved.end, 'done');
  assert.equal(saved.results.length, 6);
  assert.deepEqual(saved.results.slice(0, 2), first.manifest.results, 'the results saved before are kept as they were');
  assert.equal(saved.seconds, first.manifest.seconds + (saved.resumed?.[0].seconds ?? NaN));
  assert.equal(saved.resumed?.length, 1);
  assert.deepEqual({ ...saved.resumed?.[0], at: 'x', seconds: 0 }, { at: 'x', seconds: 0, finished: 4, end: 'done', parallel: 1 });
  assert.deepEqual(readdirSync(first.dir).sort(), ['tune.json'], 'no temp file or lock left behind');

  const whole = await uninterrupted(file, runsDir);
  assert.deepEqual(byIndex(saved.results), byIndex(whole.results), 'each configuration gets the same figures');
  assert.deepEqual(saved.best, whole.best);
  assert.equal(resumed.outcome.results[resumed.outcome.best].index, whole.best?.index);
});

test('a budget-stopped sweep resumes, under a budget again and then to the end', async () => {
  const { dir, file } = plantedFile(PLANTED);
  const runsDir = join(dir, '.collab', 'runs');
  // A zero budget starts nothing: the sweep is saved with no results, stopped by its budget.
  const first = await runTune({ file, grid: GRID, runsDir, parallel: 1, budgetSeconds: 0 });
  assert.equal(first.manifest.end, 'budget');
  assert.equal(first.manifest.results.length, 0);
  assert.equal(first.manifest.best, null);

  const still = await resumeTune(first.dir, {}, { parallel: 1, budgetSeconds: 0 });
  assert.equal(still.manifest.end, 'budget');
  assert.equal(still.outcome.skipped, 6);
  const done = await resumeTune(tuneDirOf(first.manifest.id, runsDir), {}, { parallel: 1 });
  assert.equal(done.manifest.end, 'done');
  assert.deepEqual(done.manifest.resumed?.map((r) => [r.finished, r.end, r.budgetSeconds]), [[0, 'budget', 0], [6, 'done', undefined]]);
  const whole = await uninterrupted(file, runsDir);
  assert.deepEqual(byIndex(done.manifest.results), byIndex(whole.results));
  assert.deepEqual(done.manifest.best, whole.best);
});

test('a finished sweep has nothing to resume; one saved before resumes existed says it cannot be resumed', async () => {
  const { dir, file } = plantedFile({ users: 40, items: 20, ratingsPerUser: 8 });
  const runsDir = join(dir, '.collab', 'runs');
  const done = await runTune({ file, grid: 'wd=0.01,0.1 epochs=1', runsDir, parallel: 1 });
  await assert.rejects(resumeTune(done.dir), (e: Error) => e instanceof TuneResumeError && e.problem === 'done'
    && /Nothing to resume: all 2 configurations/.test(e.message));

  const cut = await runTune({ file, grid: 'wd=0.01,0.1 epochs=1', runsDir, parallel: 1, budgetSeconds: 0 });
  const { base: _base, seed: _seed, ranking: _ranking, rows: _rows, ...old } = cut.manifest;
  writeFileSync(join(cut.dir, 'tune.json'), JSON.stringify(old));
  await assert.rejects(resumeTune(cut.dir), (e: Error) => e instanceof TuneResumeError && e.problem === 'old'
    && /older Collab that did not record its base, seed, ranking/.test(e.message));
});

test('a sweep whose data changed since is refused, not mixed with figures from other data', async () => {
  const { dir, file } = plantedFile({ users: 40, items: 20, ratingsPerUser: 8 });
  const cut = await runTune({ file, grid: 'wd=0.01,0.1 epochs=1', runsDir: join(dir, 'runs'), parallel: 1, budgetSeconds: 0 });
  writeRatingsCsv(dir, generatePlanted({ users: 30, items: 20, ratingsPerUser: 8 }));
  await assert.rejects(resumeTune(cut.dir), (e: Error) => e instanceof TuneResumeError && e.problem === 'changed'
    && /now splits into \d+ training and \d+ validation rows/.test(e.message));
  assert.equal(onDisk(cut.dir).end, 'budget', 'tune.json untouched');
});

test('a random search over folds resumes to the same draws and figures', async () => {
  const { dir, file } = plantedFile(PLANTED);
  const runsDir = join(dir, '.collab', 'runs');
  const request = { file, random: 4, ranges: 'wd=0.01..0.3:log factors=2..8:int epochs=1..2:int', seed: 7, folds: 2, runsDir, parallel: 1 };
  const controller = new AbortController();
  const first = await runTune(request, { signal: controller.signal, onResult: () => controller.abort() });
  assert.equal(first.manifest.results.length, 1);
  const resumed = await resumeTune(first.dir, {}, { parallel: 1 });
  const whole = await runTune({ ...request, parallel: 1 });
  assert.deepEqual(resumed.manifest.results.map((r) => r.params).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))),
    whole.manifest.results.map((r) => r.params).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))));
  assert.deepEqual(byIndex(resumed.manifest.results), byIndex(whole.manifest.results));
  for (const r of resumed.manifest.results) assert.equal(r.folds?.length, 2);
});

test('two resumes of one sweep cannot interleave; a lock left by a dead process is taken over', async () => {
  const { dir, file } = plantedFile({ users: 40, items: 20, ratingsPerUser: 8 });
  const cut = await runTune({ file, grid: 'wd=0.01,0.1 epochs=1', runsDir: join(dir, 'runs'), parallel: 1, budgetSeconds: 0 });
  const lock = join(cut.dir, '.resume.lock');
  writeFileSync(lock, String(process.pid));
  await assert.rejects(resumeTune(cut.dir), (e: Error) => e instanceof TuneResumeError && e.problem === 'busy'
    && new RegExp(`being resumed by process ${process.pid}`).test(e.message));
  const dead = spawnSync(process.execPath, ['-e', '']).pid as number;
  writeFileSync(lock, String(dead));
  const done = await resumeTune(cut.dir, {}, { parallel: 1 });
  assert.equal(done.manifest.end, 'done');
  assert.ok(!existsSync(lock));
});

test('a damaged resume field is refused when the sweep is read', async () => {
  const { dir, file } = plantedFile({ users: 40, items: 20, ratingsPerUser: 8 });
  const cut = await runTune({ file, grid: 'wd=0.01,0.1 epochs=1', runsDir: join(dir, 'runs'), parallel: 1, budgetSeconds: 0 });
  writeFileSync(join(cut.dir, 'tune.json'), JSON.stringify({ ...cut.manifest, base: 'fast' }));
  await assert.rejects(resumeTune(cut.dir), /its base options are not an object/);
});
