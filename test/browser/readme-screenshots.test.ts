/**
 * README pictures from a real saved run (not part of the regular suite: it needs a run folder).
 *   node bin/collab.js train u.data --items u.item --out /tmp/runs --json > /tmp/events.jsonl
 *   COLLAB_SCREENSHOT_RUN=/tmp/runs/<id> COLLAB_SCREENSHOT_EVENTS=/tmp/events.jsonl \
 *     node --test out/test/browser/readme-screenshots.test.js
 * Writes test-output/screenshots/readme-<view>-<theme>.png.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { LiveRunHistory, mergeBatches } from '../../src/extension/panels/live-history';
import { PanelQueries } from '../../src/run-service/panel-queries';
import { loadRun } from '../../src/core/run/load';
import type { TrainerToHost } from '../../src/protocol/trainer';
import type { PanelState } from '../../src/protocol/webview';
import { FakeHost, initOf, launchBrowser, openPanel, PanelServer, SCREENSHOTS, skipReason } from './harness';

const runDir = process.env.COLLAB_SCREENSHOT_RUN;
const skip = !runDir ? 'set COLLAB_SCREENSHOT_RUN to a run folder to draw README screenshots' : skipReason();

test('README screenshots from a real run', { skip }, async () => {
  const queries = new PanelQueries(await loadRun(runDir!));
  const init = initOf(queries);
  const eventsFile = process.env.COLLAB_SCREENSHOT_EVENTS;
  if (eventsFile && existsSync(eventsFile)) {
    const history = new LiveRunHistory(queries.run.manifest.id);
    for (const line of readFileSync(eventsFile, 'utf8').split('\n')) {
      if (line.trim().startsWith('{')) history.record(JSON.parse(line) as TrainerToHost);
    }
    init.series = { ...init.series, batches: mergeBatches(history.batches, init.series.batches) };
  }
  const items = queries.run.manifest.vocab.items;
  const find = (prefix: string) => Math.max(0, items.findIndex((label) => label.startsWith(prefix)));
  const starWars = find('Star Wars');
  const empire = find('Empire Strikes Back');
  const browser = await launchBrowser();
  const server = await PanelServer.start();
  mkdirSync(SCREENSHOTS, { recursive: true });
  try {
    for (const theme of ['light', 'dark'] as const) {
      for (const view of ['loss', 'biases', 'neighbours', 'pca'] as const) {
        const state: PanelState = {
          view,
          biases: { side: 'items', minCount: 50, filter: '' },
          neighbours: { side: 'items', metric: 'cosine', k: 10, trail: [{ index: starWars, label: items[starWars] }, { index: empire, label: items[empire] }] },
          pca: { side: 'items', topRated: 500, x: 0, y: 1, colour: 'bias' },
        };
        const { page } = await openPanel(browser, server, new FakeHost(queries, init), { theme, state, width: 1200 });
        if (view === 'loss') await page.waitForSelector('[data-testid="lr-chart"] svg');
        if (view === 'biases') await page.waitForSelector('[data-testid="bias-row"]');
        if (view === 'neighbours') await page.waitForSelector('[data-testid="neighbour-row"]');
        if (view === 'pca') {
          await page.waitForSelector('[data-testid="pca-chart"] svg .mark-symbol.role-mark path');
          await page.locator(`[data-testid="pca-extreme"]`).first().click();
          await page.waitForSelector('[data-testid="pca-neighbours"] li');
        }
        await page.screenshot({ path: join(SCREENSHOTS, `readme-${view}-${theme}.png`), fullPage: view !== 'biases' });
        await page.close();
      }
    }
  } finally {
    await browser.close();
    await server.close();
  }
});
