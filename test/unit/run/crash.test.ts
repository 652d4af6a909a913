/**
 * A save killed for real (SIGKILL in the middle, after the files are written, before the rename):
 * the previous run stays intact and readable, and the next save removes the dead writer's folder.
 * The test forks this same file with `--crash-during-save DIR` to be the process that dies.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { saveRun } from '../../../src/core/run/save';
import { listRuns, loadRun } from '../../../src/core/run/load';
import { tinyRunInput } from './fixtures';

async function crashDuringSave(runsDir: string): Promise<void> {
  await saveRun(runsDir, tinyRunInput('20261125-200000-dot-ratings'), {
    beforeCommit: () => { process.kill(process.pid, 'SIGKILL'); },
  });
}

if (process.argv[2] === '--crash-during-save') {
  void crashDuringSave(process.argv[3]);
} else {
  test('a save killed midway leaves the previous run intact; its temp folder is cleaned by the next save', async (t) => {
    const root = mkdtempSync(join(tmpdir(), 'collab-crash-'));
    t.after(() => rmSync(root, { recursive: true, force: true }));
    const runsDir = join(root, 'runs');
    const good = await saveRun(runsDir, tinyRunInput('20261125-190000-dot-ratings'));
    const goodWeights = readFileSync(join(good.dir, 'weights.bin'));

    const child = fork(__filename, ['--crash-during-save', runsDir], { stdio: 'ignore' });
    const [, signal] = await once(child, 'exit');
    assert.equal(signal, 'SIGKILL');
    assert.deepEqual(readdirSync(runsDir).sort(), ['.tmp-20261125-200000-dot-ratings', good.id], 'the dead save left only its temp folder');
    assert.deepEqual((await listRuns(runsDir)).map((r) => r.id), [good.id]);
    assert.deepEqual(readFileSync(join(good.dir, 'weights.bin')), goodWeights);
    assert.equal((await loadRun(good.dir)).manifest.id, good.id);

    const next = await saveRun(runsDir, tinyRunInput('20261125-210000-dot-ratings'));
    assert.deepEqual(readdirSync(runsDir).sort(), [good.id, next.id].sort(), 'stale temp folder removed');
  });
}
