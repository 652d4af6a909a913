/**
 * A panel's queries with crafted parameters (what a compromised or buggy webview could send):
 * every answer is bounded by PANEL_LIMITS or refused with an Error, never a hang, never every row.
 * The host side answers from the panel's own run only: no parameter names a path.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { saveRun } from '../../../src/core/run/save';
import { loadRun } from '../../../src/core/run/load';
import { PanelQueries } from '../../../src/run-service/panel-queries';
import { PANEL_LIMITS, type PanelRequestType } from '../../../src/protocol/webview';
import { tinyRunInput } from '../run/fixtures';

const dir = mkdtempSync(join(tmpdir(), 'collab-queries-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

async function queries(): Promise<PanelQueries> {
  const saved = await saveRun(join(dir, 'runs'), tinyRunInput());
  return new PanelQueries(await loadRun(saved.dir));
}

const HUGE = [1e9, -1e9, Infinity, -Infinity, NaN, 1.5, -0, 2 ** 53];
const STRINGS = ['', ' ', '<img src=x onerror=alert(1)>', '../../../etc/passwd', '\u202e', 'x'.repeat(100_000), '__proto__', 'constructor'];
const crafted: [PanelRequestType, Record<string, unknown>][] = [
  ...HUGE.map((n): [PanelRequestType, Record<string, unknown>] => ['query/biases', { side: 'items', top: n, minCount: n }]),
  ...HUGE.map((n): [PanelRequestType, Record<string, unknown>] => ['query/neighbours', { side: 'items', query: n, metric: 'cosine', k: n }]),
  ...HUGE.map((n): [PanelRequestType, Record<string, unknown>] => ['query/pca', { side: 'items', topRated: n }]),
  ...HUGE.map((n): [PanelRequestType, Record<string, unknown>] => ['query/suggest', { side: 'items', text: 'a', limit: n }]),
  ...STRINGS.map((s): [PanelRequestType, Record<string, unknown>] => ['query/neighbours', { side: 'items', query: s, metric: 'euclidean', k: 5 }]),
  ...STRINGS.map((s): [PanelRequestType, Record<string, unknown>] => ['query/suggest', { side: 'users', text: s, limit: 5 }]),
  ...STRINGS.map((s): [PanelRequestType, Record<string, unknown>] => ['query/biases', { side: 'items', top: 5, minCount: 0, filter: s }]),
  ...['evil', '__proto__', 'constructor', '', 42, null].map((side): [PanelRequestType, Record<string, unknown>] => ['query/biases', { side, top: 5, minCount: 0 }]),
  ['query/neighbours', { side: 'items', query: { toString: null }, metric: 'cosine', k: 5 }],
  ['query/neighbours', { side: 'items', query: 'Alpha', metric: 'manhattan', k: 5 }],
  ['query/suggest', { side: 'items', text: 42, limit: 5 }],
  ['query/pca', {}],
  ['query/biases', {}],
];

test('crafted query parameters are answered within PANEL_LIMITS or refused with an Error', async () => {
  const q = await queries();
  for (const [type, params] of crafted) {
    const what = `${type} ${JSON.stringify(params)?.slice(0, 120)}`;
    let result: unknown;
    try {
      result = q.answer(type, params as never);
    } catch (err) {
      assert.ok(err instanceof Error, `${what}: throws an Error (the host turns it into an error reply)`);
      continue;
    }
    const json = JSON.stringify(result) ?? '';
    assert.ok(json.length < 300_000, `${what}: bounded reply (${json.length} chars)`);
    const r = result as { highest?: unknown[]; lowest?: unknown[]; neighbours?: unknown[]; points?: unknown[]; labels?: unknown[] };
    assert.ok((r.highest?.length ?? 0) <= PANEL_LIMITS.biasesTop && (r.lowest?.length ?? 0) <= PANEL_LIMITS.biasesTop, what);
    assert.ok((r.neighbours?.length ?? 0) <= PANEL_LIMITS.neighboursK, what);
    assert.ok((r.points?.length ?? 0) <= PANEL_LIMITS.pcaPoints, what);
    assert.ok((r.labels?.length ?? 0) <= PANEL_LIMITS.suggestions, what);
  }
});

test('rows of a crafted label index: only that label\'s lines, never all rows', async () => {
  const q = await queries();
  // Item 2 ('Beta...') is on lines 3, 6 and 9 of the tiny run.
  assert.deepEqual(q.rows('items', 2).lines, [3, 6, 9]);
  for (const index of [-1, 1.5, NaN, Infinity, 1e9, 4, 2 ** 31]) {
    let lines: number[] = [];
    try {
      lines = q.rows('items', index).lines;
    } catch (err) {
      assert.ok(err instanceof Error);
    }
    assert.deepEqual(lines, [], `index ${index}: no lines`);
  }
  for (const side of ['evil', '__proto__'] as never[]) {
    let lines: number[] = [];
    try { lines = q.rows(side, 1).lines; } catch { lines = []; }
    assert.ok(lines.length < 8, `side ${String(side)}: not every one of the 8 rows`);
  }
});
