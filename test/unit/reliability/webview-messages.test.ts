/**
 * The extension's boundary with its webviews: parseWebviewMessage accepts exactly the protocol's
 * messages (clamped to PANEL_LIMITS, strings bounded, nothing extra carried through) and never
 * throws on anything else; parsePanelState revives a panel only for run folders inside the allowed
 * roots (no `..`, no absolute escape, no symlink escape), so a crafted state cannot make the host
 * read a run folder elsewhere.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { MAX_MESSAGE_TEXT, parsePanelState, parseWebviewMessage } from '../../../src/protocol/webview-validate';
import { PANEL_LIMITS, type WebviewToHost } from '../../../src/protocol/webview';

const TYPES = ['panel/ready', 'panel/view', 'rows/open', 'query/biases', 'query/suggest', 'query/neighbours', 'query/pca'];

/** Invariants of every accepted message. */
function assertSound(m: WebviewToHost): void {
  assert.ok(TYPES.includes(m.type));
  const strings = JSON.stringify(m).length;
  assert.ok(strings < 4 * MAX_MESSAGE_TEXT + 500, 'bounded');
  if (m.type === 'rows/open') assert.ok(Number.isSafeInteger(m.index) && m.index >= 0);
  if ('messageId' in m) assert.ok(Number.isSafeInteger(m.messageId) && m.messageId >= 0);
  if (m.type === 'query/biases') assert.ok(m.params.top >= 1 && m.params.top <= PANEL_LIMITS.biasesTop && m.params.minCount >= 0);
  if (m.type === 'query/suggest') assert.ok(m.params.limit >= 1 && m.params.limit <= PANEL_LIMITS.suggestions);
  if (m.type === 'query/neighbours') assert.ok(m.params.k >= 1 && m.params.k <= PANEL_LIMITS.neighboursK);
  if (m.type === 'query/pca') assert.ok(m.params.topRated >= 2 && m.params.topRated <= PANEL_LIMITS.pcaPoints);
  if ('params' in m && 'side' in m.params) assert.ok(['items', 'users'].includes(m.params.side));
}

test('the protocol\'s own messages pass, canonicalised and clamped', () => {
  const cases: [unknown, unknown][] = [
    [{ type: 'panel/ready' }, { type: 'panel/ready' }],
    [{ type: 'panel/view', view: 'pca' }, { type: 'panel/view', view: 'pca' }],
    [{ type: 'rows/open', side: 'items', index: 5, label: 'Alien (1979)' }, { type: 'rows/open', side: 'items', index: 5, label: 'Alien (1979)' }],
    [{ type: 'query/biases', messageId: 1, params: { side: 'items', top: 1e9, minCount: -3, filter: 'war' } },
      { type: 'query/biases', messageId: 1, params: { side: 'items', top: PANEL_LIMITS.biasesTop, minCount: 0, filter: 'war' } }],
    [{ type: 'query/suggest', messageId: 2, params: { side: 'users', text: 'ab', limit: 0 } },
      { type: 'query/suggest', messageId: 2, params: { side: 'users', text: 'ab', limit: 1 } }],
    [{ type: 'query/neighbours', messageId: 3, params: { side: 'items', query: 7, metric: 'euclidean', k: 10.6 } },
      { type: 'query/neighbours', messageId: 3, params: { side: 'items', query: 7, metric: 'euclidean', k: 11 } }],
    [{ type: 'query/pca', messageId: 4, params: { side: 'items', topRated: 1000, extra: { evil: true } }, extra: 'dropped' },
      { type: 'query/pca', messageId: 4, params: { side: 'items', topRated: 1000 } }],
  ];
  for (const [raw, expected] of cases) {
    const parsed = parseWebviewMessage(raw);
    assert.ok(parsed.ok, JSON.stringify(parsed));
    assert.deepEqual(parsed.message, expected);
  }
});

