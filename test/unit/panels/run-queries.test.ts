/** The panel host's answers, straight from src/core/analysis over a planted fixture run (no browser). */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PanelQueries } from '../../../src/run-service/panel-queries';
import { fixtureRun, genreOf, XSS_TITLE } from '../../browser/fixture-run';

const queries = new PanelQueries(fixtureRun());
const items = queries.run.manifest.vocab.items;

test('biases rank the planted classics first and the duds last; filters apply before top-N', () => {
  const table = queries.answer('query/biases', { side: 'items', top: 5, minCount: 0 });
  assert.match(table.highest[0].label, /^Classic /);
  assert.equal(table.highest[2].label, XSS_TITLE);
  assert.match(table.lowest[0].label, /^Dud /);
  assert.equal(table.highest.length, 5);
  const filtered = queries.answer('query/biases', { side: 'items', top: 5, minCount: 0, filter: 'ROMANCE' });
  assert.ok(filtered.highest.every((r) => /romance/i.test(r.label)));
  assert.match(filtered.highest[0].label, /^Classic Romance/);
  assert.ok(filtered.considered < table.considered);
  const counted = queries.answer('query/biases', { side: 'items', top: 200, minCount: 300 });
  assert.ok(counted.highest.every((r) => (r.count ?? 0) >= 300));
});

test('suggestions match what was typed; neighbours come from the planted cluster', () => {
  const { labels } = queries.answer('query/suggest', { side: 'items', text: 'space op', limit: 12 });
  assert.ok(labels.length >= 2);
  assert.ok(labels.every((r) => /space opera/i.test(r.label)));
  const result = queries.answer('query/neighbours', { side: 'items', query: 'Heist 8 (2006)', metric: 'cosine', k: 10 });
  assert.ok(result.ok);
  assert.equal(result.query.label, 'Heist 8 (2006)');
  const genre = genreOf(result.query.index);
  assert.ok(result.neighbours.filter((n) => genreOf(n.index) === genre).length >= 9);
  assert.ok(result.neighbours.every((n, i) => i === 0 || n.score <= result.neighbours[i - 1].score));
  const miss = queries.answer('query/neighbours', { side: 'items', query: 'qqqqzzzzxxxx', metric: 'cosine', k: 10 });
  assert.equal(miss.ok, false);
});

test('PCA sends three components of the most-rated points with their facts', () => {
  const pca = queries.answer('query/pca', { side: 'items', topRated: 40 });
  assert.equal(pca.points.length, 40);
  assert.equal(pca.total, items.length - 1);
  const counts = pca.points.map((p) => p.count!);
  const others = queries.run.manifest.stats!.itemCount.filter((_, i) => i > 0 && !pca.points.some((p) => p.index === i));
  assert.ok(Math.min(...counts) >= Math.max(...others), 'the most rated were kept');
  assert.ok(pca.points.every((p) => p.pc.length === 3 && p.bias !== undefined && p.mean !== undefined));
  assert.ok(pca.explained[0] >= pca.explained[1] && pca.explained[1] >= pca.explained[2]);
});

test('rows of a label are its source lines, ascending; the summary says what the run supports', () => {
  const rows = queries.rows('items', 7);
  assert.deepEqual(rows.lines, [...rows.lines].sort((a, b) => a - b));
  assert.equal(rows.total, 6);
  const summary = queries.summary();
  assert.deepEqual(summary.has, { biases: true, items: true, users: true, rows: true });
  assert.equal(summary.status, 'trained');
  const series = queries.series();
  assert.equal(series.metrics.length, 5);
  assert.ok(series.batches.length > 0 && series.batches.every((b) => b.smoothLoss === undefined && b.lr > 0), 'LR schedule only');
});
