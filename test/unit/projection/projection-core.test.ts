import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createAnalysisIndex } from '../../../src/core/analysis/analysis-index';
import { createProjection, runProjection, type ProjectionFrame } from '../../../src/core/analysis/projection/job';
import { directionBetween, resolveSet, type MetadataResolver } from '../../../src/core/analysis/projection/custom-axes';
import { knnGraph } from '../../../src/core/analysis/projection/knn';
import { neighbourPreservation } from '../../../src/core/analysis/projection/quality';
import { driveProjection } from '../../../src/core/analysis/projection/drive';
import { plantedRun } from '../analysis/planted-run';

const planted = plantedRun({ clusters: 3, perCluster: 40, dim: 8 });
const index = createAnalysisIndex(planted.run);

/** Fraction of clustered points whose nearest centroid (in the layout) is their own cluster's. */
function separation(frame: ProjectionFrame): number {
  const clusterOf = planted.itemCluster;
  const sums = new Map<number, [number, number, number]>();
  frame.rows.forEach((row, r) => {
    const c = clusterOf[row];
    if (c < 0) return;
    const s = sums.get(c) ?? [0, 0, 0];
    s[0] += frame.coords[r * frame.dims]; s[1] += frame.coords[r * frame.dims + 1]; s[2]++;
    sums.set(c, s);
  });
  const centres = [...sums].map(([c, s]) => [c, s[0] / s[2], s[1] / s[2]] as const);
  let right = 0, total = 0;
  frame.rows.forEach((row, r) => {
    if (clusterOf[row] < 0) return;
    const x = frame.coords[r * frame.dims], y = frame.coords[r * frame.dims + 1];
    const best = centres.reduce((a, b) => ((x - a[1]) ** 2 + (y - a[2]) ** 2 <= (x - b[1]) ** 2 + (y - b[2]) ** 2 ? a : b));
    total++;
    if (best[0] === clusterOf[row]) right++;
  });
  return right / total;
}

for (const method of ['tsne', 'umap'] as const) {
  test(`${method}: same seed, same layout; the planted clusters come apart`, () => {
    const spec = { method, side: 'items' as const, top: 1000, seed: 3, tsne: { iterations: 200 }, umap: { epochs: 100 } };
    const a = runProjection(createProjection(index, spec));
    const b = runProjection(createProjection(index, spec));
    assert.deepEqual(a.rows, b.rows);
    assert.deepEqual(Array.from(a.coords), Array.from(b.coords));
    assert.ok(a.done && a.coords.every(Number.isFinite));
    assert.ok(separation(a) > 0.95, `separation ${separation(a)}`);
    const x = new Float64Array(a.rows.length * 8);
    a.rows.forEach((row, r) => { for (let k = 0; k < 8; k++) x[r * 8 + k] = index.side('items').unit[row * 8 + k]; });
    assert.ok(neighbourPreservation(x, 8, a.coords, a.rows.length, 10) > 0.3);
  });
}

test('t-SNE with another seed differs only by its start jitter, and still separates', () => {
  const spec = { method: 'tsne' as const, side: 'items' as const, top: 1000, tsne: { iterations: 150 } };
  const a = runProjection(createProjection(index, { ...spec, seed: 1 }));
  const b = runProjection(createProjection(index, { ...spec, seed: 2 }));
  assert.notDeepEqual(Array.from(a.coords), Array.from(b.coords));
  assert.ok(separation(b) > 0.95);
});

test('the first frame is the PCA picture, before any neighbour is found', () => {
  const job = createProjection(index, { method: 'umap', side: 'items', top: 1000 });
  const first = job.frame();
  assert.equal(first.phase, 'neighbours');
  assert.equal(first.done, false);
  assert.equal(first.coords.length, first.rows.length * 2);
  assert.ok(separation(first) > 0.9);
});

test('isolate: a subset projects exactly those rows (unknown and #na# dropped)', () => {
  const subset = [...planted.itemCluster.keys()].filter((i) => planted.itemCluster[i] === 1);
  const frame = runProjection(createProjection(index, { method: 'pca', side: 'items', top: 5, subset: [...subset, 0, 99999] }));
  assert.deepEqual(frame.rows, subset);
  assert.equal(frame.dims, 3);
  assert.equal(frame.explained!.length, 3);
  assert.ok(frame.explained![0] >= frame.explained![1]);
  assert.throws(() => createProjection(index, { method: 'tsne', side: 'items', top: 5, subset: [1, 2] }), /at least 3/);
});

