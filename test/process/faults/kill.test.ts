/**
 * The trainer is SIGKILLed (as the OOM killer or a crash would) at random moments of loading,
 * training and saving. Each time: the host reports it, no half-written run folder is visible,
 * the previous run of the same file is byte-for-byte intact and still loads, and a retry works.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { watch, mkdtempSync, rmSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadRun } from '../../../src/core/run/load';
import type { TrainerToHost } from '../../../src/protocol/trainer';
import {
  NEEDS_BUILD, assertOnlyCompleteRuns, changedEntries, follow, ratingsFile, request, seeded, sleep, snapshot, trainOk, within,
  type Followed,
} from './helpers';

type Moment = 'loading' | 'training' | 'saving' | 'anytime';

/** Waits for the moment to come, then a random extra delay; false if training ended first. */
async function reach(f: Followed, moment: Moment, runsDir: string, random: () => number, span: number): Promise<boolean> {
  const alive = (): boolean => f.session.pid !== undefined && !f.events.some((e) => ['train/done', 'train/error', 'train/cancelled'].includes(e.event.type));
  if (moment === 'anytime') {
    await sleep(random() * span);
    return alive();
  }
  if (moment === 'saving') {
    // The save starts by creating `.tmp-<id>`; kill while it is being filled. (Other `.tmp-` names
    // come and go as the save first removes the temporary folders of earlier killed runs.)
    const started = await f.next((e) => e.type === 'train/started');
    if (!started || started.type !== 'train/started') return false;
    const watcher = watch(runsDir);
    try {
      const appeared = new Promise<boolean>((res) => {
        watcher.on('change', (_kind, name) => { if (String(name).startsWith(`.tmp-${started.runId}`)) res(true); });
        void f.result.then(() => res(false));
      });
      if (!(await appeared)) return false;
    } finally {
      watcher.close();
    }
    await sleep(random() * 40);
    return alive();
  }
  const type: TrainerToHost['type'] = moment === 'loading' ? 'train/load' : 'train/batch';
  if (!(await f.next((e) => e.type === type))) return false;
  await sleep(random() * (moment === 'loading' ? 400 : 1500));
  return alive();
}

test('SIGKILL while loading, training or saving: reported, nothing half-written, previous run intact, retry works', { skip: NEEDS_BUILD, timeout: 900_000 }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'collab-kill-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const file = ratingsFile(dir, 'large');
  const runsDir = join(dir, '.collab', 'runs');
  // Enough factors that the save writes megabytes, so a kill can land inside it.
  const req = request(file, runsDir, { epochs: 1, factors: 48 });

  const t0 = performance.now();
  const previous = await trainOk(req);
  const span = performance.now() - t0;
  const before = snapshot(runsDir);
  const previousWeights = (await loadRun(previous)).tensors.get('itemWeight')?.data;

  const random = seeded(20261125);
  const moments: Moment[] = ['loading', 'training', 'saving', 'anytime', 'loading', 'training', 'saving', 'anytime'];
  const report: string[] = [];
  for (const moment of moments) {
    const f = follow(req);
    const hit = await reach(f, moment, runsDir, random, span);
    const at = performance.now() - f.started;
    if (hit && f.session.pid) process.kill(f.session.pid, 'SIGKILL');
    const result = await within(30_000, 'result after SIGKILL', f.result);
    report.push(`${moment} @${at.toFixed(0)} ms -> ${result.outcome}`);
    if (hit) {
      // Killed before it said it was done: the host must say so (unless it had just finished).
      if (result.outcome === 'error') {
        assert.equal(result.signal, 'SIGKILL');
        assert.match(result.error.message, /killed \(SIGKILL\)|nothing was saved/i, result.error.message);
      } else {
        assert.equal(result.outcome, 'done', `a kill after the save completed may still report done: ${JSON.stringify(result)}`);
      }
    }
    // Nothing already saved changed, and every visible run folder is complete.
    assert.deepEqual(changedEntries(before, snapshot(runsDir)), [], `after a kill ${moment}: saved files unchanged`);
    await assertOnlyCompleteRuns(runsDir);
    assert.deepEqual((await loadRun(previous)).tensors.get('itemWeight')?.data, previousWeights);
  }
  console.log(`  kills: ${report.join('; ')}`);

  // A retry after all that works, and removes the temporary folders the killed saves left.
  const retry = await trainOk(req);
  await loadRun(retry);
  assert.deepEqual(readdirSync(runsDir).filter((n) => n.startsWith('.tmp-')), [], 'stale temporary folders cleaned');
  assert.deepEqual(changedEntries(before, snapshot(runsDir)), []);
});
