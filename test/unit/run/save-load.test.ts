import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync, truncateSync, mkdirSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { saveRun } from '../../../src/core/run/save';
import { loadRun, listRuns, newestRun, RunLoadError } from '../../../src/core/run/load';
import { RUN_FORMAT_VERSION } from '../../../src/core/run/types';
import { tinyRunInput } from './fixtures';

const madeDirs: string[] = [];
after(() => { for (const dir of madeDirs) rmSync(dir, { recursive: true, force: true }); });
const tempRunsDir = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'collab-run-'));
  madeDirs.push(dir);
  return join(dir, '.collab', 'runs');
};

test('a saved run loads back with identical manifest, tensors and source-line index', async () => {
  const runsDir = tempRunsDir();
  const input = tinyRunInput();
  const saved = await saveRun(runsDir, input);
  assert.equal(saved.id, input.id);
  assert.deepEqual(readdirSync(runsDir), [input.id], 'no temporary folder left');
  assert.deepEqual(readdirSync(saved.dir).sort(), ['rows.bin', 'run.json', 'weights.bin']);

  const run = await loadRun(saved.dir);
  assert.equal(run.manifest.version, RUN_FORMAT_VERSION);
  assert.equal(run.manifest.id, input.id);
  assert.deepEqual(run.manifest.vocab, input.manifest.vocab);
  assert.deepEqual(run.manifest.config, input.manifest.config);
  assert.deepEqual(run.manifest.source, input.manifest.source);
  assert.deepEqual(run.manifest.stats, input.manifest.stats);
  for (const t of input.tensors) {
    const back = run.tensors.get(t.name);
    assert.ok(back, t.name);
    assert.deepEqual(back.shape, t.shape);
    assert.deepEqual(back.data, t.data);
  }
  // Item 2 ('Beta...') is rated on lines 3, 6 and 9 (the last one in the valid split).
  assert.ok(run.rows);
  const { itemOffsets, itemLines, userOffsets, userLines } = run.rows;
  assert.deepEqual([...itemLines.subarray(itemOffsets[2], itemOffsets[3])], [3, 6, 9]);
  assert.deepEqual([...userLines.subarray(userOffsets[3], userOffsets[4])], [6, 7]);
  assert.equal(itemOffsets[0], 0);
  assert.equal(itemOffsets[1], 0, '#na# has no rows');
});

test('NaN metrics (an empty validation split) survive the round trip', async () => {
  const runsDir = tempRunsDir();
  const input = tinyRunInput();
  input.manifest.metrics = [{ epoch: 1, trainLoss: 0.5, validMse: NaN, validRmse: NaN, validMae: NaN, seconds: 0.1 }];
  const run = await loadRun((await saveRun(runsDir, input)).dir);
  assert.ok(Number.isNaN(run.manifest.metrics[0].validMse));
  assert.equal(run.manifest.metrics[0].trainLoss, 0.5);
});

test('training statistics are per vocabulary index over the training split', () => {
  const { stats } = tinyRunInput().manifest;
  assert.ok(stats);
  // Item 3 (Gamma) is rated 2 and 5 in training (row 6, rated 4, is in the valid split).
  assert.equal(stats.itemCount[3], 2);
  assert.equal(stats.itemMean[3], 3.5);
  assert.equal(stats.userCount[0], 0);
});

test('a taken id gets a suffix and never replaces the existing run', async () => {
  const runsDir = tempRunsDir();
  const first = await saveRun(runsDir, tinyRunInput('20261125-190301-dot-ratings'));
  const second = await saveRun(runsDir, tinyRunInput('20261125-190301-dot-ratings'));
  assert.equal(second.id, '20261125-190301-dot-ratings-2');
  assert.equal((await loadRun(first.dir)).manifest.id, first.id);
  assert.equal((await loadRun(second.dir)).manifest.id, second.id);
});

test('a save interrupted before the rename leaves no run folder, no temp folder, and the previous run intact', async () => {
  const runsDir = tempRunsDir();
  const good = await saveRun(runsDir, tinyRunInput('20261125-180000-dot-ratings'));
  const before = readFileSync(join(good.dir, 'weights.bin'));
  let sawTemp = false;
  await assert.rejects(saveRun(runsDir, tinyRunInput('20261125-190000-dot-ratings'), {
    beforeCommit: (tempDir) => {
      sawTemp = existsSync(join(tempDir, 'run.json')) && existsSync(join(tempDir, 'weights.bin'));
      throw new Error('simulated crash');
    },
  }), /simulated crash/);
  assert.ok(sawTemp, 'files were complete in the temp folder before the failure');
  assert.deepEqual(readdirSync(runsDir), [good.id]);
  assert.deepEqual(readFileSync(join(good.dir, 'weights.bin')), before);
  assert.equal((await newestRun(runsDir))?.id, good.id);
});

