/** The run panel host under a fake `vscode`: handshake, typed replies, errors, rows, live -> saved, revive. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { LoadedRun } from '../../../src/core/run/types';
import type { HostToWebview, WebviewToHost } from '../../../src/protocol/webview';
import { fixtureRun } from '../../browser/fixture-run';
import { fake, installFakeVscode, type FakePanel } from './fake-vscode';

installFakeVscode();

const run = fixtureRun();
/** The same run without bias tensors (as an NN model has none). */
const noBiases: LoadedRun = { ...run, dir: '/runs/nn', tensors: new Map([...run.tensors].filter(([name]) => !name.endsWith('Bias'))) };
const loadRun = async (dir: string): Promise<LoadedRun> => {
  if (dir === run.dir) return run;
  if (dir === noBiases.dir) return noBiases;
  throw new Error(`No run in ${dir}.`);
};

async function setup() {
  const { registerRunPanels } = await import('../../../src/extension/panels/index');
  const { RunService } = await import('../../../src/run-service/service');
  const reveals: unknown[] = [];
  const context = { extensionUri: { path: '/ext' } } as never;
  const panels = registerRunPanels(context, { revealRows: async (r) => { reveals.push(r); }, runs: new RunService({ loadRun }) });
  return { panels, reveals };
}

/** Sends a webview message and waits for the host's async handling. */
async function send(panel: FakePanel, message: WebviewToHost): Promise<HostToWebview[]> {
  const before = panel.posted.length;
  panel.received.fire(message);
  for (let i = 0; i < 50 && panel.posted.length === before; i++) await new Promise((r) => setTimeout(r, 5));
  return panel.posted.slice(before) as HostToWebview[];
}

