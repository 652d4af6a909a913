/**
 * "Add my ratings to the data file" killed at random moments: `collab recommend --profile me
 * --add-to-data --yes` (through bin/collab.js) is SIGKILLed while it reads the file and while it
 * writes; each time the ratings file is byte for byte either the old file or the old file plus the
 * new rows, never a half-written file.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { saveRun } from '../../../src/core/run/save';
import { seededRandom } from '../../../src/core/data/random';
import { plantedRun } from '../../unit/analysis/planted-run';

const CLI = join(resolve(__dirname, '../../../..'), 'bin', 'collab.js');

test('a kill at any moment of the append leaves the ratings file old or new, never half-written', { skip: existsSync(CLI) ? false : 'needs npm run build', timeout: 240_000 }, async () => {
  const root = mkdtempSync(join(tmpdir(), 'collab-append-kill-'));
  try {
    const planted = plantedRun();
    // A ratings file big enough that reading and copying it take a while: ids as the planted run's itemIds.
    const file = join(root, 'ratings.csv');
    const random = seededRandom(3);
    const rows: string[] = ['userId,movieId,rating'];
    for (let r = 0; r < 400_000; r++) rows.push(`u${1 + (r % 30)},${101 + Math.floor(random() * 64)},${1 + Math.floor(random() * 5)}`);
    const before = `${rows.join('\n')}\n`;
    writeFileSync(file, before);
    const { version: _v, id: _i, tensors: _t, ...manifest } = planted.run.manifest;
    const format = { delimiter: ',', hasHeader: true, encoding: 'utf8' as const, bom: false, lineEnding: 'lf' as const, quoted: false };
    const saved = await saveRun(join(root, '.collab', 'runs'), {
      id: 'planted', manifest: { ...manifest, source: { path: file, size: 0, mtimeMs: 0, sha256: '', format, mapping: { user: 0, item: 1, rating: 2 } } },
      tensors: [...planted.run.tensors].map(([name, t]) => ({ name, ...t })),
    });
    mkdirSync(join(root, '.collab', 'profiles'), { recursive: true });
    writeFileSync(join(root, '.collab', 'profiles', 'me.json'), JSON.stringify({
      version: 1, name: 'me', savedAt: '', ratings: [{ item: 'Western 1 (1990)', id: '101', rating: 5 }, { item: 'Space Opera 2 (1991)', id: '122', rating: 1.5 }],
    }));
    const args = [CLI, 'recommend', saved.dir, '--runs', join(root, '.collab', 'runs'), '--profile', 'me', '--add-to-data', '--yes'];
    const after = `${before}collab-me,101,5\ncollab-me,122,1.5\n`;

    // One whole run first: the file it writes, and how long it takes.
    const t0 = Date.now();
    const whole = spawnSync(process.execPath, args, { encoding: 'utf8', cwd: root });
    const span = Date.now() - t0;
    assert.equal(whole.status, 0, whole.stderr);
    assert.equal(readFileSync(file, 'utf8'), after);

    const outcomes = { old: 0, new: 0 };
    const kills = seededRandom(11);
    for (let i = 0; i < 10; i++) {
      writeFileSync(file, before);
      const child = spawn(process.execPath, args, { cwd: root, stdio: 'ignore' });
      const exited = new Promise((res) => child.on('exit', res));
      await new Promise((res) => setTimeout(res, (0.3 + 0.8 * kills()) * span));
      child.kill('SIGKILL');
      await exited;
      const now = readFileSync(file, 'utf8');
      assert.ok(now === before || now === after, `kill ${i}: the file is neither the old nor the new one (${now.length} chars)`);
      outcomes[now === before ? 'old' : 'new']++;
    }
    console.log(`append killed 10 times over ${span} ms runs: ${outcomes.old} left the old file, ${outcomes.new} the new one`);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
