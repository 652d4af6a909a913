import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { createAnalysisIndex } from '../../../src/core/analysis/analysis-index';
import { findLabel, infixEditDistance } from '../../../src/core/analysis/lookup';
import { meanVector, neighbours, neighboursOfVector } from '../../../src/core/analysis/neighbours';
import { TopK } from '../../../src/core/analysis/top-k';
import { plantedRun } from './planted-run';

const planted = plantedRun();
const index = createAnalysisIndex(planted.run);

test('neighbours of a planted item come from its cluster, query and #na# excluded', () => {
  for (const metric of ['cosine', 'euclidean'] as const) {
    for (const query of [1, 25, 45]) {
      const result = neighbours(index, query, { k: 10, metric });
      assert.ok(result.ok);
      assert.equal(result.neighbours.length, 10);
      for (const n of result.neighbours) {
        assert.notEqual(n.index, query);
        assert.notEqual(n.label, '#na#');
        assert.equal(planted.itemCluster[n.index], planted.itemCluster[query], `${metric}: ${n.label} for ${result.match.label}`);
      }
      const scores = result.neighbours.map((n) => n.score);
      const ordered = metric === 'cosine' ? [...scores].sort((a, b) => b - a) : [...scores].sort((a, b) => a - b);
      assert.deepEqual(scores, ordered);
    }
  }
});

test('cosine and euclidean scores agree with a brute-force full sort', () => {
  const side = index.side('items');
  const { n, dim, vectors } = side.emb;
  const q = 7;
  const row = (i: number) => Array.from(vectors.subarray(i * dim, (i + 1) * dim));
  const dot = (a: number[], b: number[]) => a.reduce((s, x, j) => s + x * b[j], 0);
  const cos = (a: number[], b: number[]) => dot(a, b) / Math.sqrt(dot(a, a) * dot(b, b));
  const dist = (a: number[], b: number[]) => Math.sqrt(a.reduce((s, x, j) => s + (x - b[j]) ** 2, 0));
  const others = [...Array(n).keys()].filter((i) => i !== q && i !== 0);
  const byCos = others.map((i) => ({ i, s: cos(row(q), row(i)) })).sort((a, b) => b.s - a.s).slice(0, 5);
  const byDist = others.map((i) => ({ i, s: dist(row(q), row(i)) })).sort((a, b) => a.s - b.s).slice(0, 5);
  const c = neighbours(index, q, { k: 5 });
  const e = neighbours(index, q, { k: 5, metric: 'euclidean' });
  assert.ok(c.ok && e.ok);
  assert.deepEqual(c.neighbours.map((x) => x.index), byCos.map((x) => x.i));
  assert.deepEqual(e.neighbours.map((x) => x.index), byDist.map((x) => x.i));
  c.neighbours.forEach((x, r) => assert.ok(Math.abs(x.score - byCos[r].s) < 1e-5));
  e.neighbours.forEach((x, r) => assert.ok(Math.abs(x.score - byDist[r].s) < 1e-4));
});

test('users have neighbours too, from their own cluster', () => {
  const result = neighbours(index, 'u3', { side: 'users', k: 5 });
  assert.ok(result.ok);
  for (const n of result.neighbours) assert.equal(planted.userCluster[n.index], planted.userCluster[result.match.index]);
});