test('crafted messages are refused with a reason (and the request id, so the host can reply)', () => {
  const refused: unknown[] = [
    null, 42, 'panel/ready', [], {}, { type: 7 }, { type: 'panel/unknown' }, { type: 'constructor' }, { type: '__proto__' },
    { type: 'toString' }, { type: 'panel/view', view: 'settings' },
    { type: 'rows/open', side: 'items', index: -1, label: 'x' },
    { type: 'rows/open', side: 'items', index: 1.5, label: 'x' },
    { type: 'rows/open', side: 'items', index: NaN, label: 'x' },
    { type: 'rows/open', side: 'files', index: 1, label: 'x' },
    { type: 'rows/open', side: 'items', index: 1, label: { toString: 'x' } },
    { type: 'rows/open', side: 'items', index: 1, label: 'x'.repeat(MAX_MESSAGE_TEXT + 1) },
    { type: 'query/biases', messageId: 9, params: { side: 'items', top: Infinity, minCount: 0 } },
    { type: 'query/biases', messageId: 9, params: { side: 'items', top: '5', minCount: 0 } },
    { type: 'query/biases', messageId: 9, params: null },
    { type: 'query/neighbours', messageId: 9, params: { side: 'items', query: -2, metric: 'cosine', k: 5 } },
    { type: 'query/neighbours', messageId: 9, params: { side: 'items', query: 'x', metric: 'manhattan', k: 5 } },
    { type: 'query/suggest', messageId: 9, params: { side: 'items', text: 42, limit: 5 } },
    { type: 'query/pca', messageId: -1, params: { side: 'items', topRated: 10 } },
    { type: 'query/pca', messageId: '9', params: { side: 'items', topRated: 10 } },
    JSON.parse('{"type":"query/pca","messageId":9,"params":{"__proto__":{"side":"items","topRated":10}}}'),
  ];
  for (const raw of refused) {
    const parsed = parseWebviewMessage(raw);
    assert.equal(parsed.ok, false, `refused: ${JSON.stringify(raw)?.slice(0, 100)}`);
    if (!parsed.ok) assert.ok(parsed.error.length > 0 && parsed.error.length < 200, parsed.error);
  }
  const withId = parseWebviewMessage({ type: 'query/biases', messageId: 9, params: { side: 'evil', top: 5, minCount: 0 } });
  assert.deepEqual(withId.ok ? undefined : withId.messageId, 9, 'a bad request with a good id can still be answered');
});

test('a message carrying __proto__ cannot pollute prototypes', () => {
  const raw = JSON.parse('{"type":"panel/ready","__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}');
  const parsed = parseWebviewMessage(raw);
  assert.ok(parsed.ok);
  assert.deepEqual(Object.keys(parsed.message), ['type']);
  assert.equal(({} as { polluted?: boolean }).polluted, undefined);
});

test('anything at all: never throws; what passes is sound', () => {
  const shaped = fc.record({
    type: fc.constantFrom(...TYPES, 'x', '__proto__'),
    messageId: fc.oneof(fc.integer(), fc.double(), fc.string()),
    view: fc.oneof(fc.constantFrom('loss', 'biases', 'neighbours', 'pca'), fc.string()),
    side: fc.oneof(fc.constantFrom('items', 'users'), fc.string()),
    index: fc.oneof(fc.integer(), fc.double()),
    label: fc.string({ maxLength: 1200 }),
    params: fc.oneof(fc.anything(), fc.record({
      side: fc.constantFrom('items', 'users', 'x'), top: fc.double(), minCount: fc.double(), filter: fc.anything(),
      text: fc.oneof(fc.string(), fc.integer()), limit: fc.double(), query: fc.oneof(fc.string(), fc.integer(), fc.double()),
      metric: fc.constantFrom('cosine', 'euclidean', 'x'), k: fc.double(), topRated: fc.double(),
    }, { requiredKeys: [] })),
  }, { requiredKeys: ['type'] });
  fc.assert(fc.property(fc.oneof(fc.anything(), shaped), (raw) => {
    const parsed = parseWebviewMessage(raw);
    if (parsed.ok) assertSound(parsed.message);
  }), { numRuns: 3000 });
});

test('a saved panel state revives only run folders inside the allowed roots', (t) => {
  const base = realpathSync(mkdtempSync(join(tmpdir(), 'collab-state-')));
  t.after(() => rmSync(base, { recursive: true, force: true }));
  const runs = join(base, 'ws', '.collab', 'runs');
  const run = join(runs, '20261125-190301-dot-ratings');
  mkdirSync(run, { recursive: true });
  const outside = join(base, 'elsewhere', 'run');
  mkdirSync(outside, { recursive: true });
  symlinkSync(outside, join(runs, 'sneaky'));
  const rules = { allowedRoots: [runs], realpath: realpathSync };

  assert.deepEqual(parsePanelState({ target: { runDir: run }, view: 'pca' }, rules), { target: { runDir: run }, view: 'pca' });
  assert.deepEqual(parsePanelState({ target: { compareDirs: [run, run] }, view: 'nonsense' }, rules), { target: { compareDirs: [run, run] }, view: 'loss' });
  assert.deepEqual(parsePanelState({ target: { liveRunId: '20261125-190301-dot-ratings' }, view: 'loss' }, rules)?.target, { liveRunId: '20261125-190301-dot-ratings' });

  const refused: unknown[] = [
    undefined, null, 'x', { view: 'loss' }, { target: {} }, { target: { runDir: 42 } },
    { target: { runDir: outside } },
    { target: { runDir: '/etc' } },
    { target: { runDir: `${runs}/../../../elsewhere/run` } },
    { target: { runDir: 'relative/run' } },
    { target: { runDir: join(runs, 'sneaky') } },
    { target: { compareDirs: [run, outside] } },
    { target: { compareDirs: [] } },
    { target: { compareDirs: Array.from({ length: 50 }, () => run) } },
    { target: { liveRunId: '../../etc' } },
  ];
  for (const raw of refused) assert.equal(parsePanelState(raw, rules), undefined, `refused: ${JSON.stringify(raw)}`);
});
