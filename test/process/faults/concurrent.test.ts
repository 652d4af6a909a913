/**
 * Two trainings of the same file into the same runs folder at once, and readers (panels, the
 * runs view) loading the previous run all the while: each training saves its own complete run,
 * and every read of the previous run succeeds with the same bytes.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { listRuns, loadRun } from '../../../src/core/run/load';
import { NEEDS_BUILD, assertOnlyCompleteRuns, follow, ratingsFile, request, trainOk, within } from './helpers';

test('two trainings of one file at once, while the previous run is read in a loop: no interference', { skip: NEEDS_BUILD, timeout: 300_000 }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'collab-concurrent-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const file = ratingsFile(dir, 'small');
  const runsDir = join(dir, '.collab', 'runs');
  const previous = await trainOk(request(file, runsDir, { epochs: 1 }));
  const reference = await loadRun(previous);

  let reads = 0;
  let readerError: unknown;
  let stop = false;
  const reader = (async () => {
    while (!stop) {
      try {
        const run = await loadRun(previous);
        assert.deepEqual(run.tensors.get('itemWeight')?.data, reference.tensors.get('itemWeight')?.data);
        assert.deepEqual(run.manifest, reference.manifest);
        const listed = await listRuns(runsDir);
        assert.ok(listed.every((r) => r.error === undefined), 'listing never shows a half run');
        reads++;
      } catch (err) {
        readerError = err;
        return;
      }
      await new Promise((r) => setTimeout(r, 20));
    }
  })();

  // Same file, same settings, same second: the run ids collide and one must get a suffix.
  const a = follow(request(file, runsDir, { epochs: 3, seed: 1 }));
  const b = follow(request(file, runsDir, { epochs: 3, seed: 2 }));
  const [ra, rb] = await within(180_000, 'two trainings', Promise.all([a.result, b.result]));
  stop = true;
  await reader;
  assert.equal(readerError, undefined, `reads of the previous run failed: ${String(readerError)}`);
  if (ra.outcome !== 'done' || rb.outcome !== 'done') assert.fail(`both finish: ${JSON.stringify([ra, rb]).slice(0, 400)}`);
  assert.notEqual(ra.done.runDir, rb.done.runDir, 'two separate run folders');
  const [runA, runB] = [await loadRun(ra.done.runDir), await loadRun(rb.done.runDir)];
  assert.equal(runA.manifest.config?.seed, 1);
  assert.equal(runB.manifest.config?.seed, 2, 'each folder holds its own training');
  assert.equal((await assertOnlyCompleteRuns(runsDir)).length, 3);
  assert.deepEqual(readdirSync(runsDir).filter((n) => n.startsWith('.tmp-')), []);
  console.log(`  ${reads} reads of the previous run during the two trainings; runs ${ra.done.runId}, ${rb.done.runId}`);
  assert.ok(reads > 0);
});
