/**
 * Out of memory: a trainer capped with `--max-old-space-size` on a file with 800,000 distinct
 * string ids (labels live on the V8 heap; ratings are typed arrays outside it) must end with a
 * clear 'memory' error that suggests what to change, within a bounded time, saving nothing.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NEEDS_BUILD, assertOnlyCompleteRuns, changedEntries, follow, ratingsFile, request, snapshot, trainOk, within } from './helpers';

/** 800k rows, each a new user with a 20-character id: ~100 MB of heap for the labels and their index. */
function manyIdsFile(dir: string): string {
  const out = ['user,item,rating'];
  for (let r = 0; r < 800_000; r++) out.push(`user-${r.toString(36).padStart(8, '0')}-${(r * 7919) % 100_003},${r % 500},${1 + (r % 5)}`);
  const file = join(dir, 'many-ids.csv');
  writeFileSync(file, `${out.join('\n')}\n`);
  return file;
}

test('a trainer out of memory reports it clearly with a suggestion, does not hang, saves nothing', { skip: NEEDS_BUILD, timeout: 300_000 }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'collab-oom-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const runsDir = join(dir, '.collab', 'runs');
  await trainOk(request(ratingsFile(dir, 'tiny'), runsDir));
  const before = snapshot(runsDir);

  const f = follow(request(manyIdsFile(dir), runsDir), { execArgv: ['--max-old-space-size=32'] });
  const started = performance.now();
  const result = await within(120_000, 'out-of-memory trainer', f.result);
  console.log(`  ended after ${((performance.now() - started) / 1000).toFixed(1)} s: ${JSON.stringify(result).slice(0, 300)}`);
  if (result.outcome !== 'error') assert.fail(`expected an error, got ${result.outcome}`);
  assert.equal(result.error.kind, 'memory', result.error.message);
  assert.match(result.error.message, /out of memory/i);
  assert.match(result.error.message, /smaller batch|fewer factors|smaller file/i, 'suggests what to change');
  assert.doesNotMatch(result.error.message, /\n\s+at /, 'no stack trace in the message');
  assert.deepEqual(changedEntries(before, snapshot(runsDir)), []);
  assert.equal((await assertOnlyCompleteRuns(runsDir)).length, 1, 'nothing new saved');
});
