/**
 * Saving fails: the disk fills up midway through weights.bin, the runs folder is read-only, the
 * rename fails, or the runs folder path is a file. Each ends in a clear 'io' error, no half run,
 * the previous run untouched. Faults are injected into the trainer with a `--require` preload that
 * wraps node:fs/promises (works anywhere); where this machine allows mounting, a real 2 MB tmpfs
 * and a read-only remount are tried too.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NEEDS_BUILD, assertOnlyCompleteRuns, changedEntries, follow, ratingsFile, request, snapshot, trainOk, within } from './helpers';

/** Preload run in the trainer: makes one fs operation under COLLAB_FAULT_DIR fail as a real one would. */
const PRELOAD = `
const fsp = require('node:fs/promises');
const dir = process.env.COLLAB_FAULT_DIR, op = process.env.COLLAB_FAULT_OP;
const messages = { ENOSPC: 'no space left on device', EROFS: 'read-only file system', EIO: 'i/o error' };
const under = (p) => String(p).startsWith(dir);
function fault(code, syscall, path) {
  const err = new Error(code + ': ' + messages[code] + ', ' + syscall + " '" + path + "'");
  return Object.assign(err, { code, syscall, path, errno: -1 });
}
if (op === 'disk-full') {
  const open = fsp.open;
  fsp.open = async (path, ...rest) => {
    const handle = await open(path, ...rest);
    if (under(path) && /weights\\.bin$/.test(String(path))) {
      const write = handle.write.bind(handle);
      let calls = 0;
      handle.write = async (...args) => { if (++calls > 1) throw fault('ENOSPC', 'write', path); return write(...args); };
    }
    return handle;
  };
} else if (op === 'read-only') {
  for (const name of ['mkdir', 'open', 'writeFile']) {
    const real = fsp[name];
    fsp[name] = async (path, ...rest) => {
      const writing = name !== 'open' || /[wa]/.test(String(rest[0] ?? 'r'));
      if (under(path) && writing) throw fault('EROFS', name, path);
      return real(path, ...rest);
    };
  }
} else if (op === 'rename') {
  const rename = fsp.rename;
  fsp.rename = async (from, to) => { if (under(to)) throw fault('EIO', 'rename', to); return rename(from, to); };
}
`;

interface Setup { dir: string; file: string; runsDir: string; preload: string; before: Map<string, string> }

async function setup(name: string): Promise<Setup> {
  const dir = mkdtempSync(join(tmpdir(), `collab-${name}-`));
  const file = ratingsFile(dir, 'small');
  const runsDir = join(dir, '.collab', 'runs');
  await trainOk(request(file, runsDir));
  const preload = join(dir, 'fault-preload.cjs');
  writeFileSync(preload, PRELOAD);
  return { dir, file, runsDir, preload, before: snapshot(runsDir) };
}

/** Trains with a fault and checks the common promises: an io error, no new or half run, nothing changed. */
async function expectIoError(s: Setup, runsDir: string, options: Parameters<typeof follow>[1], message: RegExp): Promise<string> {
  const f = follow(request(s.file, runsDir), options);
  const result = await within(120_000, 'training with a write fault', f.result);
  if (result.outcome !== 'error') assert.fail(`expected an error, got ${JSON.stringify(result).slice(0, 300)}`);
  assert.equal(result.error.kind, 'io', result.error.message);
  assert.match(result.error.message, message);
  assert.doesNotMatch(result.error.message, /\n\s+at /, 'no stack trace in the message');
  assert.deepEqual(changedEntries(s.before, snapshot(s.runsDir)), [], 'previous run untouched');
  assert.equal((await assertOnlyCompleteRuns(s.runsDir)).length, 1, 'no new run');
  return result.error.message;
}

const faultEnv = (s: Setup, op: string): Parameters<typeof follow>[1] => ({
  execArgv: ['--require', s.preload],
  env: { ...process.env, COLLAB_FAULT_DIR: s.runsDir, COLLAB_FAULT_OP: op },
});

