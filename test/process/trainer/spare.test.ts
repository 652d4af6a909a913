/**
 * The warm trainer (src/trainer/spare.ts): a pre-forked trainer that a run takes instead of forking
 * one. It must be the same one-job process: the run's events come from it, SIGKILL and cancel mean
 * what they mean for a cold trainer, it exits after its job, an idle one ends after its idle time,
 * and a request with other Node options never takes it.
 */
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { SpareTrainer } from '../../../src/trainer/spare';
import { TRAINER, plantedCsv, request, requireBundles, runsIn, start } from './helpers';

before(requireBundles);

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function until(what: string, ok: () => boolean, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > deadline) assert.fail(`${what}: not within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

test('a run takes the idle spare: its events come from that process, which exits after the job', async () => {
  const spare = new SpareTrainer({ trainerPath: TRAINER });
  try {
    spare.prime();
    const pid = spare.idlePid;
    assert.ok(pid, 'a spare is waiting');
    spare.prime();
    assert.equal(spare.idlePid, pid, 'prime() with a spare waiting starts no second one');
    const { ratingsFile } = plantedCsv();
    const run = start(request(ratingsFile), { spare });
    assert.equal(run.session.pid, pid, 'the session is the spare');
    assert.equal(spare.idlePid, undefined, 'a taken spare is no longer idle');
    const result = await run.result;
    assert.equal(result.outcome, 'done', JSON.stringify(result));
    const started = run.events.find((e) => e.type === 'train/started');
    assert.ok(started?.type === 'train/started' && started.pid === pid, 'train/started names the spare');
    await until('the spare to exit after its job', () => !alive(pid));
  } finally {
    spare.dispose();
  }
});

test('SIGKILL of a taken spare mid-training is reported as a crash, nothing saved', async () => {
  const spare = new SpareTrainer({ trainerPath: TRAINER });
  try {
    spare.prime();
    const { ratingsFile } = plantedCsv({ users: 400, ratingsPerUser: 40 });
    const req = request(ratingsFile, { epochs: 50, bs: 8 });
    let killed = false;
    const run = start(req, {
      spare,
      onEvent: (e) => {
        if (e.type === 'train/batch' && !killed && run.session.pid) {
          killed = true;
          process.kill(run.session.pid, 'SIGKILL');
        }
      },
    });
    const r = await run.result;
    assert.equal(r.outcome, 'error');
    if (r.outcome !== 'error') return;
    assert.equal(r.signal, 'SIGKILL');
    assert.match(r.error.message, /was killed \(SIGKILL\) while training; nothing was saved/);
    assert.deepEqual(runsIn(req.runsDir).filter((d) => !d.startsWith('.')), []);
  } finally {
    spare.dispose();
  }
});

test('cancel reaches a taken spare: train/cancelled, nothing saved', async () => {
  const spare = new SpareTrainer({ trainerPath: TRAINER });
  try {
    spare.prime();
    const { ratingsFile } = plantedCsv();
    const req = request(ratingsFile, { epochs: 5000, bs: 4 });
    const run = start(req, { spare, onEvent: (e) => { if (e.type === 'train/epoch') run.session.cancel(); } });
    const r = await run.result;
    assert.equal(r.outcome, 'cancelled');
    assert.deepEqual(runsIn(req.runsDir).filter((d) => !d.startsWith('.')), []);
  } finally {
    spare.dispose();
  }
});

test('other Node options fork their own trainer; an idle spare ends after its idle time, and dispose ends it', async () => {
  const spare = new SpareTrainer({ trainerPath: TRAINER });
  try {
    spare.prime();
    const pid = spare.idlePid!;
    const { ratingsFile } = plantedCsv();
    const run = start(request(ratingsFile), { spare, execArgv: ['--max-old-space-size=512'] });
    assert.notEqual(run.session.pid, pid, 'a request with other execArgv does not take the spare');
    assert.equal((await run.result).outcome, 'done');
    assert.equal(spare.idlePid, pid, 'the spare still waits');
    spare.dispose();
    await until('the disposed spare to exit', () => !alive(pid));
  } finally {
    spare.dispose();
  }
  const brief = new SpareTrainer({ trainerPath: TRAINER, idleMs: 300 });
  try {
    brief.prime();
    const pid = brief.idlePid!;
    await until('the idle spare to end', () => !alive(pid));
    assert.equal(brief.idlePid, undefined);
  } finally {
    brief.dispose();
  }
});