test('a cancelled save (aborted signal midway) leaves nothing behind', async () => {
  const runsDir = tempRunsDir();
  const controller = new AbortController();
  const input = tinyRunInput();
  // Abort while the weights are being handed over: the next checkpoint throws.
  const tensors = input.tensors.map((t, k) => (k === 0 ? { ...t, get data() { controller.abort(); return t.data; } } : t));
  await assert.rejects(saveRun(runsDir, { ...input, tensors }, { signal: controller.signal }), { name: 'AbortError' });
  assert.deepEqual(readdirSync(runsDir), []);
});

test('temporary folders of dead writers are cleaned; a live writer is left alone', async () => {
  const runsDir = tempRunsDir();
  mkdirSync(join(runsDir, '.tmp-20261125-170000-dot-dead'), { recursive: true });
  writeFileSync(join(runsDir, '.tmp-20261125-170000-dot-dead', '.writer'), `2147483646 ${(await import('node:os')).hostname()}\n`);
  mkdirSync(join(runsDir, '.tmp-20261125-170001-dot-live'));
  writeFileSync(join(runsDir, '.tmp-20261125-170001-dot-live', '.writer'), `${process.pid} ${(await import('node:os')).hostname()}\n`);
  const saved = await saveRun(runsDir, tinyRunInput());
  assert.deepEqual(readdirSync(runsDir).sort(), ['.tmp-20261125-170001-dot-live', saved.id].sort());
  assert.deepEqual((await listRuns(runsDir)).map((r) => r.id), [saved.id], 'temp folders are not runs');
});

async function damaged(mutate: (dir: string) => void): Promise<RunLoadError> {
  const runsDir = tempRunsDir();
  const saved = await saveRun(runsDir, tinyRunInput());
  mutate(saved.dir);
  try {
    await loadRun(saved.dir);
  } catch (err) {
    assert.ok(err instanceof RunLoadError, `expected RunLoadError, got ${String(err)}`);
    return err;
  }
  assert.fail('loadRun accepted a damaged run');
}

const editManifest = (dir: string, edit: (m: Record<string, unknown>) => void): void => {
  const m = JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8')) as Record<string, unknown>;
  edit(m);
  writeFileSync(join(dir, 'run.json'), JSON.stringify(m));
};

test('damaged, foreign and future runs give clear errors', async () => {
  let err = await damaged((dir) => writeFileSync(join(dir, 'run.json'), '{"version": 1, "id": "x", '));
  assert.equal(err.problem, 'damaged');
  assert.match(err.message, /damaged: run\.json is not valid JSON/);

  err = await damaged((dir) => truncateSync(join(dir, 'weights.bin'), 40));
  assert.equal(err.problem, 'damaged');
  assert.match(err.message, /weights\.bin is truncated \(40 bytes, expected \d+\)/);

  err = await damaged((dir) => editManifest(dir, (m) => { m.version = RUN_FORMAT_VERSION + 1; }));
  assert.equal(err.problem, 'future');
  assert.match(err.message, /newer Collab .*Update Collab/);

  err = await damaged((dir) => writeFileSync(join(dir, 'run.json'), JSON.stringify({ name: 'some-package', version: '1.0.0' })));
  assert.equal(err.problem, 'foreign');
  assert.match(err.message, /does not hold a Collab run/);

  err = await damaged((dir) => editManifest(dir, (m) => { (m.vocab as { users: string[] }).users.push('extra'); }));
  assert.match(err.message, /tensor 'userWeight' has 4 rows for 5 users/);

  err = await damaged((dir) => truncateSync(join(dir, 'rows.bin'), 12));
  assert.match(err.message, /rows\.bin does not match its checksum/);

  // Without checksums (older or hand-made runs) the structure check still catches a short rows.bin.
  err = await damaged((dir) => { editManifest(dir, (m) => { delete m.checksums; }); truncateSync(join(dir, 'rows.bin'), 12); });
  assert.match(err.message, /rows\.bin does not fit/);

  // Bit rot of the same length: only the checksum can tell.
  err = await damaged((dir) => { const p = join(dir, 'weights.bin'); const b = readFileSync(p); b[0] ^= 0xff; writeFileSync(p, b); });
  assert.equal(err.problem, 'damaged');
  assert.match(err.message, /weights\.bin does not match its checksum/);

  const empty = join(tempRunsDir(), 'nothing');
  mkdirSync(empty, { recursive: true });
  await assert.rejects(loadRun(empty), (e: unknown) => e instanceof RunLoadError && e.problem === 'missing' && /has no run\.json/.test(e.message));
});

test('listRuns lists damaged runs with their error without hiding the others; newestRun skips them', async () => {
  const runsDir = tempRunsDir();
  const older = await saveRun(runsDir, tinyRunInput('20261125-100000-dot-ratings'));
  const newer = await saveRun(runsDir, tinyRunInput('20261125-110000-dot-ratings'));
  truncateSync(join(newer.dir, 'weights.bin'), 8);
  const runs = await listRuns(runsDir);
  assert.deepEqual(runs.map((r) => r.id), [newer.id, older.id]);
  assert.ok(runs[0].error instanceof RunLoadError);
  assert.equal(runs[1].manifest?.id, older.id);
  assert.equal((await newestRun(runsDir))?.id, older.id);
  assert.deepEqual(await listRuns(join(runsDir, 'absent')), []);
});
