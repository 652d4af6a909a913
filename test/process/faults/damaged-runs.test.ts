/**
 * Run folders damaged on disk (truncated weights, truncated rows.bin, edited run.json, invalid
 * JSON, a future format version, a missing run.json) through the built CLI: each gives a clear
 * error naming the folder (exit 1, no stack trace), the good run beside them keeps working, the
 * default "newest run" skips the damaged ones, and training into the same folder leaves them be.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, truncateSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI, NEEDS_BUILD, changedEntries, ratingsFile, request, snapshot, trainOk } from './helpers';

function collab(args: string[], cwd: string): { status: number | null; out: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', timeout: 120_000 });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

type Damage = [name: string, damage: (dir: string) => void, message: RegExp];

const DAMAGES: Damage[] = [
  ['truncated-weights', (d) => truncateSync(join(d, 'weights.bin'), Math.floor(statSync(join(d, 'weights.bin')).size / 2)), /damaged.*weights\.bin.*truncated/i],
  ['truncated-rows', (d) => truncateSync(join(d, 'rows.bin'), 10), /damaged.*rows\.bin/i],
  ['invalid-json', (d) => writeFileSync(join(d, 'run.json'), readFileSync(join(d, 'run.json'), 'utf8').slice(0, 200)), /damaged.*not valid JSON/i],
  ['edited-shapes', (d) => {
    const m = JSON.parse(readFileSync(join(d, 'run.json'), 'utf8'));
    m.vocab.items.push('an extra item');
    writeFileSync(join(d, 'run.json'), JSON.stringify(m));
  }, /damaged.*rows for .* items|damaged/i],
  ['edited-factors', (d) => {
    const m = JSON.parse(readFileSync(join(d, 'run.json'), 'utf8'));
    m.config.factors += 1;
    writeFileSync(join(d, 'run.json'), JSON.stringify(m));
  }, /damaged.*factors/i],
  ['future-version', (d) => {
    const m = JSON.parse(readFileSync(join(d, 'run.json'), 'utf8'));
    m.version = 99;
    writeFileSync(join(d, 'run.json'), JSON.stringify(m));
  }, /newer Collab.*Update Collab/i],
  ['no-manifest', (d) => rmSync(join(d, 'run.json')), /not a (Collab )?run/i],
  ['manifest-is-folder', (d) => { rmSync(join(d, 'run.json')); mkdirSync(join(d, 'run.json')); }, /damaged|could not read/i],
  ['weights-is-folder', (d) => { rmSync(join(d, 'weights.bin')); mkdirSync(join(d, 'weights.bin')); }, /damaged|weights\.bin/i],
];

test('damaged run folders: clear errors through the CLI, other runs unaffected', { skip: NEEDS_BUILD, timeout: 600_000 }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'collab-damaged-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const file = ratingsFile(dir, 'small');
  const runsDir = join(dir, '.collab', 'runs');
  const good = await trainOk(request(file, runsDir));
  // Damaged copies sort after the good run, so "newest" would pick them first.
  for (const [name, damage] of DAMAGES) {
    const copy = join(runsDir, `29991231-235959-dot-${name}`);
    cpSync(good, copy, { recursive: true });
    damage(copy);
  }
  const before = snapshot(runsDir);

  for (const [name, , message] of DAMAGES) {
    const r = collab(['biases', join(runsDir, `29991231-235959-dot-${name}`)], dir);
    // A folder with no run.json is not a run at all: a usage error (exit 2); a damaged run is exit 1.
    assert.equal(r.status, name === 'no-manifest' ? 2 : 1, `${name}: exit code\n${r.out}`);
    assert.match(r.out, message, `${name}: ${r.out}`);
    assert.match(r.out, new RegExp(name), `${name}: names the folder`);
    assert.doesNotMatch(r.out, /\n\s+at .+:\d+:\d+/, `${name}: no stack trace\n${r.out}`);
  }
  // The good run, named or as the default newest readable run, still works.
  assert.equal(collab(['biases', good], dir).status, 0);
  const newest = collab(['neighbours', '#5', '-k', '3', '--json'], dir);
  assert.equal(newest.status, 0, newest.out);
  // Training into the same folder works and leaves the damaged folders as they were.
  await trainOk(request(file, runsDir));
  assert.deepEqual(changedEntries(before, snapshot(runsDir)), []);
});

test('weights.bin with flipped bytes (NaN) is reported as damaged, not shown as NaN scores', { skip: NEEDS_BUILD, timeout: 300_000 }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'collab-nan-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const run = await trainOk(request(ratingsFile(dir, 'small'), join(dir, '.collab', 'runs')));
  const weights = readFileSync(join(run, 'weights.bin'));
  weights.fill(0xff, 0, 4096); // the first 1024 floats become NaN
  writeFileSync(join(run, 'weights.bin'), weights);
  const r = collab(['neighbours', run, '--users', '#3', '-k', '3'], dir);
  assert.equal(r.status, 1, r.out);
  assert.match(r.out, /damaged/i);
});
