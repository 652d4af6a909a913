/**
 * Metadata and the Data view in Chromium: the PCA coloured by genre with a legend that isolates one,
 * the Neighbours view's minimum count (marked low-count query) and metadata filter, the Biases
 * view's metadata column, the Data view's crosstab opening source lines, and hostile genre names inert.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { DEFAULT_NEIGHBOUR_MIN_COUNT } from '../../src/core/analysis/min-count';
import type { PanelState } from '../../src/protocol/webview';
import { PanelQueries } from '../../src/run-service/panel-queries';
import { GENRES, genreOf } from './fixture-run';
import { panelSuite, FakeHost, initOf, SCREENSHOTS, skipReason, type PanelPage } from './harness';
import { runWithFiles } from './meta-fixture';

const skip = skipReason();
const POINTS = '[data-testid="pca-chart"] svg .mark-symbol.role-mark path';

describe('metadata and the Data view in the run panel', { skip }, () => {
  const suite = panelSuite();
  async function open(queries: PanelQueries, state?: PanelState): Promise<PanelPage> {
    return suite.open(new FakeHost(queries, initOf(queries)), { state });
  }
  const fills = (page: PanelPage['page']) => page.locator(POINTS).evaluateAll((paths) => paths.map((p) => p.getAttribute('fill')));

  test('PCA: colour by genre gives one colour per genre, the legend isolates one, clicking it again brings all back', async () => {
    const { run } = runWithFiles();
    const panel = await open(new PanelQueries(run), { view: 'pca' });
    const { page, host } = panel;
    await page.waitForSelector(POINTS);
    const all = await page.locator(POINTS).count();
    assert.equal(all, 40);
    await page.waitForSelector('[data-testid="pca-meta-field"] option[value="genres"]', { state: 'attached' });
    await page.selectOption('[data-testid="pca-meta-field"]', 'genres');
    await page.waitForSelector('[data-testid="legend-entry"]');
    const legend = await page.locator('[data-testid="legend-entry"]').evaluateAll((b) => b.map((x) => x.getAttribute('data-value')));
    assert.deepEqual([...legend].sort(), [...GENRES, 'Drama'].sort());
    await page.waitForFunction(([sel, n]) => new Set([...document.querySelectorAll(sel as string)].map((p) => p.getAttribute('fill'))).size >= (n as number), [POINTS, GENRES.length] as const);
    // Each planted genre's points share one colour, and genres differ (points are coloured by their first genre).
    const colours = await fills(page);
    const rows = host.sent('query/metadata-values').at(-1)!.params.indices;
    const byGenre = new Map<number, Set<string | null>>();
    rows.forEach((index, k) => { const g = genreOf(index); if (!byGenre.has(g)) byGenre.set(g, new Set()); byGenre.get(g)!.add(colours[k]); });
    for (const set of byGenre.values()) assert.equal(set.size, 1);
    assert.equal(new Set([...byGenre.values()].map((s) => [...s][0])).size, GENRES.length);
    await page.screenshot({ path: join(SCREENSHOTS, 'pca-genres.png') });

    await page.click('[data-testid="legend-entry"][data-value="Western"]');
    await page.waitForFunction((sel) => document.querySelectorAll(sel).length === 10, POINTS);
    assert.equal(await page.getAttribute('[data-testid="legend-entry"][data-value="Western"]', 'aria-pressed'), 'true');
    assert.equal((await panel.state())?.pca?.meta?.value, 'Western');
    await page.click('[data-testid="legend-entry"][data-value="Western"]');
    await page.waitForFunction(([sel, n]) => document.querySelectorAll(sel as string).length === n, [POINTS, all] as const);

    // Highlight a value without filtering: all points drawn, the others faded.
    await page.selectOption('[data-testid="pca-meta-value"]', 'Drama');
    await page.waitForFunction((sel) => [...document.querySelectorAll(sel)].filter((p) => Number(p.getAttribute('fill-opacity') ?? p.getAttribute('opacity') ?? 1) < 0.5).length === 32, POINTS);
  });

  test('Neighbours: the minimum count is shown, a rarely rated query is marked, 0 brings rare neighbours back', async () => {
    const { run } = runWithFiles({ rareItems: [9, 13, 17] });
    const { page, host } = await open(new PanelQueries(run), { view: 'neighbours' });
    await page.fill('[data-testid="neighbours-search"]', '#9');
    await page.press('[data-testid="neighbours-search"]', 'Enter');
    await page.waitForSelector('[data-testid="neighbour-row"]');
    assert.match((await page.textContent('[data-testid="neighbours-status"]')) ?? '', new RegExp(`items with at least ${DEFAULT_NEIGHBOUR_MIN_COUNT} ratings`));
    assert.match((await page.textContent('[data-testid="low-count"]')) ?? '', /few ratings \(1 < 7\)/);
    assert.equal(await page.inputValue('[data-testid="neighbours-min-count"]'), String(DEFAULT_NEIGHBOUR_MIN_COUNT));
    const labels = await page.locator('[data-testid="neighbour-row"]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-label')));
    for (const rare of [13, 17]) assert.ok(!labels.includes(run.manifest.vocab.items[rare]));
    await page.fill('[data-testid="neighbours-min-count"]', '0');
    await page.dispatchEvent('[data-testid="neighbours-min-count"]', 'change');
    await page.waitForFunction(() => document.querySelector('[data-testid="neighbours-status"]')?.textContent?.includes('at least') === false);
    assert.equal(host.sent('query/neighbours').at(-1)?.params.minCount, 0);
  });

  test('Neighbours and Biases: a metadata column, and a filter to one genre', async () => {
    const { run } = runWithFiles();
    const { page } = await open(new PanelQueries(run), { view: 'neighbours' });
    await page.fill('[data-testid="neighbours-search"]', '#1');
    await page.press('[data-testid="neighbours-search"]', 'Enter');
    await page.waitForSelector('[data-testid="neighbour-row"]');
    await page.selectOption('[data-testid="neighbours-meta-field"]', 'genres');
    await page.waitForSelector('[data-testid="meta-cell"]');
    await page.selectOption('[data-testid="neighbours-meta-value"]', 'Drama');
    await page.check('[data-testid="neighbours-meta-only"]');
    await page.waitForFunction(() => {
      const c = [...document.querySelectorAll('[data-testid="meta-cell"]')];
      return c.length > 0 && c.every((x) => x.textContent?.includes('Drama'));
    });
    const cells = await page.locator('[data-testid="meta-cell"]').allTextContents();
    assert.ok(cells.length > 0 && cells.length < 10, `${cells.length} rows after the filter`);

    await page.click('[data-testid="tab-biases"]');
    await page.waitForSelector('[data-testid="bias-row"]');
    await page.selectOption('[data-testid="biases-meta-field"]', 'genres');
    await page.selectOption('[data-testid="biases-meta-value"]', 'Heist');
    await page.check('[data-testid="biases-meta-only"]');
    await page.waitForFunction(() => {
      const c = [...document.querySelectorAll('[data-testid="biases-highest"] [data-testid="meta-cell"]')];
      return c.length > 0 && c.every((x) => x.textContent?.includes('Heist'));
    });
  });

  test('Data view: crosstab heatmap whose cells open their source line, histogram and long tails drawn', async () => {
    const { run } = runWithFiles();
    const { page, host } = await open(new PanelQueries(run), { view: 'data' });
    await page.waitForSelector('[data-testid="crosstab-cell"]');
    assert.match((await page.textContent('[data-testid="data-status"]')) ?? '', /ratings by 30 users of 40 items/);
    assert.equal(await page.locator('[data-testid="data-crosstab"] tbody tr').count(), 15);
    const line = Number(await page.getAttribute('[data-testid="crosstab-cell"] >> nth=0', 'data-line'));
    await page.click('[data-testid="crosstab-cell"] >> nth=0');
    await page.waitForFunction(() => true);
    assert.deepEqual(host.sent('rows/line').at(-1), { type: 'rows/line', line });
    await page.waitForSelector('[data-testid="data-histogram"] svg .mark-rect path');
    assert.equal(await page.locator('[data-testid="data-histogram"] svg .mark-rect path').count(), 5);
    await page.waitForSelector('[data-testid="data-tails"] svg .mark-line path');
    assert.equal(await page.locator('[data-testid="data-tails"] svg .mark-line path').count(), 2);
    await page.screenshot({ path: join(SCREENSHOTS, 'data-view.png'), fullPage: true });
  });

  test('hostile genre names stay inert text in the legend, the selects and the table', async () => {
    const hostile = ['<img src=x onerror=alert(1)>', '"]; alert(1); //', 'datum.index && alert(1)', '\u202eevil\u202c'];
    const { run } = runWithFiles({ extraGenres: hostile });
    const { page } = await open(new PanelQueries(run), { view: 'pca', pca: { side: 'items', topRated: 40, x: 0, y: 1, colour: 'bias', meta: { field: 'genres' } } });
    await page.waitForSelector('[data-testid="legend-entry"]');
    await page.waitForSelector(POINTS);
    const values = await page.locator('[data-testid="pca-meta-value"] option').allTextContents();
    assert.ok(values.includes('<img src=x onerror=alert(1)>'));
    assert.equal(await page.locator('img, a, iframe').count(), 0);
    await page.click('[data-testid="legend-entry"][data-value="<img src=x onerror=alert(1)>"]');
    await page.waitForFunction((sel) => document.querySelectorAll(sel).length === 10, POINTS);
  });
});
