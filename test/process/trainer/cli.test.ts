import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { loadRun } from '../../../src/core/run/load';
import { generatePlanted, writeRatingsCsv } from '../../../src/core/data/synthetic';
import type { TrainerToHost } from '../../../src/protocol/trainer';
import { CLI, plantedCsv, requireBundles, runsIn, tempDir } from './helpers';

before(requireBundles);

const SMALL = ['--epochs', '2', '--factors', '8', '--seed', '5'];

function collab(args: string[], cwd?: string, env?: NodeJS.ProcessEnv): { status: number | null; stdout: string; stderr: string; pid: number } {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', cwd, timeout: 120_000, ...(env ? { env: { ...process.env, ...env } } : {}) });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, pid: r.pid };
}

test('a small file trains in the command\'s own process (no second Node start); COLLAB_TRAINER=process forks the trainer', () => {
  const { ratingsFile } = plantedCsv();
  for (const [env, inProcess] of [[{}, true], [{ COLLAB_TRAINER: 'process' }, false]] as const) {
    const r = collab(['train', ratingsFile, '--json', ...SMALL], tempDir(), env);
    assert.equal(r.status, 0, r.stderr);
    const events = r.stdout.trim().split('\n').map((line) => JSON.parse(line) as TrainerToHost);
    const started = events[0];
    assert.ok(started.type === 'train/started');
    assert.equal(started.pid === r.pid, inProcess, `${JSON.stringify(env)}: trainer pid ${started.pid}, command pid ${r.pid}`);
    assert.equal(events[events.length - 1].type, 'train/done');
  }
});

test('collab train --json prints one event per line, the last one train/done with the run folder', async () => {
  const { ratingsFile } = plantedCsv();
  const cwd = tempDir();
  const r = collab(['train', ratingsFile, '--json', ...SMALL], cwd);
  assert.equal(r.status, 0, r.stderr);
  const events = r.stdout.trim().split('\n').map((line) => JSON.parse(line) as TrainerToHost);
  assert.equal(events[0].type, 'train/started');
  const last = events[events.length - 1];
  assert.ok(last.type === 'train/done', last.type);
  assert.equal(last.metrics.length, 2);
  assert.equal(last.runDir, join(cwd, '.collab', 'runs', last.runId), 'default runs folder is .collab/runs of the working folder');
  const run = await loadRun(last.runDir);
  assert.equal(run.manifest.config?.factors, 8);
  assert.equal(run.manifest.config?.seed, 5);
});

test('collab train prints fastai\'s epoch table in text mode', () => {
  const { ratingsFile } = plantedCsv();
  const out = tempDir();
  const r = collab(['train', ratingsFile, '--out', out, ...SMALL]);
  assert.equal(r.status, 0, r.stderr);
  const lines = r.stdout.split('\n');
  const header = lines.findIndex((l) => /^epoch\s+train_loss\s+valid_loss\s+valid_rmse\s+valid_mae\s+time$/.test(l));
  assert.ok(header >= 0, r.stdout);
  assert.match(lines[header + 1], /^0\s+\d+\.\d{6}\s+\d+\.\d{6}\s+\d+\.\d{6}\s+\d+\.\d{6}\s+\d\d:\d\d$/);
  assert.match(lines[header + 2], /^1\s/);
  assert.match(r.stdout, /Saved .*\n/);
  assert.equal(runsIn(out).length, 1);
});

test('collab train takes column roles by header name, as inspect does', async () => {
  const dir = tempDir();
  const file = join(dir, 'odd.csv');
  const rows = ['what,who,stars'];
  for (let k = 0; k < 400; k++) rows.push(`m${k % 23},p${k % 17},${(k * 7) % 5 + 1}`);
  writeFileSync(file, `${rows.join('\n')}\n`);
  const r = collab(['train', file, '--json', '--user', 'who', '--item', 'what', '--rating', 'stars', ...SMALL], dir);
  assert.equal(r.status, 0, r.stdout + r.stderr);
  const last = JSON.parse(r.stdout.trim().split('\n').pop() ?? '{}') as TrainerToHost;
  assert.ok(last.type === 'train/done');
  const run = await loadRun(last.runDir);
  assert.ok(run.manifest.vocab.users.slice(1).every((u) => u.startsWith('p')), 'users come from the "who" column');
  assert.deepEqual(run.manifest.source?.mapping, { user: 1, item: 0, rating: 2 });
});