test('disk full while writing weights.bin: clear error, temp folder removed, previous run intact', { skip: NEEDS_BUILD, timeout: 300_000 }, async (t) => {
  const s = await setup('enospc');
  t.after(() => rmSync(s.dir, { recursive: true, force: true }));
  const message = await expectIoError(s, s.runsDir, faultEnv(s, 'disk-full'), /no space left/i);
  console.log(`  disk full: ${message}`);
  assert.deepEqual(readdirSync(s.runsDir).filter((n) => n.startsWith('.tmp-')), [], 'the failed save cleaned up after itself');
  // And once there is space again, training works.
  await trainOk(request(s.file, s.runsDir));
});

test('read-only runs folder: clear error naming the problem', { skip: NEEDS_BUILD, timeout: 300_000 }, async (t) => {
  const s = await setup('erofs');
  t.after(() => rmSync(s.dir, { recursive: true, force: true }));
  const message = await expectIoError(s, s.runsDir, faultEnv(s, 'read-only'), /read-only/i);
  console.log(`  read-only: ${message}`);
});

test('the final rename fails: clear error, no run folder, temp removed', { skip: NEEDS_BUILD, timeout: 300_000 }, async (t) => {
  const s = await setup('rename');
  t.after(() => rmSync(s.dir, { recursive: true, force: true }));
  const message = await expectIoError(s, s.runsDir, faultEnv(s, 'rename'), /i\/o error|EIO/i);
  console.log(`  rename: ${message}`);
  assert.deepEqual(readdirSync(s.runsDir).filter((n) => n.startsWith('.tmp-')), []);
});

test('the runs folder path is a file: clear error', { skip: NEEDS_BUILD, timeout: 300_000 }, async (t) => {
  const s = await setup('notdir');
  t.after(() => rmSync(s.dir, { recursive: true, force: true }));
  const blocker = join(s.dir, 'not-a-folder');
  writeFileSync(blocker, 'a file where the runs folder should be');
  const message = await expectIoError(s, join(blocker, 'runs'), {}, /not-a-folder/);
  console.log(`  runs path is a file: ${message}`);
});

/** Mounts a tmpfs at `dir` (root only); false when this machine does not allow it. */
function mountTmpfs(dir: string, options: string): boolean {
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', dir], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

test('a real full disk and a real read-only mount (tmpfs; skipped where mounting is not allowed)', { skip: NEEDS_BUILD, timeout: 300_000 }, async (t) => {
  const s = await setup('tmpfs');
  t.after(() => rmSync(s.dir, { recursive: true, force: true }));
  const mounted = join(s.dir, 'small-disk');
  mkdirSync(mounted);
  if (!mountTmpfs(mounted, 'size=256k')) {
    t.skip('mount -t tmpfs is not allowed here (needs root)');
    return;
  }
  try {
    // 600 users x 300 items x 64 factors: ~230 KB of weights plus rows.bin does not fit in 256 KB.
    const big = request(s.file, join(mounted, 'runs'), { factors: 64 });
    const full = follow(big);
    const result = await within(120_000, 'training onto a full disk', full.result);
    if (result.outcome !== 'error') assert.fail(`expected a disk-full error, got ${JSON.stringify(result).slice(0, 300)}`);
    console.log(`  real disk full: ${result.error.message}`);
    assert.equal(result.error.kind, 'io');
    assert.match(result.error.message, /no space left/i);
    assert.deepEqual(readdirSync(join(mounted, 'runs')).filter((n) => !n.startsWith('.')), [], 'no run folder');

    execFileSync('mount', ['-o', 'remount,ro', mounted], { stdio: 'ignore' });
    const ro = await within(120_000, 'training onto a read-only mount', follow(request(s.file, join(mounted, 'runs'))).result);
    if (ro.outcome !== 'error') assert.fail(`expected a read-only error, got ${JSON.stringify(ro).slice(0, 300)}`);
    console.log(`  real read-only: ${ro.error.message}`);
    assert.equal(ro.error.kind, 'io');
    assert.match(ro.error.message, /read-only/i);
  } finally {
    execFileSync('umount', [mounted], { stdio: 'ignore' });
  }
  assert.deepEqual(changedEntries(s.before, snapshot(s.runsDir)), []);
});
