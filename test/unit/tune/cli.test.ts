/** `collab tune` end to end on a tiny file: JSON lines, worker threads, the saved sweep, usage errors. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { plantedFile } from './helpers';

/** Repository root (tests run from out/test/unit/tune/). */
const ROOT = resolve(__dirname, '../../../..');
const CLI = join(ROOT, 'dist', 'cli.js');
const skip = existsSync(CLI) ? false : `needs ${CLI} (npm run build)`;

function collab(cwd: string, ...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('collab tune --json: one line per configuration from two workers, then a summary; tune.json saved', { skip }, () => {
  const { dir, file } = plantedFile({ users: 80, items: 50, ratingsPerUser: 12 });
  const r = collab(dir, 'tune', file, '--grid', 'factors=4,8 wd=0.01,0.1 epochs=2', '--parallel', '2', '--json', '--metric', 'ndcg');
  assert.equal(r.code, 0, r.stderr);
  const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
  assert.equal(lines[0].type, 'tune/start');
  assert.equal(lines[0].workers, true);
  const results = lines.filter((l) => l.type === 'tune/result');
  assert.equal(results.length, 4);
  for (const l of results) assert.ok(l.metrics.rmse > 0 && l.metrics.ndcg >= 0 && l.seconds >= 0);
  const done = lines[lines.length - 1];
  assert.equal(done.type, 'tune/done');
  assert.equal(done.finished, 4);
  assert.equal(done.best.metrics.ndcg, Math.max(...results.map((l) => l.metrics.ndcg)));
  const saved = JSON.parse(readFileSync(join(dir, '.collab', 'tunes', done.id, 'tune.json'), 'utf8'));
  assert.equal(saved.results.length, 4);
  assert.equal(saved.best.index, done.best.index);
});

test('collab tune refuses a bad grid and a bad metric with a clear message (exit 2)', { skip }, () => {
  const { dir, file } = plantedFile({ users: 20, items: 10, ratingsPerUser: 5 });
  const bad = collab(dir, 'tune', file, '--grid', 'momentum=0.9');
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /unknown parameter 'momentum'/);
  const metric = collab(dir, 'tune', file, '--metric', 'auc');
  assert.equal(metric.code, 2);
  assert.match(metric.stderr, /unknown metric 'auc'/);
});

test('collab tune --save-best trains the best configuration and saves it as a run', { skip }, () => {
  const { dir, file } = plantedFile({ users: 60, items: 40, ratingsPerUser: 10 });
  const r = collab(dir, 'tune', file, '--grid', 'wd=0.01,0.1 epochs=1', '--parallel', '1', '--save-best');
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /Best by rmse:/);
  assert.match(r.stdout, /Training the best configuration/);
  const runs = readdirSync(join(dir, '.collab', 'runs')).filter((n) => !n.startsWith('.'));
  assert.equal(runs.length, 1);
  const run = JSON.parse(readFileSync(join(dir, '.collab', 'runs', runs[0], 'run.json'), 'utf8'));
  const saved = JSON.parse(readFileSync(join(dir, '.collab', 'tunes', readdirSync(join(dir, '.collab', 'tunes'))[0], 'tune.json'), 'utf8'));
  assert.equal(run.config.wd, saved.results.find((x: { index: number }) => x.index === saved.best.index).config.wd);
});

test('collab tune --resume continues a budget-stopped sweep: only the rest streams in, the summary covers all', { skip }, () => {
  const { dir, file } = plantedFile({ users: 60, items: 40, ratingsPerUser: 10 });
  const first = collab(dir, 'tune', file, '--grid', 'wd=0.01,0.1,0.2 epochs=1', '--budget', '0', '--json');
  assert.equal(first.code, 1, 'no configuration finished, so no best: exit 1');
  const stopped = JSON.parse(first.stdout.trim().split('\n').pop() as string);
  assert.deepEqual([stopped.end, stopped.finished, stopped.skipped], ['budget', 0, 3]);

  const clash = collab(dir, 'tune', '--resume', stopped.id, '--grid', 'wd=1');
  assert.equal(clash.code, 2);
  assert.match(clash.stderr, /--resume continues the sweep as it was saved; --grid cannot change it/);

  const resumed = collab(dir, 'tune', '--resume', stopped.id, '--json', '--parallel', '2');
  assert.equal(resumed.code, 0, resumed.stderr);
  const lines = resumed.stdout.trim().split('\n').map((l) => JSON.parse(l));
  assert.deepEqual(lines[0].resumed, { finished: 0, total: 3 });
  assert.equal(lines.filter((l) => l.type === 'tune/result').length, 3);
  const done = lines[lines.length - 1];
  assert.deepEqual([done.type, done.id, done.end, done.finished, done.resumed], ['tune/done', stopped.id, 'done', 3, 1]);

  const again = collab(dir, 'tune', '--resume', join(dir, '.collab', 'tunes', stopped.id));
  assert.equal(again.code, 0, again.stderr);
  assert.match(again.stdout, /Nothing to resume: all 3 configurations/);
  const missing = collab(dir, 'tune', '--resume', 'no-such-sweep');
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /no-such-sweep holds no tune.json/);
});
