/**
 * End to end: planted ratings written as CSV, trained by the real job (load, split, fit, save),
 * loaded back, and analysed. The model must find the planted structure.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generatePlanted, writeRatingsCsv } from '../../../src/core/data/synthetic';
import { loadRun } from '../../../src/core/run/load';
import type { LoadedRun, TrainConfig } from '../../../src/core/run/types';
import { runTrainJob } from '../../../src/trainer/job';
import { createAnalysisIndex } from '../../../src/core/analysis/analysis-index';
import { biasTable } from '../../../src/core/analysis/biases';
import { neighbours } from '../../../src/core/analysis/neighbours';
import { runPca } from '../../../src/core/analysis/pca';
import { predictRating, recommend } from '../../../src/core/analysis/predict';
import { ratedItems } from '../../../src/core/analysis/rows';

const planted = generatePlanted({ seed: 3, users: 300, items: 120, userClusters: 3, itemClusters: 3, ratingsPerUser: 40, goodItems: 4, badItems: 4 });
const clusterOfTitle = new Map(planted.titles.map((t, i) => [t, planted.itemCluster[i]]));
const good = new Set(planted.goodItems.map((id) => planted.titles[id - 1]));
const bad = new Set(planted.badItems.map((id) => planted.titles[id - 1]));
const special = (title: string): boolean => good.has(title) || bad.has(title);

async function train(dir: string, config: Partial<TrainConfig>): Promise<LoadedRun> {
  const files = writeRatingsCsv(dir, planted);
  const full: TrainConfig = { model: 'dot', factors: 20, layers: [50], dropout: 0, epochs: 8, lr: 1e-2, wd: 0.05, bs: 64, validPct: 0.1, seed: 1, ...config };
  const done = await runTrainJob(
    { file: files.ratingsFile, itemsFile: files.itemsFile, config: full, runsDir: join(dir, '.collab', 'runs') },
    { emit: () => undefined, signal: new AbortController().signal },
  );
  assert.equal(done.type, 'train/done', JSON.stringify(done));
  return loadRun((done as { runDir: string }).runDir);
}

test('a trained dot model: biases, neighbours, PCA and recommendations recover the planted structure', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'collab-analysis-e2e-'));
  try {
    const run = await train(dir, { model: 'dot' });
    const index = createAnalysisIndex(run);

    const biases = biasTable(index, { top: good.size });
    assert.deepEqual(new Set(biases.highest.map((r) => r.label)), good, JSON.stringify(biases.highest.map((r) => r.label)));
    assert.deepEqual(new Set(biases.lowest.map((r) => r.label)), bad, JSON.stringify(biases.lowest.map((r) => r.label)));
    assert.ok(biases.highest.every((r) => (r.count ?? 0) > 0 && (r.mean ?? 0) > 3));

    // Neighbours of ordinary planted items come from their cluster.
    let inCluster = 0;
    let total = 0;
    const queries = planted.titles.filter((t) => !special(t)).slice(0, 12);
    for (const title of queries) {
      const result = neighbours(index, title, { k: 5 });
      assert.ok(result.ok, title);
      for (const n of result.neighbours) {
        if (special(n.label)) continue;
        total++;
        if (clusterOfTitle.get(n.label) === clusterOfTitle.get(title)) inCluster++;
      }
    }
    t.diagnostic(`neighbours in the query's cluster: ${inCluster}/${total}`);
    assert.ok(inCluster / total >= 0.9, `${inCluster}/${total} neighbours share the query's cluster`);

    // Lookup by raw id works when the run stores item ids beside titles (vocab.itemIds, filled by
    // the trainer once the loader reports source ids).
    if (run.manifest.vocab.itemIds) {
      const byId = neighbours(index, '7', { k: 3 });
      assert.ok(byId.ok && byId.match.label === planted.titles[6] && byId.match.how === 'id');
    }

    // PCA on two components separates the three clusters (nearest cluster centre).
    const pca = runPca(index, { components: 2 });
    const points = pca.points.filter((p) => !special(p.label));
    const centres = [0, 1, 2].map((c) => {
      const members = points.filter((p) => clusterOfTitle.get(p.label) === c);
      return [0, 1].map((d) => members.reduce((s, p) => s + p.coords[d], 0) / members.length);
    });
    const nearest = (xy: number[]) => centres.map((c, i) => ({ i, d: (c[0] - xy[0]) ** 2 + (c[1] - xy[1]) ** 2 })).sort((a, b) => a.d - b.d)[0].i;
    const correct = points.filter((p) => nearest(p.coords) === clusterOfTitle.get(p.label)).length;
    t.diagnostic(`PCA points nearest their cluster centre: ${correct}/${points.length}; explained ${pca.explainedVariance.map((v) => v.toFixed(2)).join(', ')}`);
    assert.ok(correct / points.length >= 0.9, `PCA: ${correct}/${points.length} points nearest their own cluster`);

    // Recommendations come from the cluster a user likes (or the planted classics), never what they rated.
    for (const userId of [1, 2, 3, 50]) {
      const user = String(userId);
      const likes = planted.userCluster[userId - 1] % planted.itemClusters;
      const rec = recommend(index, user, { k: 10 });
      assert.equal(rec.kind, 'model');
      const uIndex = run.manifest.vocab.users.indexOf(user);
      const rated = ratedItems(run, uIndex)!;
      assert.ok(rated.size > 0);
      let fromCluster = 0;
      for (const r of rec.items) {
        assert.ok(!rated.has(r.index), `user ${user} already rated ${r.label}`);
        if (good.has(r.label) || clusterOfTitle.get(r.label) === likes) fromCluster++;
      }
      t.diagnostic(`user ${user}: ${fromCluster}/10 recommendations from the liked cluster or classics`);
      assert.ok(fromCluster >= 9, `user ${user}: ${fromCluster}/10 recommendations from the liked cluster or classics`);
    }
    const p = predictRating(index, '1', planted.titles[0]);
    assert.ok(p.ok && p.rating > 0 && p.rating < 5.6);
    assert.equal(recommend(index, 'nobody-at-all', { k: 3 }).kind, 'cold-start');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('an NN model: predictions go through the engine, neighbours work on its embeddings, biases are refused', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'collab-analysis-nn-'));
  try {
    const run = await train(dir, { model: 'nn', epochs: 3, lr: 5e-3 });
    const index = createAnalysisIndex(run);
    const p = predictRating(index, '1', planted.titles[0]);
    assert.ok(p.ok && Number.isFinite(p.rating));
    const [lo, hi] = run.manifest.config!.yRange!;
    assert.ok(p.rating >= lo && p.rating <= hi);
    const rec = recommend(index, '2', { k: 5 });
    assert.equal(rec.items.length, 5);
    const n = neighbours(index, planted.titles[3], { k: 5 });
    assert.ok(n.ok && n.neighbours.length === 5);
    assert.throws(() => biasTable(index), /NN model/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
