import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadRun } from '../../../src/core/run/load';
import { startLrFind } from '../../../src/trainer/client';
import type { LrFindToHost } from '../../../src/protocol/trainer';
import { CLI, TRAINER, config, plantedCsv, requireBundles, runsIn, tempDir } from './helpers';

before(requireBundles);

const SMALL = ['--epochs', '2', '--factors', '8', '--seed', '5'];

function collab(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', timeout: 120_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The data rows of a ratings.csv with a header, as [user, item, rating, timestamp] fields. */
function rowsOf(file: string): string[][] {
  return readFileSync(file, 'utf8').trimEnd().split('\n').slice(1).map((line) => line.split(','));
}

const count = (n: number): string => n.toLocaleString('en-US');

/** The planted ratings.csv without its timestamp column. */
function withoutTimestamps(ratingsFile: string): string {
  const file = join(tempDir(), 'no-time.csv');
  writeFileSync(file, readFileSync(ratingsFile, 'utf8').split('\n').map((line) => line.split(',').slice(0, 3).join(',')).join('\n'));
  return file;
}

test('collab train --split temporal records the split in run.json, and collab evaluate rebuilds it', async () => {
  const { ratingsFile } = plantedCsv({ users: 120, items: 60, ratingsPerUser: 25 });
  const out = tempDir();
  const r = collab(['train', ratingsFile, '--split', 'temporal', '--valid-pct', '0.25', '--runs', out, ...SMALL]);
  assert.equal(r.status, 0, r.stderr + r.stdout);
  const runDir = join(out, runsIn(out)[0]);
  const { manifest } = await loadRun(runDir);
  assert.equal(manifest.split?.kind, 'temporal');
  assert.equal(manifest.split?.validPct, 0.25);
  assert.equal(manifest.split?.seed, 5);
  assert.match(manifest.split?.description ?? '', /latest 25% of rows by timestamp/);
  assert.match(r.stdout, /Validation split: temporal: the latest 25% of rows by timestamp/);
  // the latest quarter validates
  const n = rowsOf(ratingsFile).length, nValid = Math.floor(0.25 * n);
  assert.ok(r.stdout.includes(`${count(n - nValid)} train, ${count(nValid)} valid`), r.stdout);
  const e = collab(['evaluate', runDir, '--json']);
  assert.equal(e.status, 0, e.stderr);
  const last = manifest.metrics[manifest.metrics.length - 1];
  assert.ok(Math.abs(JSON.parse(e.stdout).model.rmse - last.validRmse) < 1e-4);
});

test('collab train --split user-last --holdout 2 holds out two ratings a user; a random run records its split too', async () => {
  const { ratingsFile } = plantedCsv({ users: 100, items: 50, ratingsPerUser: 20 });
  const out = tempDir();
  const r = collab(['train', ratingsFile, '--split', 'user-last', '--holdout', '2', '--runs', out, ...SMALL]);
  assert.equal(r.status, 0, r.stderr + r.stdout);
  const perUser = new Map<string, number>();
  const rows = rowsOf(ratingsFile);
  for (const [user] of rows) perUser.set(user, (perUser.get(user) ?? 0) + 1);
  const nValid = 2 * [...perUser.values()].filter((c) => c > 2).length;
  assert.ok(r.stdout.includes(`${count(rows.length - nValid)} train, ${count(nValid)} valid`), r.stdout);
  assert.deepEqual((await loadRun(join(out, runsIn(out)[0]))).manifest.split?.holdout, 2);
  const plain = tempDir();
  assert.equal(collab(['train', ratingsFile, '--runs', plain, ...SMALL]).status, 0);
  const { split } = (await loadRun(join(plain, runsIn(plain)[0]))).manifest;
  assert.deepEqual({ kind: split?.kind, validPct: split?.validPct, seed: split?.seed }, { kind: 'random', validPct: 0.2, seed: 5 });
});

test('a split needing a timestamp on a file without one, and bad split flags, get clear errors', () => {
  const { ratingsFile } = plantedCsv({ users: 40, items: 20, ratingsPerUser: 10 });
  const noTime = withoutTimestamps(ratingsFile);
  const out = tempDir();
  const r = collab(['train', noTime, '--split', 'temporal', '--runs', out, ...SMALL]);
  assert.equal(r.status, 1);
  assert.match(r.stdout, /split 'temporal' needs a timestamp column; none was found in no-time\.csv/);
  assert.deepEqual(runsIn(out), []);
  const unknown = collab(['train', ratingsFile, '--split', 'sideways']);
  assert.equal(unknown.status, 2);
  assert.match(unknown.stderr, /unknown split 'sideways'; use one of random, temporal, user-last, user-random, file/);
  const both = collab(['train', ratingsFile, '--split', 'temporal', '--valid', noTime]);
  assert.equal(both.status, 2);
  assert.match(both.stderr, /a validation file was given, so the split is 'file', not 'temporal'/);
  const holdout = collab(['train', ratingsFile, '--split', 'user-last', '--holdout', '0']);
  assert.equal(holdout.status, 2);
  assert.match(holdout.stderr, /holdout must be a whole number of ratings, at least 1, not 0/);
});

test('collab train --folds 3 prints three folds and each metric\'s mean and std; --json the same as one object', () => {
  const { ratingsFile } = plantedCsv({ users: 80, items: 40, ratingsPerUser: 15 });
  const out = tempDir();
  const text = collab(['train', ratingsFile, '--folds', '3', '--runs', out, ...SMALL]);
  assert.equal(text.status, 0, text.stderr);
  assert.match(text.stdout, /3-fold cross-validation of dot · 8 factors/);
  const n = rowsOf(ratingsFile).length;
  // fold f validates on places floor(f*n/3)..floor((f+1)*n/3)-1 of a seeded permutation
  for (const f of [0, 1, 2]) {
    const nValid = Math.floor(((f + 1) * n) / 3) - Math.floor((f * n) / 3);
    assert.match(text.stdout, new RegExp(`\\n${f + 1}\\s+${n - nValid}\\s+${nValid}\\s+\\d\\.\\d{4}\\s+\\d\\.\\d{4}`));
  }
  assert.match(text.stdout, /\nmean\s+\d\.\d{4}\s+\d\.\d{4}/);
  assert.match(text.stdout, /\nstd\s+\d\.\d{4}\s+\d\.\d{4}/);
  assert.match(text.stdout, /No run was saved/);
  assert.deepEqual(runsIn(out), []);

  const json = collab(['train', ratingsFile, '--folds', '3', '--json', ...SMALL]);
  assert.equal(json.status, 0, json.stderr);
  const cv = JSON.parse(json.stdout);
  assert.equal(cv.results.length, 3);
  assert.deepEqual(cv.results.map((r: { fold: number }) => r.fold), [0, 1, 2]);
  const rmses = cv.results.map((r: { metrics: { rmse: number } }) => r.metrics.rmse);
  const mean = rmses.reduce((a: number, b: number) => a + b, 0) / 3;
  assert.ok(Math.abs(cv.mean.rmse - mean) < 1e-12);
  assert.ok(Math.abs(cv.std.rmse - Math.sqrt(rmses.reduce((a: number, x: number) => a + (x - mean) ** 2, 0) / 3)) < 1e-12);
  for (const key of ['mse', 'rmse', 'mae', 'precision', 'recall', 'ndcg', 'map', 'hitRate', 'coverage']) {
    assert.ok(Number.isFinite(cv.mean[key]) && Number.isFinite(cv.std[key]), key);
  }
  // the folds' validation rows partition the file
  assert.equal(cv.results.reduce((a: number, r: { validRows: number }) => a + r.validRows, 0), n);
  assert.ok(text.stdout.includes(cv.mean.rmse.toFixed(4)), 'the text and JSON agree');
});

test('a fold count larger than the data allows gets splitProblem\'s error', () => {
  const file = join(tempDir(), 'tiny.csv');
  writeFileSync(file, 'user,item,rating\n1,1,5\n1,2,3\n2,1,4\n2,2,2\n3,1,1\n');
  const r = collab(['train', file, '--folds', '10', ...SMALL]);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /10 folds need at least 10 rows; tiny\.csv has 5/);
  const one = collab(['train', file, '--folds', '1']);
  assert.equal(one.status, 2);
  assert.match(one.stderr, /folds must be a whole number, at least 2, not 1/);
});