test('a saved run: strict HTML, init on ready, typed replies, error replies, rows revealed', async () => {
  const { panels, reveals } = await setup();
  panels.show({ runDir: run.dir }, 'biases');
  const panel = fake.panels.at(-1)!;
  assert.match(panel.webview.html, /default-src 'none'/);
  assert.match(panel.webview.html, /script-src 'nonce-/);
  assert.doesNotMatch(panel.webview.html, /unsafe-eval|unsafe-inline/);
  assert.deepEqual((panel.options as { localResourceRoots: { path: string }[] }).localResourceRoots.map((u) => u.path), ['/ext/dist/webview']);

  const [init] = await send(panel, { type: 'panel/ready' });
  assert.equal(init.type, 'panel/init');
  if (init.type !== 'panel/init') return;
  assert.equal(init.view, 'biases');
  assert.deepEqual(init.target, { runDir: run.dir });
  assert.equal(init.series.metrics.length, 5);

  const [reply] = await send(panel, { type: 'query/neighbours', messageId: 7, params: { side: 'items', query: 'Heist 8', metric: 'cosine', k: 3 } });
  assert.equal(reply.type, 'reply');
  if (reply.type !== 'reply' || !reply.ok) throw new Error('expected an ok reply');
  assert.equal(reply.inReplyTo, 7);
  assert.equal((reply.result as { neighbours: unknown[] }).neighbours.length, 3);

  panels.show({ runDir: noBiases.dir });
  const nn = fake.panels.at(-1)!;
  const [failure] = await send(nn, { type: 'query/biases', messageId: 8, params: { side: 'items', top: 5, minCount: 0 } });
  assert.ok(failure.type === 'reply' && !failure.ok && failure.inReplyTo === 8 && /No item biases/.test(failure.error), JSON.stringify(failure));
  // Bad params get an error reply; an unknown message without an id is ignored, not thrown.
  const [bad] = await send(nn, { type: 'query/suggest', messageId: 9, params: { side: 'items', text: 42, limit: 5 } } as never);
  assert.ok(bad.type === 'reply' && !bad.ok && bad.inReplyTo === 9, JSON.stringify(bad));
  nn.received.fire({ type: 'query/nope' } as never);

  panel.received.fire({ type: 'rows/open', side: 'items', index: 4, label: run.manifest.vocab.items[4] });
  for (let i = 0; i < 50 && reveals.length === 0; i++) await new Promise((r) => setTimeout(r, 5));
  assert.deepEqual(reveals[0], { runDir: run.dir, file: '/data/ratings.csv', side: 'items', index: 4, label: run.manifest.vocab.items[4], lines: [6, 207, 408, 609, 810, 1011], total: 6 });

  // One panel per run: showing it again reveals the same panel.
  const count = fake.panels.length;
  panels.show({ runDir: run.dir });
  assert.equal(fake.panels.length, count);
  assert.equal(panel.revealed, 1);
  panels.dispose();
});

test('a live run: history replayed, events forwarded, then the panel becomes the saved run', async () => {
  const { panels } = await setup();
  panels.postTrainerEvent('live-1', { type: 'train/started', runId: 'live-1', pid: 1 });
  panels.postTrainerEvent('live-1', { type: 'train/epoch', totalEpochs: 2, metrics: { epoch: 1, trainLoss: 1, validMse: 1, validRmse: 1, validMae: 1, seconds: 1 } });
  panels.show({ liveRunId: 'live-1', title: 'ratings.csv' });
  const panel = fake.panels.at(-1)!;
  const [init] = await send(panel, { type: 'panel/ready' });
  assert.ok(init.type === 'panel/init' && init.run.status === 'training' && init.series.metrics.length === 1);

  panels.postTrainerEvent('live-1', { type: 'train/batch', epoch: 2, batch: 0, batchesPerEpoch: 4, step: 5, totalSteps: 8, smoothLoss: 0.9, lr: 0.001 });
  assert.deepEqual((panel.posted.at(-1) as HostToWebview).type, 'train/event');
  const [noModel] = await send(panel, { type: 'query/biases', messageId: 1, params: { side: 'items', top: 5, minCount: 0 } });
  assert.ok(noModel.type === 'reply' && !noModel.ok);

  const before = panel.posted.length;
  panels.postTrainerEvent('live-1', { type: 'train/saved', runId: 'live-1', runDir: run.dir });
  for (let i = 0; i < 50 && panel.posted.length === before; i++) await new Promise((r) => setTimeout(r, 5));
  const switched = panel.posted.at(-1) as HostToWebview;
  assert.ok(switched.type === 'panel/init' && switched.run.status === 'trained' && 'runDir' in switched.target);
  // The per-batch curve watched live is kept.
  assert.ok(switched.type === 'panel/init' && switched.series.batches.some((b) => b.smoothLoss === 0.9));
  // The saved run's panel is this one.
  const count = fake.panels.length;
  panels.show({ runDir: run.dir });
  assert.equal(fake.panels.length, count);
  panels.dispose();
});

test('the serializer revives a saved run from the webview state; a missing run gets a failed init', async () => {
  const { panels } = await setup();
  const serializer = fake.serializers.get('collab.runPanel')!;
  const { FakePanel } = await import('./fake-vscode');
  const restored = new FakePanel('collab.runPanel', 'old', {});
  await serializer.deserializeWebviewPanel(restored, { view: 'pca', target: { runDir: run.dir } });
  assert.match(restored.webview.html, /nonce-/);
  const [init] = await send(restored, { type: 'panel/ready' });
  assert.ok(init.type === 'panel/init' && init.run.status === 'trained');

  const gone = new FakePanel('collab.runPanel', 'old', {});
  await serializer.deserializeWebviewPanel(gone, { view: 'loss', target: { runDir: '/data/.collab/runs/gone' } });
  const [failed] = await send(gone, { type: 'panel/ready' });
  assert.ok(failed.type === 'panel/init' && failed.run.status === 'failed' && /No run in/.test(failed.run.error ?? ''));

  // A state naming a folder outside the workspace is not revived.
  const outside = new FakePanel('collab.runPanel', 'old', {});
  await serializer.deserializeWebviewPanel(outside, { view: 'loss', target: { runDir: '/etc' } });
  assert.equal(outside.isDisposed, true);
  assert.equal(outside.webview.html, '');
  panels.dispose();
});

test('show with a query opens Neighbours on that label', async () => {
  const { panels } = await setup();
  panels.show({ runDir: run.dir }, undefined, { query: 'Heist 8' });
  const panel = fake.panels.at(-1)!;
  const [init] = await send(panel, { type: 'panel/ready' });
  assert.ok(init.type === 'panel/init' && init.view === 'neighbours' && init.query === 'Heist 8');
  panels.show({ runDir: run.dir }, undefined, { query: 'Western 5' });
  const shown = panel.posted.at(-1) as HostToWebview;
  assert.deepEqual(shown, { type: 'panel/show', view: 'neighbours', query: 'Western 5' });
  panels.dispose();
});

test('a saved run with a batch history: its init carries the batch points; queries reuse the one loaded run', async () => {
  const { registerRunPanels } = await import('../../../src/extension/panels/index');
  const { RunService } = await import('../../../src/run-service/service');
  const history = { step: [1, 5, 10], loss: [1.5, 1.1, 0.9], lr: [1e-4, 5e-3, 1e-5], totalSteps: 10, batchesPerEpoch: 2 };
  const withHistory: LoadedRun = { ...run, dir: '/runs/with-history', manifest: { ...run.manifest, history } };
  let loads = 0;
  const runs = new RunService({ loadRun: async () => { loads++; return withHistory; } });
  const context = { extensionUri: { path: '/ext' } } as never;
  const panels = registerRunPanels(context, { revealRows: async () => undefined, runs });
  panels.show({ runDir: withHistory.dir });
  const panel = fake.panels.at(-1)!;
  const [init] = await send(panel, { type: 'panel/ready' });
  assert.ok(init.type === 'panel/init');
  assert.deepEqual(init.series.batches, [{ x: 0.5, smoothLoss: 1.5, lr: 1e-4 }, { x: 2.5, smoothLoss: 1.1, lr: 5e-3 }, { x: 5, smoothLoss: 0.9, lr: 1e-5 }]);
  const [reply] = await send(panel, { type: 'query/suggest', messageId: 3, params: { side: 'items', text: 'heist', limit: 10 } });
  assert.ok(reply.type === 'reply' && reply.ok);
  assert.equal(loads, 1, 'init and the query shared one loaded run');
  panels.dispose();
});
