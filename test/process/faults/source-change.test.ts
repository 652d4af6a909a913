/**
 * The source file changes or vanishes while a model trains on it: training ends with the data it
 * read, says so in a warning, and the run records the file as it was read (size and hash), so
 * "open rows" never silently points into a different file. Changes during loading end in a clear
 * outcome too (a data error or a warned run), never a crash.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { appendFileSync, mkdtempSync, readFileSync, renameSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadRun } from '../../../src/core/run/load';
import type { TrainerToHost } from '../../../src/protocol/trainer';
import { NEEDS_BUILD, follow, ratingsFile, request, within } from './helpers';

type Change = 'append' | 'replace' | 'delete' | 'truncate';

function change(file: string, how: Change): void {
  if (how === 'append') appendFileSync(file, '999,999,5,1\n'.repeat(1000));
  else if (how === 'replace') { writeFileSync(`${file}.new`, 'userId,movieId,rating\n1,1,1\n'); renameSync(`${file}.new`, file); }
  else if (how === 'delete') rmSync(file);
  else truncateSync(file, 1000);
}

const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');
const warned = (events: { event: TrainerToHost }[]): string[] =>
  events.map((e) => e.event).filter((e): e is Extract<TrainerToHost, { type: 'train/log' }> => e.type === 'train/log' && e.level === 'warn').map((e) => e.message);

for (const how of ['append', 'replace', 'delete', 'truncate'] as const) {
  const done = { append: 'appended to', replace: 'replaced', delete: 'deleted', truncate: 'truncated' }[how];
  test(`source file ${done} during training: the run keeps what was read, with a warning`, { skip: NEEDS_BUILD, timeout: 300_000 }, async (t) => {
    const dir = mkdtempSync(join(tmpdir(), `collab-src-${how}-`));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    const file = ratingsFile(dir, 'small');
    const original = readFileSync(file);
    const f = follow(request(file, join(dir, '.collab', 'runs'), { epochs: 4 }));
    assert.ok(await f.next((e) => e.type === 'train/batch'), 'training started');
    change(file, how);
    const result = await within(120_000, 'training after the change', f.result);
    if (result.outcome !== 'done') assert.fail(`training should finish on what it read: ${JSON.stringify(result).slice(0, 300)}`);
    assert.ok(warned(f.events).some((m) => /changed or vanished/.test(m)), `a warning says so: ${JSON.stringify(warned(f.events))}`);
    const run = await loadRun(result.done.runDir);
    assert.equal(run.manifest.source?.size, original.length, 'size as read');
    assert.equal(run.manifest.source?.sha256, sha256(original), 'hash of the bytes that were read');
    const rows = f.events.find((e) => e.event.type === 'train/dataset')?.event;
    assert.equal(rows?.type === 'train/dataset' && rows.rows, original.toString('utf8').trim().split('\n').length - 1);
  });
}

test('source file truncated while it is being loaded: a clear outcome, never a crash', { skip: NEEDS_BUILD, timeout: 300_000 }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'collab-src-load-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const file = ratingsFile(dir, 'large');
  const f = follow(request(file, join(dir, '.collab', 'runs')));
  assert.ok(await f.next((e) => e.type === 'train/load'), 'loading started');
  truncateSync(file, 5_000_123); // mid-row, while the reader is further back or further on
  const result = await within(180_000, 'training after truncation', f.result);
  console.log(`  truncated while loading -> ${result.outcome}: ${JSON.stringify(result).slice(0, 250)}`);
  if (result.outcome === 'error') {
    assert.notEqual(result.error.kind, 'internal', `a data or io error, not a crash: ${result.error.message}`);
  } else {
    assert.equal(result.outcome, 'done');
    assert.ok(warned(f.events).some((m) => /changed or vanished/.test(m)), 'warned that the file changed');
    await loadRun(result.done.runDir);
  }
});
