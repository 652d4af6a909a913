/** The run service in-process: listing heads, panel answers, hovers, commands' reads, export/import, its cache. */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, truncateSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadRun } from '../../../src/core/run/load';
import { RUN_FILES } from '../../../src/core/run/types';
import { RunService } from '../../../src/run-service/service';
import { PanelQueries } from '../../../src/run-service/panel-queries';
import { genreOf, itemTitle } from '../../browser/fixture-run';
import { savedFixture } from './saved-fixture';

const ITEMS = 120;
const N_ITEMS = ITEMS + 1;

test('list: manifest heads without per-label arrays, counts kept; a damaged run is listed with its problem', async () => {
  const good = await savedFixture({ items: ITEMS, users: 80 });
  const bad = await savedFixture({ items: 10, users: 10, runId: '20261125-190302-dot-broken' }, good.runsDir);
  truncateSync(join(bad.dir, RUN_FILES.weights), 10);
  const service = new RunService();
  const listing = await service.list([good.runsDir, join(good.runsDir, 'does-not-exist')]);
  assert.deepEqual(listing.map((l) => l.id), ['20261125-190302-dot-broken', '20261125-190301-dot-ratings']);
  const [broken, ok] = listing;
  assert.equal(broken.manifest, undefined);
  assert.equal(broken.error?.problem, 'damaged');
  assert.match(broken.error?.message ?? '', /truncated/);
  assert.ok(ok.manifest);
  assert.deepEqual(ok.manifest.counts, { users: 81, items: N_ITEMS });
  assert.ok(!('vocab' in ok.manifest) && !('stats' in ok.manifest), 'no per-label arrays in a listing');
  assert.equal(ok.manifest.source?.path, '/data/ratings.csv');
  await assert.rejects(service.open(bad.dir), (e: Error & { problem?: string }) => e.problem === 'damaged');
});

test('panel answers equal PanelQueries on the loaded run; hovers, similar, recommend and predict find the planted structure', async () => {
  const { dir } = await savedFixture({ items: ITEMS, users: 80 });
  const service = new RunService();
  const direct = new PanelQueries(await loadRun(dir));
  const init = await service.panelInit(dir);
  assert.deepEqual(init.summary, direct.summary());
  assert.deepEqual(init.series, direct.series());
  const biases = { side: 'items', top: 5, minCount: 0 } as const;
  assert.deepEqual(await service.panelQuery(dir, 'query/biases', biases), direct.answer('query/biases', biases));
  assert.deepEqual(await service.rows(dir, 'items', 7), direct.rows('items', 7));

  const title = itemTitle(9, N_ITEMS);
  // A ratings line read with the run's recorded format; the answer names the hovered cell's range.
  const line = `12,"${title}",4,881250949`;
  const at = (character: number, k = 5) => service.hover(dir, { file: 'source', text: line, line: 7, character, k });
  const hover = await at(line.indexOf(title));
  assert.ok(hover?.side === 'items');
  assert.equal(hover.facts.label, title);
  assert.deepEqual(hover.range, { start: 3, end: 5 + title.length });
  assert.equal(hover.neighbours.length, 5);
  const sameGenre = hover.neighbours.filter((n) => genreOf(n.index) === genreOf(9)).length;
  assert.ok(sameGenre >= 4, `${sameGenre}/5 neighbours share the planted genre`);
  assert.equal(await at(line.indexOf(',4,') + 1), undefined, 'a rating is not a target');
  const user = await at(0, 3);
  assert.ok(user?.side === 'users' && user.recommendations.length === 3 && user.kind === 'model');
  assert.deepEqual(user.range, { start: 0, end: 2 });
  // The first recommendation's one-line why: the rated items most like it, and the parts that add up.
  assert.match(user.why ?? '', /^(most like .*, which this user rated|no rated item is similar)(; [\d.]+ offset [+-] [\d.]+ item [+-] [\d.]+ user [+-] [\d.]+ taste = [\d.]+)?$/);

  const similar = await service.similar(dir, 'western 5', 10);
  assert.ok(similar.ok);
  assert.equal(similar.match.label, itemTitle(5, N_ITEMS));
  const picks = await service.recommend(dir, '12', 4);
  assert.equal(picks.items.length, 4);
  const prediction = await service.predict(dir, '12', title);
  assert.ok(prediction.ok && Number.isFinite(prediction.rating));
  const unknown = await service.predict(dir, '12', 'No Such Film');
  assert.equal(unknown.ok, false);
});

test('export then import: files written with labels; the import is a new run in the runs folder', async () => {
  const { dir, runsDir } = await savedFixture({ items: 30, users: 20 });
  const service = new RunService();
  const out = mkdtempSync(join(tmpdir(), 'collab-export-'));
  const { outDir, written } = await service.exportEmbeddings(dir, 'tsv', out);
  assert.equal(outDir, join(out, '20261125-190301-dot-ratings-tsv'));
  assert.ok(written.length >= 2 && written.every((f) => existsSync(f)));
  const metadata = written.find((f) => /metadata/.test(f) && /item/.test(f))!;
  assert.match(readFileSync(metadata, 'utf8'), /Western 1 \(|Classic Western 1/);
  const vectors = written.filter((f) => /item/.test(f));
  const imported = await service.importEmbeddings(vectors, runsDir);
  const listing = await service.list([runsDir]);
  const entry = listing.find((l) => l.dir === imported.dir);
  assert.equal(entry?.manifest?.origin, 'imported');
  assert.equal(entry?.manifest?.counts.items, 30 + 1);
});

test('loaded runs are kept (one load per run) up to the limit, least recently used dropped; forget reloads', async () => {
  const a = await savedFixture({ items: 10, users: 10 });
  const b = await savedFixture({ items: 10, users: 10 });
  const loads: string[] = [];
  const service = new RunService({ keep: 1, loadRun: (dir) => { loads.push(dir); return loadRun(dir); } });
  await service.panelInit(a.dir);
  await service.panelQuery(a.dir, 'query/suggest', { side: 'items', text: 'wes', limit: 3 });
  assert.equal(loads.length, 1);
  await service.open(b.dir);
  await service.open(a.dir);
  assert.deepEqual(loads, [a.dir, b.dir, a.dir]);
  await service.forget(a.dir);
  await service.open(a.dir);
  assert.equal(loads.length, 4);
  // A failed load is not kept: the next call tries again.
  const failing = new RunService({ loadRun: async () => { loads.push('x'); throw new Error('disk unplugged'); } });
  await assert.rejects(failing.open('/nowhere'), /disk unplugged/);
  await assert.rejects(failing.open('/nowhere'), /disk unplugged/);
  assert.equal(loads.filter((l) => l === 'x').length, 2);
});
