import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadRun } from '../../../src/core/run/load';
import type { TrainerToHost } from '../../../src/protocol/trainer';
import { CLI, plantedCsv, requireBundles, runsIn, tempDir } from './helpers';

before(requireBundles);

const SMALL = ['--epochs', '2', '--factors', '8', '--seed', '5'];

function collab(args: string[], cwd?: string): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', cwd, timeout: 120_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('collab train --json prints one event per line, the last one train/done with the run folder', async () => {
  const { ratingsFile, dir } = plantedCsv();
  const r = collab(['train', ratingsFile, '--json', ...SMALL]);
  assert.equal(r.status, 0, r.stderr);
  const events = r.stdout.trim().split('\n').map((line) => JSON.parse(line) as TrainerToHost);
  assert.equal(events[0].type, 'train/started');
  const last = events[events.length - 1];
  assert.ok(last.type === 'train/done', last.type);
  assert.equal(last.metrics.length, 2);
  assert.equal(last.runDir, join(dir, '.collab', 'runs', last.runId), 'default runs folder is .collab/runs beside the file');
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
  const r = collab(['train', file, '--json', '--user', 'who', '--item', 'what', '--rating', 'stars', ...SMALL]);
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
  assert.match(r.stderr, /--model is 'dot' or 'nn'.*Usage: collab train/s);
  r = collab(['train']);
  assert.equal(r.status, 2);
  const dir = tempDir();
  const file = join(dir, 'bad.csv');
  writeFileSync(file, 'user,item,rating\n1,1,5\n2,1,4\n3,2,NaNa\n');
  r = collab(['train', file]);
  assert.equal(r.status, 1);
  assert.match(r.stdout, /error: .*bad\.csv, line 4, column 3/);
});

test('Ctrl-C cancels cleanly: train/cancelled, exit 130, no run folder', async () => {
  const { ratingsFile, dir } = plantedCsv();
  // A process group of its own, so the signal reaches the CLI and its trainer as a terminal's Ctrl-C does.
  const child = spawn(process.execPath, [CLI, 'train', ratingsFile, '--json', '--epochs', '5000', '--bs', '4'], { detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
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
