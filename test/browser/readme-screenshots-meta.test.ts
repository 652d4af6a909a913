/**
 * README pictures of metadata and the Data view from a real saved run with its items file (not part
 * of the regular suite: it needs a run folder), e.g. MovieLens 100K:
 *   node bin/collab.js train u.data --items u.item --users u.user --out /tmp/runs
 *   COLLAB_SCREENSHOT_RUN=/tmp/runs/<id> node --test out/test/browser/readme-screenshots-meta.test.js
 * Writes test-output/screenshots/readme-{pca-genres,neighbours-meta,data}-<theme>.png.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadRun } from '../../src/core/run/load';
import type { PanelState } from '../../src/protocol/webview';
import { PanelQueries } from '../../src/run-service/panel-queries';
import { FakeHost, initOf, launchBrowser, openPanel, PanelServer, SCREENSHOTS, skipReason } from './harness';

const runDir = process.env.COLLAB_SCREENSHOT_RUN;
const skip = !runDir ? 'set COLLAB_SCREENSHOT_RUN to a run folder to draw README screenshots' : skipReason();

test('README screenshots of metadata and the Data view from a real run', { skip }, async () => {
  const queries = new PanelQueries(await loadRun(runDir!));
  const items = queries.run.manifest.vocab.items;
  const toyStory = Math.max(0, items.findIndex((label) => label.startsWith('Toy Story')));
  const browser = await launchBrowser();
  const server = await PanelServer.start();
  mkdirSync(SCREENSHOTS, { recursive: true });
  try {
    for (const theme of ['light', 'dark'] as const) {
      const shots: [string, PanelState, string][] = [
        ['pca-genres', { view: 'pca', pca: { side: 'items', topRated: 500, x: 0, y: 1, colour: 'bias', meta: { field: 'genres', value: 'Children\'s' } } }, '[data-testid="legend-entry"]'],
        ['neighbours-meta', { view: 'neighbours', neighbours: { side: 'items', metric: 'cosine', k: 10, trail: [{ index: toyStory, label: items[toyStory] }], meta: { field: 'genres' } } }, '[data-testid="meta-cell"]'],
        ['data', { view: 'data' }, '[data-testid="data-tails"] svg .mark-line path'],
      ];
      for (const [name, state, ready] of shots) {
        const { page } = await openPanel(browser, server, new FakeHost(queries, initOf(queries)), { theme, state, width: 1200 });
        await page.waitForSelector(ready, { timeout: 120_000 });
        await page.waitForTimeout(500);
        await page.screenshot({ path: join(SCREENSHOTS, `readme-${name}-${theme}.png`), fullPage: name === 'data' });
        await page.close();
      }
    }
  } finally {
    await browser.close();
    await server.close();
  }
});
