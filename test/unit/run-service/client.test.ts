/**
 * The run service through its worker thread (dist/run-worker.js), as the extension uses it: same
 * answers as in-process, errors with their problem, a dead worker fails its calls and restarts.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import { RUN_FILES } from '../../../src/core/run/types';
import { RunServiceClient, RunServiceError } from '../../../src/run-service/client';
import { RunService } from '../../../src/run-service/service';
import { itemTitle } from '../../browser/fixture-run';
import { savedFixture } from './saved-fixture';

/** Repository root (tests run from out/test/unit/run-service/). */
const WORKER = join(resolve(__dirname, '../../../..'), 'dist', 'run-worker.js');
const skip = existsSync(WORKER) ? false : 'dist/run-worker.js is missing: run `npm run build`';

test('answers through the worker equal the in-process service', { skip }, async () => {
  const { dir, runsDir } = await savedFixture({ items: 150, users: 90 });
  const client = new RunServiceClient({ workerPath: WORKER });
  const local = new RunService();
  try {
    assert.deepEqual(await client.list([runsDir]), await local.list([runsDir]));
    assert.deepEqual(await client.panelInit(dir), await local.panelInit(dir));
    const pca = { side: 'items', topRated: 100 } as const;
    assert.deepEqual(await client.panelQuery(dir, 'query/pca', pca), await local.panelQuery(dir, 'query/pca', pca));
    const hover = { file: 'source', text: `3,${itemTitle(6, 151)},4`, line: 1, character: 4, k: 5 } as const;
    const localHover = await local.hover(dir, hover);
    assert.equal(localHover?.side, 'items');
    assert.deepEqual(await client.hover(dir, hover), localHover);
    assert.deepEqual(await client.similar(dir, 'heist', 7), await local.similar(dir, 'heist', 7));
    // Calls in parallel are matched to their own replies.
    const texts = ['wes', 'rom', 'spa', 'hei'];
    const replies = await Promise.all(texts.map((text) => client.panelQuery(dir, 'query/suggest', { side: 'items', text, limit: 3 })));
    replies.forEach((reply, i) => assert.ok(reply.labels.every((l) => l.label.toLowerCase().includes(texts[i])), texts[i]));
  } finally {
    client.dispose();
  }
});

test('errors keep their message and RunLoadError problem; a shut-down client refuses calls', { skip }, async () => {
  const { dir } = await savedFixture({ items: 20, users: 20 });
  truncateSync(join(dir, RUN_FILES.weights), 100);
  const client = new RunServiceClient({ workerPath: WORKER });
  await assert.rejects(client.open(dir), (e: unknown) => e instanceof RunServiceError && e.problem === 'damaged' && /truncated/.test(e.message));
  await assert.rejects(client.open(join(dir, 'nope')), (e: unknown) => e instanceof RunServiceError && e.problem === 'missing');
  client.dispose();
  await assert.rejects(client.list([dir]), /shut down/);
});

test('sniff in the worker: the same result as in-process; a DataError keeps its code and line for Go to Line', { skip }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'collab-sniff-'));
  const good = join(dir, 'ratings.csv');
  writeFileSync(good, ['userId,movieId,rating,timestamp', ...Array.from({ length: 40 }, (_, i) => `${1 + (i % 7)},${10 + (i % 11)},${1 + (i % 5)},${874965758 + i}`)].join('\n'));
  const empty = join(dir, 'empty.csv');
  writeFileSync(empty, '');
  const client = new RunServiceClient({ workerPath: WORKER });
  try {
    assert.deepEqual(await client.sniff(good), await new RunService().sniff(good));
    assert.deepEqual((await client.sniff(good)).mapping, { user: 0, item: 1, rating: 2, timestamp: 3 });
    await assert.rejects(client.sniff(empty), (e: unknown) => e instanceof RunServiceError && e.name === 'DataError'
      && e.code === 'empty' && e.location?.file === empty && e.location.line === 1);
  } finally {
    client.dispose();
  }
});

test('a worker that dies fails the calls in flight with a clear message, reports it, and restarts on the next call', { skip }, async () => {
  const { dir } = await savedFixture({ items: 40, users: 30 });
  const crashes: string[] = [];
  const client = new RunServiceClient({ workerPath: WORKER, onCrash: (m) => crashes.push(m) });
  try {
    await client.open(dir);
    const worker = (client as unknown as { worker: { terminate(): Promise<number> } }).worker;
    // Stopped before it can read the call: the call is in flight when the worker exits.
    const stopped = worker.terminate();
    const inFlight = client.panelInit(dir);
    await stopped;
    await assert.rejects(inFlight, /run service stopped.*Try again/);
    assert.equal(crashes.length, 1);
    const again = await client.panelInit(dir);
    assert.equal(again.summary.runId, '20261125-190301-dot-ratings');
  } finally {
    client.dispose();
  }
});
