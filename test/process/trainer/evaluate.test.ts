import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadRun } from '../../../src/core/run/load';
import { CLI, plantedCsv, requireBundles, runsIn, tempDir } from './helpers';

before(requireBundles);

const SMALL = ['--epochs', '2', '--factors', '8', '--seed', '5'];

function collab(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', timeout: 120_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function trainedRun(args: string[]): string {
  const out = tempDir();
  const r = collab(['train', ...args, '--out', out, ...SMALL]);
  assert.equal(r.status, 0, r.stderr);
  return join(out, runsIn(out)[0]);
}

test('collab evaluate rebuilds the run\'s random split: its RMSE is the run\'s, beside the baselines', async () => {
  const { ratingsFile } = plantedCsv({ users: 150, items: 80, ratingsPerUser: 30 });
  const runDir = trainedRun([ratingsFile, '--valid-pct', '0.25']);
  const r = collab(['evaluate', runDir, '--json', '--k', '5']);
  assert.equal(r.status, 0, r.stderr);
  const e = JSON.parse(r.stdout);
  const run = await loadRun(runDir);
  const last = run.manifest.metrics[run.manifest.metrics.length - 1];
  assert.ok(Math.abs(e.model.rmse - last.validRmse) < 1e-4, `${e.model.rmse} vs ${last.validRmse}`);
  assert.deepEqual(Object.keys(e.model.ranking).slice(0, 9), ['k', 'threshold', 'users', 'precision', 'recall', 'ndcg', 'map', 'hitRate', 'coverage']);
  assert.equal(e.model.ranking.k, 5);
  assert.ok(e.model.ranking.users > 0);
  assert.ok(e.baselines.biasOnly.rmse < e.baselines.globalMean.rmse);
  assert.ok('ranking' in e.baselines.popularity);

  const text = collab(['evaluate', runDir]);
  assert.equal(text.status, 0, text.stderr);
  assert.match(text.stdout, /ranking at k=10, relevant = rating >= 4/);
  assert.match(text.stdout, /\nmodel\s+\d\.\d{4}\s+\d\.\d{4}/);
  assert.match(text.stdout, /\npopularity\s+\d\.\d{4}/);

  const bad = collab(['evaluate', runDir, '--threshold', '9']);
  assert.equal(bad.status, 1);
  assert.match(bad.stderr, /threshold 9 is outside the rating range \[1, 5\]/);
  const badK = collab(['evaluate', runDir, '--k', '0']);
  assert.equal(badK.status, 2);
  assert.match(badK.stderr, /--k must be a whole number of at least 1/);
});

test('collab evaluate rebuilds a run trained with --valid from run.json, without --valid again', async () => {
  const { ratingsFile, dir } = plantedCsv({ users: 150, items: 80, ratingsPerUser: 30 });
  const lines = readFileSync(ratingsFile, 'utf8').trimEnd().split('\n');
  // Every fifth row held out (the planted rows come user by user).
  const rows = lines.slice(1);
  const base = join(dir, 'base.csv'), held = join(dir, 'held.csv');
  writeFileSync(base, `${[lines[0], ...rows.filter((_, i) => i % 5 !== 0)].join('\n')}\n`);
  writeFileSync(held, `${[lines[0], ...rows.filter((_, i) => i % 5 === 0)].join('\n')}\n`);
  const runDir = trainedRun([base, '--valid', held]);
  const run = await loadRun(runDir);
  assert.equal(run.manifest.split?.kind, 'file');
  assert.equal(run.manifest.split?.file, held);
  const last = run.manifest.metrics[run.manifest.metrics.length - 1];
  const without = collab(['evaluate', runDir, '--json']);
  assert.equal(without.status, 0, without.stderr);
  const e = JSON.parse(without.stdout);
  assert.ok(Math.abs(e.model.rmse - last.validRmse) < 1e-4, `${e.model.rmse} vs ${last.validRmse}`);
  assert.ok(e.model.ranking.users > 0);
  const withValid = collab(['evaluate', runDir, '--valid', held, '--json']);
  assert.equal(withValid.status, 0, withValid.stderr);
  assert.equal(JSON.parse(withValid.stdout).model.rmse, e.model.rmse);
  // The recorded validation file gone: a message that names it and says what to do.
  rmSync(held);
  const gone = collab(['evaluate', runDir]);
  assert.equal(gone.status, 1);
  assert.match(gone.stderr, /validation file .*held\.csv is not there any more \(give another with --valid\)/);
});
