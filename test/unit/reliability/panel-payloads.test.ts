/**
 * Panels on a 60,000-item run stay small on the wire: every reply the host sends a panel (init
 * summary and series, biases, suggestions, neighbours, PCA) is measured at the largest parameters
 * the webview may ask for, and must stay under a bound. Sizes are printed for the closing note.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PanelQueries } from '../../../src/run-service/panel-queries';
import { PANEL_LIMITS } from '../../../src/protocol/webview';
import { fixtureRun } from '../../browser/fixture-run';

const KB = 1024;

test('replies to a 60,000-item panel are bounded (measured at the largest allowed parameters)', () => {
  const run = fixtureRun({ items: 60_000, users: 5_000, factors: 50, linesPerLabel: 2 });
  const q = new PanelQueries(run);
  const sizes: Record<string, number> = {};
  const measure = (name: string, value: unknown, maxKb: number): void => {
    const bytes = Buffer.byteLength(JSON.stringify(value));
    sizes[name] = bytes;
    assert.ok(bytes < maxKb * KB, `${name}: ${(bytes / KB).toFixed(1)} KB >= ${maxKb} KB`);
  };
  measure('init summary', q.summary(), 8);
  measure('init series', q.series(), 64);
  measure(`biases top ${PANEL_LIMITS.biasesTop}`, q.answer('query/biases', { side: 'items', top: PANEL_LIMITS.biasesTop, minCount: 0 }), 96);
  measure('biases filtered', q.answer('query/biases', { side: 'items', top: PANEL_LIMITS.biasesTop, minCount: 0, filter: 'western' }), 96);
  measure(`suggest ${PANEL_LIMITS.suggestions}`, q.answer('query/suggest', { side: 'items', text: 'Wes', limit: PANEL_LIMITS.suggestions }), 8);
  measure(`neighbours k ${PANEL_LIMITS.neighboursK}`, q.answer('query/neighbours', { side: 'items', query: 'Western 5 (1985)', metric: 'cosine', k: PANEL_LIMITS.neighboursK }), 32);
  measure(`pca ${PANEL_LIMITS.pcaPoints} points`, q.answer('query/pca', { side: 'items', topRated: PANEL_LIMITS.pcaPoints }), 1024);
  measure('rows of one item', q.rows('items', 5), 64);
  console.log(`  60,000-item run, reply sizes: ${Object.entries(sizes).map(([k, v]) => `${k} ${(v / KB).toFixed(1)} KB`).join('; ')}`);
});
