/**
 * Panel payloads stay small on a 60,000-item run: every reply is top-N or a most-rated subset, never
 * a whole matrix. Prints the sizes (for the README and the closing notes); asserts generous bounds.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PanelQueries } from '../../src/run-service/panel-queries';
import type { PanelRequests, PanelRequestType } from '../../src/protocol/webview';
import { fixtureRun } from './fixture-run';

test('replies for a 60,000-item run are small', () => {
  const queries = new PanelQueries(fixtureRun({ items: 60_000, users: 5_000, factors: 50, linesPerLabel: 2 }));
  const sizes: Record<string, number> = {};
  const measure = <K extends PanelRequestType>(name: string, type: K, params: PanelRequests[K]['params']) => {
    const result = queries.answer(type, params);
    sizes[name] = Buffer.byteLength(JSON.stringify({ type: 'reply', inReplyTo: 1, ok: true, result }));
    return result;
  };
  const init = { type: 'panel/init', run: queries.summary(), series: queries.series(), compare: [] };
  sizes['panel/init'] = Buffer.byteLength(JSON.stringify(init));
  measure('biases top 25', 'query/biases', { side: 'items', top: 25, minCount: 0 });
  measure('biases top 25, filter "opera"', 'query/biases', { side: 'items', top: 25, minCount: 10, filter: 'opera' });
  measure('suggest "space op"', 'query/suggest', { side: 'items', text: 'space op', limit: 12 });
  const n = measure('neighbours k=10', 'query/neighbours', { side: 'items', query: 'Western 5', metric: 'cosine', k: 10 });
  assert.ok(n.ok);
  measure('neighbours k=100', 'query/neighbours', { side: 'items', query: 5, metric: 'euclidean', k: 100 });
  const pca = measure('pca 1,000 most rated', 'query/pca', { side: 'items', topRated: 1000 });
  assert.equal(pca.points.length, 1000);
  assert.equal(pca.total, 60_000);
  const big = measure('pca asks 60,000 (capped)', 'query/pca', { side: 'items', topRated: 60_000 });
  assert.equal(big.points.length, 5000, 'capped at PANEL_LIMITS.pcaPoints');

  for (const [name, bytes] of Object.entries(sizes)) console.log(`payload ${name.padEnd(30)} ${(bytes / 1024).toFixed(1).padStart(8)} KB`);
  assert.ok(sizes['panel/init'] < 32 * 1024);
  assert.ok(sizes['biases top 25'] < 16 * 1024);
  assert.ok(sizes['suggest "space op"'] < 4 * 1024);
  assert.ok(sizes['neighbours k=10'] < 4 * 1024);
  assert.ok(sizes['pca 1,000 most rated'] < 160 * 1024);
  assert.ok(sizes['pca asks 60,000 (capped)'] < 800 * 1024);
});