test('lookup: exact, raw id, #index, case, substring, fuzzy, and suggestions when nothing matches', () => {
  const side = index.side('items');
  const exact = findLabel(side, 'Western 3 (1992)');
  assert.ok(exact.ok && exact.how === 'exact' && exact.index === 3);
  const id = findLabel(side, '103');
  assert.ok(id.ok && id.how === 'id' && id.index === 3);
  const byIndex = findLabel(side, '#4');
  assert.ok(byIndex.ok && byIndex.how === 'index' && byIndex.index === 4);
  const caseless = findLabel(side, 'western 3 (1992)');
  assert.ok(caseless.ok && caseless.how === 'case' && caseless.index === 3);
  const sub = findLabel(side, 'classic');
  assert.ok(sub.ok && sub.how === 'substring' && sub.label === 'Classic, The (1950)');
  const several = findLabel(side, 'film noir');
  assert.ok(several.ok && several.how === 'substring' && several.alternatives.length > 0);
  const typo = findLabel(side, 'masterpeice');
  assert.ok(typo.ok && typo.how === 'fuzzy', JSON.stringify(typo));
  assert.equal(typo.label, 'Masterpiece "Uno" (1960)');
  const none = findLabel(side, 'zzzzzzzzqqqq');
  assert.ok(!none.ok);
  assert.equal(none.suggestions.length, 5);
  const result = neighbours(index, 'zzzzzzzzqqqq');
  assert.ok(!result.ok && result.match.suggestions.length === 5);
});

test('infix edit distance ignores text around the match', () => {
  assert.equal(infixEditDistance('titanc', 'titanic (1997)'), 1);
  assert.equal(infixEditDistance('star wars', 'star wars (1977)'), 0);
  assert.equal(infixEditDistance('abc', ''), 3);
});

test('neighbours of the mean of several items stay in their cluster and skip them', () => {
  const side = index.side('items');
  const members = [2, 3, 4];
  const result = neighboursOfVector(side, meanVector(side, members), { k: 8, exclude: members });
  assert.equal(result.length, 8);
  for (const n of result) {
    assert.ok(!members.includes(n.index));
    assert.equal(planted.itemCluster[n.index], planted.itemCluster[2]);
  }
});

test('TopK keeps exactly the k largest, best first', () => {
  fc.assert(fc.property(fc.array(fc.double({ noNaN: true, min: -1e6, max: 1e6 }), { maxLength: 200 }), fc.integer({ min: 0, max: 30 }), (xs, k) => {
    const top = new TopK(k);
    xs.forEach((x, i) => top.push(x, i));
    const expected = xs.map((x, i) => ({ id: i, score: x })).sort((a, b) => b.score - a.score || a.id - b.id).slice(0, k);
    assert.deepEqual(top.sorted().map((e) => e.score), expected.map((e) => e.score));
  }));
});

test('fuzzy lookup among thousands of labels (bigram prefilter) still finds a typo, and agrees with a full scan', async () => {
  const { buildSideIndex } = await import('../../../src/core/analysis/analysis-index');
  const words = ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot', 'golf', 'hotel', 'india', 'juliet'];
  const labels = ['#na#'];
  for (let i = 0; labels.length < 3000; i++) labels.push(`${words[i % 10]} ${words[(i * 7) % 10]} ${i} (19${i % 100})`);
  labels.push('Shawshank Redemption, The (1994)');
  const emb = { side: 'items' as const, labels, n: labels.length, dim: 1, vectors: new Float32Array(labels.length) };
  const side = buildSideIndex(emb);
  const typo = findLabel(side, 'shawshenk redemtion');
  assert.ok(typo.ok && typo.how === 'fuzzy' && typo.label === 'Shawshank Redemption, The (1994)', JSON.stringify(typo));
  // Brute force: the fuzzy winner has the smallest infix distance over all labels.
  const best = Math.min(...labels.slice(1).map((l) => infixEditDistance('shawshenk redemtion', l.toLowerCase())));
  assert.equal(infixEditDistance('shawshenk redemtion', 'shawshank redemption, the (1994)'), best);
  const none = findLabel(side, 'zulu yankee xray');
  assert.ok(!none.ok && none.suggestions.length === 5);
});

test('short queries get no typo slack', () => {
  const side = index.side('items');
  const r = findLabel(side, 'wstn');
  assert.ok(!r.ok);
});

test('min-count leaves out rarely rated neighbours', () => {
  const counts = planted.run.manifest.stats!.itemCount;
  const r = neighbours(index, 5, { k: 10, minCount: 30 });
  assert.ok(r.ok && r.neighbours.length > 0);
  for (const n of r.neighbours) assert.ok(counts[n.index] >= 30);
});
