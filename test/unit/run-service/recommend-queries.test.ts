import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PanelQueries } from '../../../src/run-service/panel-queries';
import { parseWebviewMessage } from '../../../src/protocol/webview-validate';
import { PANEL_LIMITS } from '../../../src/protocol/webview';
import { plantedRun } from '../analysis/planted-run';

const planted = plantedRun();
const queries = new PanelQueries(planted.run);

test('query/questionnaire and query/recommend-for answer from the core (the same items, the rated left out)', () => {
  const q = queries.answer('query/questionnaire', { n: 6 });
  assert.equal(q.items.length, 6);
  assert.deepEqual(q.scale, { min: 1, max: 5, step: 1 });
  const ratings = [{ index: q.items[0].index, rating: 5 }, { index: q.items[1].index, rating: 1 }];
  const r = queries.answer('query/recommend-for', { ratings, k: 5, minCount: 0 });
  assert.equal(r.kind, 'fold-in');
  assert.equal(r.items.length, 5);
  for (const item of r.items) {
    assert.ok(!ratings.some((x) => x.index === item.index));
    assert.match(item.why, /offset .* taste = /);
  }
  const none = queries.answer('query/recommend-for', { ratings: [], k: 3, minCount: 0 });
  assert.equal(none.kind, 'no-ratings');
  assert.throws(() => queries.answer('query/recommend-for', { ratings: [{ index: 1, rating: 9 }], k: 3, minCount: 0 }), /outside this run's rating scale/);
  assert.throws(() => queries.answer('query/recommend-for', { ratings: [{ index: 99999, rating: 3 }], k: 3, minCount: 0 }), /No item #99999/);
  assert.throws(() => queries.answer('query/recommend-for', { ratings: [{ index: 1, rating: 3 }, { index: 1, rating: 4 }], k: 3, minCount: 0 }), /rated twice/);
});

test('the new requests are validated: bounded lists, finite ratings, clamped k and n', () => {
  const ok = parseWebviewMessage({ type: 'query/recommend-for', messageId: 3, params: { ratings: [{ index: 2, rating: 4.5, extra: 'x' }], k: 1e9, minCount: -1 } });
  assert.deepEqual(ok, { ok: true, message: { type: 'query/recommend-for', messageId: 3, params: { ratings: [{ index: 2, rating: 4.5 }], k: PANEL_LIMITS.recommendK, minCount: 0 } } });
  assert.equal(parseWebviewMessage({ type: 'query/recommend-for', messageId: 3, params: { ratings: [{ index: 2, rating: 'NaN' }], k: 5, minCount: 0 } }).ok, false);
  assert.equal(parseWebviewMessage({ type: 'query/recommend-for', messageId: 3, params: { ratings: new Array(PANEL_LIMITS.ratings + 1).fill({ index: 1, rating: 3 }), k: 5, minCount: 0 } }).ok, false);
  const q = parseWebviewMessage({ type: 'query/questionnaire', messageId: 4, params: { n: 1e6 } });
  assert.deepEqual(q, { ok: true, message: { type: 'query/questionnaire', messageId: 4, params: { n: PANEL_LIMITS.questionnaire } } });
  assert.deepEqual(parseWebviewMessage({ type: 'panel/view', view: 'recommend' }), { ok: true, message: { type: 'panel/view', view: 'recommend' } });
});

test('query/user-recommend: an existing user\'s rated items and recommendations, each with why; unknown ids are an answer, not a throw', () => {
  const u = planted.run.manifest.vocab.users.indexOf('u4');
  const r = queries.answer('query/user-recommend', { user: 'u4', k: 5 });
  assert.ok(r.ok);
  assert.equal(r.user.label, 'u4');
  assert.equal(r.ratedTotal, planted.rated[u].size);
  assert.deepEqual(new Set(r.rated.map((x) => x.index)), planted.rated[u]);
  assert.equal(r.items.length, 5);
  for (const item of r.items) {
    assert.ok(!planted.rated[u].has(item.index));
    assert.match(item.why, /offset .* taste = /);
  }
  const none = queries.answer('query/user-recommend', { user: 'nobody', k: 5 });
  assert.ok(!none.ok && /No user 'nobody'/.test(none.error));
  assert.deepEqual(parseWebviewMessage({ type: 'query/user-recommend', messageId: 1, params: { user: 'u4', k: 0 } }),
    { ok: true, message: { type: 'query/user-recommend', messageId: 1, params: { user: 'u4', k: 1 } } });
});
