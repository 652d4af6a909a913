/** The extension host's event-loop watch: a Trace line per interval, and the per-host JSON the e2e run reads. */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type * as vscode from 'vscode';
import { watchHostHealth } from '../../../src/extension/diagnostics/host-health';

test('a sample on dispose: a Trace line, and host-health-<pid>.json with the worst delay', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'collab-host-health-'));
  const lines: string[] = [];
  const log = { trace: (line: string) => lines.push(line) } as unknown as vscode.LogOutputChannel;
  const watch = watchHostHealth(log, dir);
  // Block the loop on purpose so the sample has something to show.
  await new Promise((r) => setTimeout(r, 30));
  const until = performance.now() + 200;
  while (performance.now() < until) { /* busy */ }
  await new Promise((r) => setTimeout(r, 30));
  watch.dispose();
  const file = join(dir, `host-health-${process.pid}.json`);
  for (let i = 0; i < 100 && !existsSync(file); i++) await new Promise((r) => setTimeout(r, 10));
  const written = JSON.parse(readFileSync(file, 'utf8'));
  assert.equal(written.pid, process.pid);
  assert.equal(written.samples.length, 1);
  assert.ok(written.worstMs >= 100, `the 200 ms block shows (${written.worstMs} ms)`);
  assert.equal(lines.length, 1);
  assert.match(lines[0], /worst delay [\d.]+ ms, p99 [\d.]+ ms/);
});
