/**
 * Projections through the run service, in-process and through its worker thread: layouts arrive
 * progressively and then the reply; a second request with the same token, or cancelProjection,
 * stops the first; saved views round-trip through the run folder and bad ones are refused; CSV and
 * neighbours of a selection's mean.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import { RunServiceClient } from '../../../src/run-service/client';
import { RunService } from '../../../src/run-service/service';
import type { ProjectFrame, ProjectParams, SavedView } from '../../../src/protocol/projection';
import { parseWebviewMessage } from '../../../src/protocol/webview-validate';
import { savedFixture } from '../run-service/saved-fixture';

const WORKER = join(resolve(__dirname, '../../../..'), 'dist', 'run-worker.js');
const skip = existsSync(WORKER) ? false : 'dist/run-worker.js is missing: run `npm run build`';

const umap: ProjectParams = { method: 'umap', side: 'items', top: 120, seed: 5 };

test('in-process: frames on the way (labels first, then coordinates), then the final layout; same seed, same answer', async () => {
  const { dir } = await savedFixture({ items: 150, users: 90 });
  const service = new RunService();
  const frames: ProjectFrame[] = [];
  const result = await service.project(dir, { ...umap, tsne: undefined }, 't1', (f) => frames.push(f));
  assert.ok(frames.length >= 1);
  assert.equal(frames[0].rows?.length, 120);
  assert.ok(frames.slice(1).every((f) => f.rows === undefined && f.coords.length === 240));
  assert.equal(frames[0].phase, 'neighbours');
  assert.equal(result.points.length, 120);
  assert.deepEqual(result.axes, ['UMAP 1', 'UMAP 2']);
  assert.ok(result.points.every((p) => Number.isFinite(p.x) && Number.isFinite(p.y) && typeof p.label === 'string'));
  const again = await service.project(dir, umap, 't2');
  assert.deepEqual(again.points, result.points);
});

test('in-process: a new request with the same token cancels the first; cancelProjection stops one', async () => {
  const { dir } = await savedFixture({ items: 150, users: 90 });
  const service = new RunService();
  const first = service.project(dir, { method: 'tsne', side: 'items', top: 140, seed: 1 }, 'panel', () => undefined);
  const second = service.project(dir, { method: 'pca', side: 'items', top: 50, seed: 1 }, 'panel');
  await assert.rejects(first, { name: 'AbortError' });
  assert.equal((await second).points.length, 50);
  let frames = 0;
  const third = service.project(dir, { method: 'tsne', side: 'items', top: 140, seed: 1 }, 'other', () => { if (++frames === 1) void service.cancelProjection('other'); });
  await assert.rejects(third, { name: 'AbortError' });
});

test('bad settings are refused with the field named', async () => {
  const { dir } = await savedFixture({ items: 40, users: 30 });
  const service = new RunService();
  await assert.rejects(service.project(dir, { method: 'nope' as never, side: 'items', top: 20, seed: 1 }, 'x'), /Projection settings: projection.method/);
  await assert.rejects(service.project(dir, { method: 'custom', side: 'items', top: 20, seed: 1 }, 'x'), /custom projection needs/);
});

test('through the worker: frames arrive before the reply; closing the panel (cancel) stops it', { skip }, async () => {
  const { dir } = await savedFixture({ items: 150, users: 90 });
  const client = new RunServiceClient({ workerPath: WORKER });
  try {
    const frames: ProjectFrame[] = [];
    const result = await client.project(dir, { method: 'tsne', side: 'items', top: 140, seed: 2 }, 'w1', (f) => frames.push(f));
    assert.ok(frames.length >= 1 && frames[0].rows?.length === 140);
    assert.equal(result.points.length, 140);
    assert.deepEqual(result, await new RunService().project(dir, { method: 'tsne', side: 'items', top: 140, seed: 2 }, 'local'));
    let seen = 0;
    const stopped = client.project(dir, { method: 'tsne', side: 'items', top: 140, seed: 2 }, 'w2', () => { if (++seen === 1) void client.cancelProjection('w2'); });
    await assert.rejects(stopped, { name: 'AbortError' });
  } finally {
    client.dispose();
  }
});

test('saved views: save, list, load; a damaged file is listed with its error; names are checked', async () => {
  const { dir } = await savedFixture({ items: 60, users: 30 });
  const service = new RunService();
  const view: SavedView = {
    version: 1, name: 'Westerns up close', savedAt: '',
    projection: { method: 'custom', side: 'items', top: 50, seed: 3, custom: { x: { kind: 'direction', from: { kind: 'search', text: 'west' }, to: { kind: 'metadata', field: 'genres', value: 'Drama' } }, y: { kind: 'component', component: 1 } } },
    display: { colour: 'count', colourBy: { field: 'genres' } }, zoom: { x: [-1, 1], y: [0, 2] }, selection: [3, 4],
  };
  assert.deepEqual(await service.projectionQuery(dir, 'views/save', { view: { ...view, extra: 'dropped' } as SavedView }), { name: view.name });
  const file = join(dir, 'views', 'Westerns up close.json');
  assert.ok(!('extra' in JSON.parse(readFileSync(file, 'utf8'))));
  const { view: loaded } = await service.projectionQuery(dir, 'views/load', { name: view.name });
  assert.deepEqual({ ...loaded, savedAt: '' }, view);
  assert.match(loaded.savedAt, /^\d{4}-/);
  writeFileSync(join(dir, 'views', 'broken.json'), '{"version":1,"name":"broken","projection":{"method":"umap","side":"sideways"}}');
  const { views } = await service.projectionQuery(dir, 'views/list', {});
  assert.deepEqual(views.map((v) => v.name).sort(), ['Westerns up close', 'broken']);
  assert.match(views.find((v) => v.name === 'broken')!.error!, /projection.side/);
  await assert.rejects(service.projectionQuery(dir, 'views/save', { view: { ...view, name: '../escape' } }), /view name/);
  await assert.rejects(service.projectionQuery(dir, 'views/load', { name: 'nope' }), /No saved view 'nope'/);
});

test('CSV with labels and facts, metadata columns from the resolver; neighbours of a selection mean', async () => {
  const { dir, run } = await savedFixture({ items: 60, users: 30 });
  const service = new RunService({ projectionMetadata: () => ({ columns: (_side, i) => ({ genres: i % 2 ? 'Comedy|Drama' : 'Western' }) }) });
  const { csv } = await service.projectionQuery(dir, 'projection/csv', { side: 'items', points: [{ index: 3, x: 1.5, y: -2 }, { index: 4, x: 0, y: 0.25 }] });
  const lines = csv.trim().split('\n');
  assert.equal(lines[0], 'index,label,x,y,bias,count,mean,genres');
  assert.ok(lines[1].startsWith('3,'));
  assert.ok(lines[1].includes(',1.5,-2,'));
  assert.ok(lines[1].endsWith(',Comedy|Drama'));
  const labels = run.manifest.vocab.items;
  assert.ok(csv.includes(labels[3].includes(',') ? `"${labels[3]}"` : labels[3]));
  const { neighbours } = await service.projectionQuery(dir, 'query/mean-neighbours', { side: 'items', rows: [3, 4], k: 5 });
  assert.equal(neighbours.length, 5);
  await assert.rejects(service.projectionQuery(dir, 'query/mean-neighbours', { side: 'items', rows: [], k: 5 }), /Select some points/);
});

test('webview messages: projection requests are bounded; unknown fields dropped', () => {
  const ok = parseWebviewMessage({ type: 'query/project', messageId: 3, params: { method: 'umap', side: 'items', top: 100, seed: 1, evil: () => 1 } });
  assert.ok(ok.ok);
  const bad = parseWebviewMessage({ type: 'projection/export', messageId: 4, params: { format: 'exe', side: 'items', suggestedName: 'x' } });
  assert.deepEqual(bad, { ok: false, error: 'projection/export: format must be one of png, svg, csv', messageId: 4 });
  const many = parseWebviewMessage({ type: 'query/mean-neighbours', messageId: 5, params: { side: 'items', rows: Array(20000).fill(1), k: 5 } });
  assert.equal(many.ok, false);
  const pca = parseWebviewMessage({ type: 'query/pca', messageId: 6, params: { side: 'items', topRated: 10, subset: [1, 2, 3] } });
  assert.ok(pca.ok && pca.message.type === 'query/pca' && pca.message.params.subset?.length === 3);
});