test('collab lr-find suggests a rate within [1e-4, 1e-1] for the dot model; text shows the curve and suggestions', () => {
  const { ratingsFile } = plantedCsv({ users: 150, items: 80, ratingsPerUser: 30 });
  const r = collab(['lr-find', ratingsFile, '--json']);
  assert.equal(r.status, 0, r.stderr);
  const found = JSON.parse(r.stdout);
  assert.equal(found.lrs.length, found.losses.length);
  assert.ok(found.lrs.length > 10 && found.lrs.length <= 100);
  assert.equal(found.lrs[0], 1e-7);
  assert.equal(found.suggestion.method, 'valley');
  assert.ok(found.suggestion.lr >= 1e-4 && found.suggestion.lr <= 1e-1, `valley ${found.suggestion.lr}`);
  for (const m of ['minimum', 'steep']) assert.ok(found.suggestions[m].lr > 0, m);

  const text = collab(['lr-find', ratingsFile]);
  assert.equal(text.status, 0, text.stderr);
  assert.match(text.stdout, /lr_find on ratings\.csv: dot · 50 factors/);
  assert.match(text.stdout, /1\.0e-7\s+\d\.\d{4}\s+\|/);
  assert.match(text.stdout, /<- [a-z, ]*valley/);
  assert.match(text.stdout, /valley \(fastai's default\)\s+\d/);
  assert.match(text.stdout, /Train with it: collab train .*ratings\.csv --lr \d/);

  const bad = collab(['lr-find', ratingsFile, '--lr=-1']);
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /lr must be > 0 \(got -1\)/);
});

test('the trainer process answers an lr-find request with steps and lr-find/done carrying a suggestion', async () => {
  const { ratingsFile } = plantedCsv({ users: 100, items: 50, ratingsPerUser: 20 });
  const events: LrFindToHost[] = [];
  const session = startLrFind({ file: ratingsFile, config: config({ factors: 16 }), split: { kind: 'temporal', validPct: 0.2, seed: 7 } },
    { trainerPath: TRAINER, onEvent: (e) => events.push(e) });
  const result = await session.result;
  assert.equal(result.outcome, 'done', JSON.stringify(result));
  if (result.outcome !== 'done') return;
  const steps = events.filter((e) => e.type === 'lr-find/step');
  assert.equal(steps.length, result.done.lrs.length);
  assert.deepEqual(steps.map((s) => s.iteration), steps.map((_, i) => i));
  const dataset = events.find((e) => e.type === 'train/dataset');
  assert.equal(dataset?.type === 'train/dataset' && dataset.validRows, Math.floor(0.2 * rowsOf(ratingsFile).length));
  assert.ok(result.done.suggestion && result.done.suggestion.lr > 0);
  assert.equal(events[events.length - 1].type, 'lr-find/done');

  // A split the file cannot make: the data error, and the process ends.
  const noTime = withoutTimestamps(ratingsFile);
  const failed = await startLrFind({ file: noTime, config: config(), split: { kind: 'user-last', holdout: 1, seed: 7 } }, { trainerPath: TRAINER }).result;
  assert.equal(failed.outcome, 'error');
  if (failed.outcome === 'error') {
    assert.equal(failed.error.kind, 'data');
    assert.match(failed.error.message, /split 'user-last' needs a timestamp column/);
  }
});

test('an lr-find request is cancelled by train/cancel', async () => {
  const { ratingsFile } = plantedCsv({ users: 100, items: 50, ratingsPerUser: 20 });
  const events: LrFindToHost[] = [];
  const session = startLrFind({ file: ratingsFile, config: config() }, { trainerPath: TRAINER, onEvent: (e) => events.push(e) });
  // sent right behind the request: the job has not got past reading the file
  session.cancel();
  const result = await session.result;
  assert.ok(!events.some((e) => e.type === 'lr-find/done'));
  assert.equal(result.outcome, 'cancelled');
});
