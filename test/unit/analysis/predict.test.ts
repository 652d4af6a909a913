import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createAnalysisIndex } from '../../../src/core/analysis/analysis-index';
import { findLabel, indexRef } from '../../../src/core/analysis/lookup';
import { dotScorer, findUser, predictRating, recommend } from '../../../src/core/analysis/predict';
import { modelFromTensors } from '../../../src/core/model';
import { sigmoidRange } from '../../../src/core/model/math';
import { PanelQueries } from '../../../src/run-service/panel-queries';
import { ratedItems, sourceLines } from '../../../src/core/analysis/rows';
import { plantedRun } from './planted-run';

const planted = plantedRun();
const index = createAnalysisIndex(planted.run);

test('predict is sigmoid_range(u.i + bu + bi) of the dot model', () => {
  const p = predictRating(index, 'u4', 'Western 2 (1991)');
  assert.ok(p.ok);
  const t = planted.run.tensors;
  const dim = t.get('itemWeight')!.shape[1];
  let x = t.get('userBias')!.data[p.userIndex] + t.get('itemBias')!.data[p.itemIndex];
  for (let j = 0; j < dim; j++) x += t.get('userWeight')!.data[p.userIndex * dim + j] * t.get('itemWeight')!.data[p.itemIndex * dim + j];
  assert.ok(Math.abs(p.rating - sigmoidRange(x, 0, 5.5)) < 1e-5);
});

test('predictions are the model\'s forward pass bit for bit: the run\'s scorer, the tensor scorer of imported runs, predict and recommend', () => {
  const model = modelFromTensors(planted.run.manifest.config!, planted.run.tensors);
  const nUsers = planted.run.manifest.vocab.users.length;
  const nItems = planted.run.manifest.vocab.items.length;
  const users = Int32Array.from({ length: nUsers * nItems }, (_, r) => Math.floor(r / nItems));
  const items = Int32Array.from({ length: nUsers * nItems }, (_, r) => r % nItems);
  const expected = model.predict(users, items);
  assert.deepEqual(dotScorer(index)(users, items), expected, 'trained run read as tensors');
  // An imported run that carries factors, biases and a yRange is scored by the same formula.
  const imported = createAnalysisIndex({ ...planted.run, manifest: { ...planted.run.manifest, origin: 'imported' } });
  const p = predictRating(imported, 'u4', 'Western 2 (1991)');
  assert.ok(p.ok);
  assert.equal(p.rating, expected[p.userIndex * nItems + p.itemIndex]);
  const u = planted.run.manifest.vocab.users.indexOf('u15');
  for (const r of recommend(imported, 'u15', { k: 5 }).items) assert.equal(r.score, expected[u * nItems + r.index]);
});

test('unknown items and users are reported, never mapped to #na#', () => {
  const item = predictRating(index, 'u4', 'No Such Film Whatsoever');
  assert.ok(!item.ok && /Unknown item/.test(item.error));
  assert.ok(!predictRating(index, 'u4', '#na#').ok);
  const user = predictRating(index, 'nobody', 'Western 2 (1991)');
  assert.ok(!user.ok && /Unknown user/.test(user.error));
  assert.ok(!predictRating(index, '#na#', 'Western 2 (1991)').ok);
});

test('recommendations come from the user\'s cluster (or the planted good items) and exclude what they rated', () => {
  for (const user of ['u1', 'u15', 'u28']) {
    const u = planted.run.manifest.vocab.users.indexOf(user);
    const result = recommend(index, user, { k: 8 });
    assert.equal(result.kind, 'model');
    assert.equal(result.items.length, 8);
    assert.equal(result.excluded, planted.rated[u].size);
    for (const r of result.items) {
      assert.ok(!planted.rated[u].has(r.index), `${user} already rated ${r.label}`);
      assert.notEqual(r.index, 0);
      assert.ok(planted.itemCluster[r.index] === planted.userCluster[u] || planted.good.includes(r.index), `${user}: ${r.label}`);
    }
    const scores = result.items.map((r) => r.score);
    assert.deepEqual(scores, [...scores].sort((a, b) => b - a));
  }
});

test('an unknown user gets an explicit cold-start list ranked by bias', () => {
  const result = recommend(index, 'stranger', { k: 2 });
  assert.equal(result.kind, 'cold-start');
  assert.ok(result.notes.some((n) => /cold-start/.test(n)));
  assert.deepEqual(new Set(result.items.map((r) => r.index)), new Set(planted.good));
});

test('rows index: source lines per item and user, and the rated set it implies', () => {
  const lines = sourceLines(planted.run, 'items', 2);
  assert.ok(lines.length > 0);
  for (const line of lines) assert.ok(line >= 2);
  assert.deepEqual(ratedItems(planted.run, 5), planted.rated[5]);
  assert.equal(sourceLines(planted.run, 'users', 9999).length, 0);
  const noRows = { ...planted.run, rows: undefined };
  assert.equal(ratedItems(noRows, 5), undefined);
  const r = recommend(createAnalysisIndex(noRows), 'u1', { k: 3 });
  assert.ok(r.notes.some((n) => /no rows index/.test(n)));
});

test('predict refuses near misses and ambiguous parts of titles, suggesting them instead', () => {
  const typo = predictRating(index, 'u4', 'masterpeice');
  assert.ok(!typo.ok && typo.suggestions[0] === 'Masterpiece "Uno" (1960)');
  const ambiguous = predictRating(index, 'u4', 'western');
  assert.ok(!ambiguous.ok && ambiguous.suggestions.length > 1);
  const unique = predictRating(index, 'u4', 'classic');
  assert.ok(unique.ok && unique.item === 'Classic, The (1950)');
  const byId = predictRating(index, 'u4', '103');
  assert.ok(byId.ok && byId.itemMatch === 'id');
});

test("'#index' means the same row everywhere: lookups, user lookups and the panel's type-ahead share one parser", () => {
  const queries = new PanelQueries(planted.run);
  const nItems = planted.run.manifest.vocab.items.length;
  const nUsers = planted.run.manifest.vocab.users.length;
  for (const text of ['#5', ' #12 ', '#007', `#${nItems - 1}`, `#${nItems}`, '#99999999999999999999', '#-1', '#1.5', '#', '5', '# 5']) {
    const side = index.side('items');
    const parsed = indexRef(side, text);
    const trimmed = text.trim();
    assert.equal(parsed, /^#\d+$/.test(trimmed) && Number(trimmed.slice(1)) < nItems ? Number(trimmed.slice(1)) : undefined, text);
    const found = findLabel(side, text);
    if (parsed !== undefined) {
      assert.ok(found.ok && found.how === 'index' && found.index === parsed, `findLabel ${text}`);
      const suggested = queries.answer('query/suggest', { side: 'items', text, limit: 5 }) as { labels: { index: number }[] };
      assert.equal(suggested.labels[0].index, parsed, `suggest ${text}`);
    } else {
      assert.ok(!found.ok || found.how !== 'index', `findLabel ${text}`);
    }
    const user = indexRef(index.side('users'), text);
    assert.equal(findUser(index.side('users'), text), user === 0 ? undefined : user, `findUser ${text} (#0 is '#na#')`);
    if (user !== undefined) assert.ok(user < nUsers);
  }
});
