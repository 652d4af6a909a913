import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createAnalysisIndex } from '../../../src/core/analysis/analysis-index';
import { biasTable } from '../../../src/core/analysis/biases';
import { runPca } from '../../../src/core/analysis/pca';
import { plantedRun } from './planted-run';

const planted = plantedRun();
const index = createAnalysisIndex(planted.run);

test('planted good items top the bias table and bad ones sit at the bottom, with counts and means', () => {
  const table = biasTable(index, { top: 2 });
  assert.deepEqual(new Set(table.highest.map((r) => r.index)), new Set(planted.good));
  assert.deepEqual(new Set(table.lowest.map((r) => r.index)), new Set(planted.bad));
  assert.ok(table.highest[0].bias >= table.highest[1].bias);
  assert.ok(table.lowest[0].bias <= table.lowest[1].bias);
  for (const row of [...table.highest, ...table.lowest]) {
    assert.equal(row.count, 200);
    assert.equal(typeof row.mean, 'number');
  }
  assert.equal(table.considered, planted.run.manifest.vocab.items.length - 1); // '#na#' left out
});

test('min-count filter drops rarely rated labels', () => {
  const counts = planted.run.manifest.stats!.itemCount;
  const table = biasTable(index, { top: 1000, minCount: 40 });
  assert.equal(table.considered, counts.filter((c, i) => i > 0 && c >= 40).length);
  for (const row of table.highest) assert.ok(row.count! >= 40);
});

test('user biases are available too; a model without biases says so', () => {
  assert.equal(biasTable(index, { side: 'users', top: 3 }).highest.length, 3);
  const noBias = plantedRun();
  noBias.run.tensors.delete('itemBias');
  assert.throws(() => biasTable(createAnalysisIndex(noBias.run)), /No item biases/);
});

/** Fraction of points whose nearest cluster centre (in PCA space) is their own cluster's. */
function separation(points: { index: number; coords: number[] }[], clusterOf: number[]): number {
  const clustered = points.filter((p) => clusterOf[p.index] >= 0);
  const centres = new Map<number, number[]>();
  for (const c of new Set(clustered.map((p) => clusterOf[p.index]))) {
    const members = clustered.filter((p) => clusterOf[p.index] === c);
    centres.set(c, members[0].coords.map((_, d) => members.reduce((s, p) => s + p.coords[d], 0) / members.length));
  }
  const dist = (a: number[], b: number[]) => a.reduce((s, x, d) => s + (x - b[d]) ** 2, 0);
  const correct = clustered.filter((p) => {
    let best = -1; let bestD = Infinity;
    for (const [c, centre] of centres) { const d = dist(p.coords, centre); if (d < bestD) { bestD = d; best = c; } }
    return best === clusterOf[p.index];
  });
  return correct.length / clustered.length;
}

test('PCA separates the planted clusters, with decreasing explained variance', () => {
  const pca = runPca(index, { components: 2 });
  assert.equal(pca.points.length, planted.run.manifest.vocab.items.length - 1);
  assert.equal(pca.points[0].coords.length, 2);
  assert.equal(separation(pca.points, planted.itemCluster), 1);
  assert.ok(pca.explainedVariance[0] >= pca.explainedVariance[1]);
  assert.ok(pca.explainedVariance[0] + pca.explainedVariance[1] <= 1 + 1e-9);
  assert.ok(pca.explainedVariance[0] + pca.explainedVariance[1] > 0.6, String(pca.explainedVariance));
  // The extremes of the first component are whole clusters, not a mix.
  const top = pca.extremes[0].highest.slice(0, 5).map((p) => planted.itemCluster[p.index]);
  assert.equal(new Set(top).size, 1);
});

test('transposed PCA (loadings per item) also separates them; top-rated restricts the rows', () => {
  const t = runPca(index, { components: 3, transposed: true });
  assert.ok(t.transposed);
  assert.equal(t.points[0].coords.length, 3);
  assert.equal(separation(t.points, planted.itemCluster), 1);
  const counts = planted.run.manifest.stats!.itemCount;
  const few = runPca(index, { topRated: 10, components: 2 });
  assert.equal(few.points.length, 10);
  const threshold = [...counts].sort((a, b) => b - a)[9];
  for (const p of few.points) assert.ok(counts[p.index] >= threshold);
});