test('custom axes: from one set to another is the normalised difference of their means', () => {
  const side = index.side('items');
  const western = resolveSet(side, { kind: 'search', text: 'western' }).rows;
  const space = resolveSet(side, { kind: 'search', text: 'SPACE opera' }).rows;
  assert.equal(western.length, 40);
  assert.equal(space.length, 40);
  const dir = directionBetween(side, western, space, 'euclidean')!;
  assert.ok(Math.abs(Math.hypot(...dir) - 1) < 1e-9);
  const frame = runProjection(createProjection(index, {
    method: 'custom', side: 'items', top: 1000, metric: 'euclidean',
    custom: { x: { kind: 'direction', from: { kind: 'search', text: 'western' }, to: { kind: 'search', text: 'space opera' } }, y: { kind: 'component', component: 0 } },
  }));
  const xOf = (rows: number[]) => rows.map((row) => frame.coords[frame.rows.indexOf(row) * 2]).reduce((a, b) => a + b) / rows.length;
  assert.ok(xOf(space) > xOf(western));
  // x of each point is its vector's dot product with the direction.
  const r0 = frame.rows[0];
  const v = side.emb.vectors.subarray(r0 * 8, r0 * 8 + 8);
  assert.ok(Math.abs(frame.coords[0] - v.reduce((s, a, k) => s + a * dir[k], 0)) < 1e-5);
  assert.match(frame.axes[0], /"western" \(40\) → "space opera" \(40\)/);
  assert.match(frame.axes[1], /^PC1/);
});

test('custom axes: titles, unknown titles noted, metadata through the resolver', () => {
  const side = index.side('items');
  const labels = planted.run.manifest.vocab.items;
  const titles = resolveSet(side, { kind: 'titles', titles: [labels[1], labels[2], 'No Such Film'] });
  assert.deepEqual(titles.rows, [1, 2]);
  assert.match(titles.notes[0], /No Such Film/);
  const calls: string[] = [];
  const resolver: MetadataResolver = (s, field, value) => { calls.push(`${s}:${field}=${value}`); return value === 'Noir' ? [81, 82, 83, 0, -5] : [1, 2, 3]; };
  assert.deepEqual(resolveSet(side, { kind: 'metadata', field: 'genres', value: 'Noir' }, resolver).rows, [81, 82, 83]);
  assert.deepEqual(calls, ['items:genres=Noir']);
  assert.match(resolveSet(side, { kind: 'metadata', field: 'genres', value: 'Noir' }).notes[0], /no metadata/);
  const frame = runProjection(createProjection(index, {
    method: 'custom', side: 'items', top: 1000,
    custom: { x: { kind: 'direction', from: { kind: 'metadata', field: 'genres', value: 'Western' }, to: { kind: 'metadata', field: 'genres', value: 'Noir' } }, y: { kind: 'direction', from: { kind: 'search', text: 'zzz' }, to: { kind: 'search', text: 'dud' } } },
  }, resolver));
  assert.match(frame.notes.join(' '), /y axis has no direction/);
});

test('driveProjection hands out frames as it goes and stops on abort', async () => {
  const frames: ProjectionFrame[] = [];
  let clock = 0;
  const final = await driveProjection(createProjection(index, { method: 'tsne', side: 'items', top: 1000, tsne: { iterations: 60 } }), {
    sliceMs: 1, frameMs: 1, now: () => (clock += 1), onFrame: (f) => frames.push(f),
  });
  assert.ok(frames.length > 5);
  assert.equal(frames[0].phase, 'neighbours');
  assert.ok(final.done);
  assert.ok(frames.slice(0, -1).every((f) => !f.done));
  const controller = new AbortController();
  let seen = 0;
  await assert.rejects(driveProjection(createProjection(index, { method: 'umap', side: 'items', top: 1000 }), {
    sliceMs: 1, frameMs: 0, now: () => (clock += 1), signal: controller.signal, onFrame: () => { if (++seen === 3) controller.abort(); },
  }), { name: 'AbortError' });
  assert.equal(seen, 3);
});

test('knnGraph finds exact neighbours, nearest first', () => {
  const x = Float64Array.from([0, 0, 1, 0, 3, 0, 10, 0]);
  const g = knnGraph(x, 4, 2, 2);
  assert.deepEqual(Array.from(g.indices), [1, 2, 0, 2, 1, 0, 2, 1]);
  assert.deepEqual(Array.from(g.distances), [1, 3, 1, 2, 2, 3, 7, 9]);
});
