import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { TRAINER, badRatingCsv, plantedCsv, request, requireBundles, runsIn, start, tempDir } from './helpers';

before(requireBundles);

/** A run long enough to interrupt: thousands of epochs in batches of 4. */
const LONG = { epochs: 5000, bs: 4 } as const;

test('cancel mid-training ends with train/cancelled within a second and leaves no run folder', async () => {
  const { ratingsFile } = plantedCsv();
  const req = request(ratingsFile, LONG);
  let cancelledAt = 0;
  const { session, events, result } = start(req, {
    onEvent: (e) => {
      if (e.type === 'train/epoch' && !cancelledAt) {
        cancelledAt = performance.now();
        session.cancel();
      }
    },
  });
  const r = await result;
  const took = performance.now() - cancelledAt;
  assert.equal(r.outcome, 'cancelled');
  assert.equal(events[events.length - 1].type, 'train/cancelled', 'the trainer itself said so');
  assert.ok(took < 1000, `cancel took ${took.toFixed(0)} ms`);
  assert.deepEqual(runsIn(req.runsDir), []);
});

test('SIGKILL mid-training: the client reports a crash and no run folder is left', async () => {
  const { ratingsFile } = plantedCsv();
  const req = request(ratingsFile, LONG);
  let killed = false;
  const { session, result } = start(req, {
    onEvent: (e) => {
      if (e.type === 'train/batch' && !killed && session.pid) {
        killed = true;
        process.kill(session.pid, 'SIGKILL');
      }
    },
  });
  const r = await result;
  assert.ok(r.outcome === 'error', `outcome ${r.outcome}`);
  assert.equal(r.signal, 'SIGKILL');
  assert.equal(r.error.kind, 'internal');
  assert.match(r.error.message, /was killed \(SIGKILL\) while training; nothing was saved/);
  assert.deepEqual(runsIn(req.runsDir).filter((n) => !n.startsWith('.tmp-')), []);
});

test('a non-numeric rating on line 7 is a data error naming line 7 and column 3', async () => {
  const file = badRatingCsv(7);
  const req = request(file);
  const { events, result } = start(req);
  const r = await result;
  assert.ok(r.outcome === 'error', `outcome ${r.outcome}`);
  assert.equal(r.error.kind, 'data');
  assert.deepEqual(r.error.location, { file, line: 7, column: 3 });
  assert.match(r.error.message, /line 7/);
  assert.equal(r.exitCode, 1);
  assert.equal(events[events.length - 1].type, 'train/error');
  assert.deepEqual(runsIn(req.runsDir), []);
});

test('a missing file is an io error, not a crash', async () => {
  const req = request(join(tempDir(), 'absent.csv'));
  const r = await start(req).result;
  assert.ok(r.outcome === 'error');
  assert.equal(r.error.kind, 'io');
  assert.match(r.error.message, /absent\.csv/);
});

test('running out of memory is reported as a memory error or a clear crash, never a hang', async () => {
  // 300,000 distinct users: their labels alone outgrow a 24 MB heap.
  const dir = tempDir();
  const file = join(dir, 'big.csv');
  const rows: string[] = ['user,item,rating'];
  for (let k = 0; k < 300_000; k++) rows.push(`user-${k}-${'x'.repeat(20)},item-${k % 1000},${(k % 5) + 1}`);
  writeFileSync(file, `${rows.join('\n')}\n`);
  const r = await start(request(file), { execArgv: ['--max-old-space-size=24'] }).result;
  assert.ok(r.outcome === 'error', `outcome ${r.outcome}`);
  // V8's fatal heap OOM aborts the process; the client recognises it from stderr.
  assert.equal(r.error.kind, 'memory', r.error.message);
  assert.match(r.error.message, /ran out of memory while loading the data.*max-old-space-size/s);
});

test('the trainer stops when its host disconnects', async () => {
  const { ratingsFile } = plantedCsv();
  const child = fork(TRAINER, [], { stdio: ['ignore', 'ignore', 'ignore', 'ipc'] });
  child.send({ type: 'train/start', request: request(ratingsFile, LONG) });
  await new Promise<void>((done) => child.on('message', (m: { type: string }) => { if (m.type === 'train/batch') done(); }));
  child.disconnect();
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  const [code, signal] = await once(child, 'exit');
  clearTimeout(timer);
  assert.equal(signal, null, 'it exited by itself');
  assert.equal(code, 0);
});

test('a cancel before training starts is answered at once', async () => {
  const { ratingsFile } = plantedCsv();
  const { session, result } = start(request(ratingsFile, LONG));
  session.cancel();
  assert.equal((await result).outcome, 'cancelled');
});
