/** A run's metadata by vocab index through the run service, and the webview's metadata requests checked. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RunService } from '../../../src/run-service/service';
import { parseWebviewMessage } from '../../../src/protocol/webview-validate';
import { GENRES, genreOf } from '../../browser/fixture-run';
import { runWithFiles as withFiles } from '../../browser/meta-fixture';

const runWithFiles = () => withFiles().run;

test('metadata by vocab index: fields offered, values as category positions, unknown rows null', async () => {
  const run = runWithFiles();
  const service = new RunService({ loadRun: async () => run });
  const meta = await service.panelQuery('/r', 'query/metadata', { side: 'items' });
  const genres = meta.fields.find((f) => f.name === 'genres');
  assert.ok(genres?.categories);
  assert.equal(meta.fields.find((f) => f.name === 'year')?.kind, 'numeric');
  const { values } = await service.panelQuery('/r', 'query/metadata-values', { side: 'items', field: 'genres', indices: [0, 5, 2, 999] });
  assert.equal(values[0], null, '#na# has no row');
  assert.equal(values[3], null, 'out of range');
  assert.deepEqual((values[1] as number[]).map((p) => genres.categories![p]), [GENRES[genreOf(5)], 'Drama'], 'every fifth item is also a Drama');
  assert.deepEqual((values[2] as number[]).map((p) => genres.categories![p]), [GENRES[genreOf(2)]]);
  const users = await service.panelQuery('/r', 'query/metadata', { side: 'users' });
  assert.deepEqual(users.fields, [], 'no users file recorded: no user fields');
  await assert.rejects(service.panelQuery('/r', 'query/metadata-values', { side: 'items', field: 'nope', indices: [1] }), /No metadata field/);
});

test('the Data view overview is read from the run\'s ratings file', async () => {
  const run = runWithFiles();
  const service = new RunService({ loadRun: async () => run });
  const o = await service.panelQuery('/r', 'query/data-overview', { users: 5, items: 6 });
  assert.equal(o.crosstab.users.length, 5);
  assert.equal(o.crosstab.items.length, 6);
  assert.ok(o.histogram.length >= 4);
  const cell = o.crosstab.cells.flat().find((c) => c !== null);
  assert.ok(cell && cell.line >= 2);
});

test('webview requests for metadata are checked like the others', () => {
  const ok = parseWebviewMessage({ type: 'query/metadata-values', messageId: 3, params: { side: 'items', field: 'genres', indices: [1, 2], extra: 1 } });
  assert.deepEqual(ok, { ok: true, message: { type: 'query/metadata-values', messageId: 3, params: { side: 'items', field: 'genres', indices: [1, 2] } } });
  const bad = parseWebviewMessage({ type: 'query/metadata-values', messageId: 4, params: { side: 'items', field: 'genres', indices: [-1] } });
  assert.equal(bad.ok, false);
  assert.equal(!bad.ok && bad.messageId, 4);
  assert.equal(parseWebviewMessage({ type: 'query/metadata', messageId: 1, params: { side: 'movies' } }).ok, false);
  const data = parseWebviewMessage({ type: 'query/data-overview', messageId: 5, params: { users: 1e9, items: 2 } });
  assert.ok(data.ok && data.message.type === 'query/data-overview' && data.message.params.users === 40);
  assert.deepEqual(parseWebviewMessage({ type: 'rows/line', line: 12 }), { ok: true, message: { type: 'rows/line', line: 12 } });
  const withMin = parseWebviewMessage({ type: 'query/neighbours', messageId: 6, params: { side: 'items', query: 1, metric: 'cosine', k: 5, minCount: 3.4 } });
  assert.ok(withMin.ok && withMin.message.type === 'query/neighbours' && withMin.message.params.minCount === 3);
});