test('bad arguments exit 2 with the usage; a bad file exits 1 naming the line', () => {
  let r = collab(['train', 'x.csv', '--model', 'svd']);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /model must be 'dot' or 'nn' \(got 'svd'\).*Usage: collab train/s);
  r = collab(['train']);
  assert.equal(r.status, 2);
  const dir = tempDir();
  const file = join(dir, 'bad.csv');
  writeFileSync(file, 'user,item,rating\n1,1,5\n2,1,4\n3,2,NaNa\n');
  r = collab(['train', file], dir);
  assert.equal(r.status, 1);
  assert.match(r.stdout, /error: .*bad\.csv, line 4, column 3/);
});

for (const trainer of ['in-process', 'process'] as const) test(`Ctrl-C cancels cleanly (${trainer} trainer): train/cancelled, exit 130, no run folder`, async () => {
  const { ratingsFile, dir } = plantedCsv();
  // A process group of its own, so the signal reaches the CLI and its trainer as a terminal's Ctrl-C does.
  const child = spawn(process.execPath, [CLI, 'train', ratingsFile, '--json', '--epochs', '5000', '--bs', '4'], {
    cwd: dir, detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, COLLAB_TRAINER: trainer === 'process' ? 'process' : 'inline' },
  });
  let stdout = '';
  let interrupted = false;
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (text: string) => {
    stdout += text;
    if (!interrupted && stdout.includes('"train/epoch"') && child.pid) {
      interrupted = true;
      process.kill(-child.pid, 'SIGINT');
    }
  });
  const code = await new Promise<number | null>((done) => child.on('close', done));
  const events = stdout.trim().split('\n').map((l) => JSON.parse(l) as TrainerToHost);
  assert.equal(events[events.length - 1].type, 'train/cancelled');
  assert.equal(code, 130);
  assert.deepEqual(runsIn(join(dir, '.collab', 'runs')), []);
});

test('runs live in the working folder: `collab train data/x.csv` then `collab biases` finds the run', () => {
  const cwd = tempDir();
  mkdirSync(join(cwd, 'data'));
  writeRatingsCsv(join(cwd, 'data'), generatePlanted({ users: 60, items: 30, ratingsPerUser: 15 }));
  const trained = collab(['train', join('data', 'ratings.csv'), '--epochs', '1', '--factors', '4'], cwd);
  assert.equal(trained.status, 0, trained.stdout + trained.stderr);
  const saved = /^Saved (.+)$/m.exec(trained.stdout)?.[1] ?? '';
  assert.equal(dirname(saved), join(cwd, '.collab', 'runs'), 'train says where it saved: ./.collab/runs');
  assert.deepEqual(runsIn(join(cwd, 'data', '.collab', 'runs')), [], 'nothing beside the data file');
  const biases = collab(['biases', '--json'], cwd);
  assert.equal(biases.status, 0, biases.stderr);
  assert.equal((JSON.parse(biases.stdout) as { run: string }).run, basename(saved));
  for (const args of [['neighbours', '1', '-k', '3'], ['pca', '--components', '2'], ['recommend', '1', '-k', '3']]) {
    const r = collab(args, cwd);
    assert.equal(r.status, 0, `${args[0]}: ${r.stderr}`);
  }
});

test('--runs DIR names the runs folder for train and for every analysis', () => {
  const { dir, ratingsFile } = plantedCsv({ users: 60, items: 30, ratingsPerUser: 15 });
  const cwd = tempDir();
  const trained = collab(['train', ratingsFile, '--runs', 'models', '--epochs', '1', '--factors', '4', '--json'], cwd);
  assert.equal(trained.status, 0, trained.stderr);
  const done = JSON.parse(trained.stdout.trim().split('\n').pop() ?? '{}') as TrainerToHost;
  assert.ok(done.type === 'train/done');
  assert.equal(done.runDir, join(cwd, 'models', done.runId));
  assert.deepEqual(runsIn(join(cwd, '.collab', 'runs')), []);
  assert.deepEqual(runsIn(join(dir, '.collab', 'runs')), []);
  const found = collab(['biases', '--runs', 'models', '--json'], cwd);
  assert.equal(found.status, 0, found.stderr);
  assert.equal((JSON.parse(found.stdout) as { run: string }).run, done.runId);
  const byId = collab(['predict', done.runId, '1', '#1', '--runs', join(cwd, 'models')], cwd);
  assert.equal(byId.status, 0, byId.stderr);
  const missing = collab(['biases'], cwd);
  assert.equal(missing.status, 1);
  assert.match(missing.stderr, /No runs in .*\.collab.runs.*--runs DIR/);
  const help = collab(['biases', '--help'], cwd);
  assert.match(help.stdout, /--runs DIR/);
  assert.match(help.stdout, /\.collab\/runs of the working folder/);
});
