/**
 * The projection view in Chromium over the fixture run, answered by the run service's projection
 * code: switching to UMAP, t-SNE and custom axes (layouts drawn as they arrive), isolating a
 * shift-dragged selection, saving a view and restoring it in a fresh page, exports handed to the
 * host, and a keyboard route to any point. Screenshots go to test-output/screenshots.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { PanelQueries } from '../../src/run-service/panel-queries';
import { fixtureRun } from './fixture-run';
import { panelSuite, FakeHost, initOf, openPanel, SCREENSHOTS, skipReason, type PanelPage } from './harness';

const skip = skipReason();

describe('projection view in Chromium', { skip }, () => {
  const suite = panelSuite();
  const queries = new PanelQueries(fixtureRun());


  async function open(host = new FakeHost(queries, initOf(queries)), state: NonNullable<Parameters<typeof openPanel>[3]>['state'] = { view: 'pca' }): Promise<PanelPage> {
    const panel = await suite.open(host, { state });
    await panel.page.waitForSelector('[data-testid="pca-chart"] svg .mark-symbol.role-mark path');
    return panel;
  }

  const status = (page: Page) => page.textContent('[data-testid="pca-status"]');
  const xTitle = (page: Page) => page.textContent('[data-testid="pca-chart"] g[aria-label^="X-axis"] .role-axis-title text');

  async function switchTo(page: Page, method: string, title: RegExp): Promise<void> {
    await page.selectOption('[data-testid="pca-method"]', method);
    await page.waitForFunction((source) => new RegExp(source).test(document.querySelector('[data-testid="pca-chart"] g[aria-label^="X-axis"] .role-axis-title text')?.textContent ?? ''), title.source, { timeout: 60_000 });
    await page.waitForFunction(() => /most rated/.test(document.querySelector('[data-testid="pca-status"]')?.textContent ?? ''), undefined, { timeout: 60_000 });
  }

  test('UMAP and t-SNE: the PCA start is drawn first, then the final layout; the request carries the settings', async () => {
    const { page, host } = await open();
    await page.fill('[data-testid="pca-top"]', '150');
    await page.dispatchEvent('[data-testid="pca-top"]', 'change');
    await page.waitForFunction(() => document.querySelector('[data-testid="pca-chart"]')?.getAttribute('data-marks') === '150');
    await switchTo(page, 'umap', /^UMAP 1$/);
    assert.equal(await page.getAttribute('[data-testid="pca-chart"]', 'data-marks'), '150');
    const sent = host.sent('query/project').at(-1)!;
    assert.deepEqual({ method: sent.params.method, top: sent.params.top, seed: sent.params.seed }, { method: 'umap', top: 150, seed: 42 });
    assert.ok(host.projections!.frames >= 1, 'at least the first picture arrived before the reply');
    assert.equal(await page.isHidden('[data-testid="pca-x"]'), true, 'PC choice only for PCA');
    await page.screenshot({ path: join(SCREENSHOTS, 'projection-umap.png'), fullPage: true });
    await page.fill('[data-testid="pca-tsne-perplexity"]', '12').catch(() => undefined);
    await switchTo(page, 'tsne', /^t-SNE 1$/);
    await page.fill('[data-testid="pca-tsne-perplexity"]', '12');
    await page.dispatchEvent('[data-testid="pca-tsne-perplexity"]', 'change');
    await page.waitForFunction(() => /most rated/.test(document.querySelector('[data-testid="pca-status"]')?.textContent ?? ''), undefined, { timeout: 60_000 });
    assert.equal(host.sent('query/project').at(-1)!.params.tsne?.perplexity, 12);
    assert.match((await status(page))!, /KL divergence/);
    await page.screenshot({ path: join(SCREENSHOTS, 'projection-tsne.png'), fullPage: true });
  });

  test('custom axes: x from westerns to space operas; extremes list the most space-opera-ward titles', async () => {
    const { page } = await open();
    await page.selectOption('[data-testid="pca-method"]', 'custom');
    await page.fill('[data-testid="custom-x-from-text"]', 'western');
    await page.fill('[data-testid="custom-x-to-text"]', 'space');
    await page.click('[data-testid="custom-apply"]');
    await page.waitForFunction(() => /"western".*"space"/.test(document.querySelector('[data-testid="pca-chart"] g[aria-label^="X-axis"] .role-axis-title text')?.textContent ?? ''));
    const highest = await page.locator('[data-testid="pca-extremes-pc1"] [data-testid="pca-extreme"]').first().getAttribute('data-label');
    assert.match(highest!, /space/i);
    await page.screenshot({ path: join(SCREENSHOTS, 'projection-custom-axes.png'), fullPage: true });
  });

  test('isolate: shift-drag selects points, Isolate re-projects only them, Show all goes back', async () => {
    const { page, host } = await open();
    const plot = (await page.locator('[data-testid="pca-chart"] svg .mark-symbol.role-mark').boundingBox())!;
    await page.mouse.move(plot.x + plot.width * 0.05, plot.y + plot.height * 0.05);
    await page.keyboard.down('Shift');
    await page.mouse.down();
    await page.mouse.move(plot.x + plot.width * 0.55, plot.y + plot.height * 0.6, { steps: 8 });
    await page.mouse.up();
    await page.keyboard.up('Shift');
    await page.waitForSelector('[data-testid="pca-selection-tools"]:not([hidden])');
    const count = Number((await page.textContent('[data-testid="pca-selected-count"]'))!.replace(/[^\d].*$/, ''));
    assert.ok(count >= 3 && count < 200, `selected ${count}`);
    await page.click('[data-testid="pca-mean-neighbours"]');
    await page.waitForSelector('[data-testid="pca-mean-neighbours"] li');
    assert.equal(host.sent('query/mean-neighbours').at(-1)!.params.rows.length, count);
    await page.click('[data-testid="pca-isolate"]');
    await page.waitForFunction((n) => document.querySelector('[data-testid="pca-chart"]')?.getAttribute('data-marks') === String(n), count);
    assert.equal(host.sent('query/pca').at(-1)!.params.subset?.length, count);
    assert.match((await status(page))!, /isolated/);
    await page.click('[data-testid="pca-show-all"]');
    await page.waitForFunction(() => document.querySelector('[data-testid="pca-chart"]')?.getAttribute('data-marks') === '200');
  });

  test('saved views: save a zoomed t-SNE view, restore it in a new page (as after a reload)', async () => {
    const host = new FakeHost(queries, initOf(queries));
    const { page } = await open(host);
    await switchTo(page, 'tsne', /^t-SNE 1$/);
    await page.click('[data-testid="pca-zoom-in"]');
    const zoom = await page.evaluate(() => 1);
    assert.equal(zoom, 1);
    await page.fill('[data-testid="views-name"]', 'tsne close up');
    await page.click('[data-testid="views-save"]');
    await page.waitForFunction(() => /Saved the view/.test(document.querySelector('[data-testid="pca-status"]')?.textContent ?? ''));
    const file = join(host.projections!.dir, 'views', 'tsne close up.json');
    assert.ok(existsSync(file));
    const saved = JSON.parse(readFileSync(file, 'utf8'));
    assert.equal(saved.projection.method, 'tsne');
    assert.ok(saved.zoom && saved.zoom.x[1] > saved.zoom.x[0], 'zoom saved');
    // A fresh page (the webview after a reload) on PCA lists and restores it.
    const second = await open(host);
    await second.page.waitForSelector('[data-testid="views-list"] option[value="tsne close up"]', { state: 'attached' });
    await second.page.selectOption('[data-testid="views-list"]', 'tsne close up');
    await second.page.click('[data-testid="views-restore"]');
    await second.page.waitForFunction(() => /Restored the view/.test(document.querySelector('[data-testid="pca-status"]')?.textContent ?? ''), undefined, { timeout: 60_000 });
    assert.equal(await second.page.inputValue('[data-testid="pca-method"]'), 'tsne');
    assert.match((await xTitle(second.page))!, /t-SNE 1/);
    const domain = await second.page.evaluate(() => [...document.querySelectorAll('[data-testid="pca-chart"] g[aria-label^="X-axis"] .role-axis-label text')].map((t) => Number(t.textContent?.replace('\u2212', '-'))));
    assert.ok(Math.max(...domain) <= saved.zoom.x[1] + 1e-9 && Math.min(...domain) >= saved.zoom.x[0] - 1e-9, `ticks ${domain.join(',')} inside ${saved.zoom.x.join(',')}`);
  });

  test('export: PNG and SVG bytes and the CSV of coordinates reach the host', async () => {
    const { page, host } = await open();
    for (const format of ['png', 'svg', 'csv']) {
      await page.click(`[data-testid="export-${format}"]`);
      await page.waitForFunction((f) => new RegExp(`Exported to .*\\.${f}`).test(document.querySelector('[data-testid="pca-status"]')?.textContent ?? ''), format);
    }
    const [png, svg, csv] = host.projections!.exports;
    assert.deepEqual([...png.bytes.slice(0, 4)], [0x89, 0x50, 0x4e, 0x47]);
    assert.match(new TextDecoder().decode(svg.bytes), /^<svg/);
    const lines = new TextDecoder().decode(csv.bytes).trim().split('\n');
    assert.equal(lines[0], 'index,label,x,y,bias,count,mean');
    assert.equal(lines.length, 201);
  });

  test('keyboard: find a point, its neighbours as buttons; the table view lists the points', async () => {
    const { page, host } = await open();
    await page.focus('[data-testid="pca-find-search"]');
    await page.keyboard.type('Western 1');
    await page.waitForSelector('#pca-find-suggestions li');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-testid="pca-neighbours"] li button');
    await page.focus('[data-testid="pca-neighbours"] li button');
    await page.keyboard.press('Space');
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid="pca-neighbours"] li').length === n, 8);
    assert.ok(host.sent('query/neighbours').length >= 2);
    assert.equal(host.sent('rows/open').length, 0);
    await page.click('[data-testid="pca-table-toggle"]');
    assert.equal(await page.locator('[data-testid="pca-table-row"]').count(), 200);
    const aria = await page.evaluate(() => {
      const chart = document.querySelector('[data-testid="pca-chart"]')!;
      return { labelled: [chart, ...chart.querySelectorAll('[aria-label]')].map((e) => e.getAttribute('aria-label')), paths: chart.querySelectorAll('.mark-symbol path[aria-label], .mark-symbol path[role]').length, hidden: chart.querySelectorAll('.mark-symbol[aria-hidden="true"]').length };
    });
    assert.ok(aria.labelled.some((l) => /scatter of 200 items/.test(l ?? '')), 'the chart has its one-line description');
    assert.equal(aria.paths, 0, 'no per-point labels for assistive technology');
  });

  test('a 10,000-point scatter stays interactive: wheel-zoom frame time, SVG at 5,000 and canvas at 10,000 (printed, not asserted)', async () => {
    const big = new PanelQueries(fixtureRun({ items: 12_000, users: 500, factors: 50, linesPerLabel: 1 }));
    const custom = { x: { kind: 'direction', from: { kind: 'search', text: 'western' }, to: { kind: 'search', text: 'space' } }, y: { kind: 'component', component: 0 } } as const;
    for (const top of [5000, 10000]) {
      const host = new FakeHost(big, initOf(big));
      const panel = await suite.open(host, { state: { view: 'pca', pca: { side: 'items', topRated: top, x: 0, y: 1, colour: 'bias', method: 'custom', projection: { custom } } } });
        const { page } = panel;
      await page.waitForFunction((n) => document.querySelector('[data-testid="pca-chart"]')?.getAttribute('data-marks') === String(n), top, { timeout: 120_000 });
      const renderer = await page.getAttribute('[data-testid="pca-chart"]', 'data-renderer');
      const frames = await page.evaluate(async () => {
        const target = document.querySelector('[data-testid="pca-chart"] canvas, [data-testid="pca-chart"] svg')!;
        const box = target.getBoundingClientRect();
        const times: number[] = [];
        const frame = () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
        for (let i = 0; i < 20; i++) {
          const start = performance.now();
          target.dispatchEvent(new WheelEvent('wheel', { deltaY: i % 2 ? 120 : -120, clientX: box.x + box.width / 2, clientY: box.y + box.height / 2, bubbles: true, cancelable: true }));
          await frame();
          times.push(performance.now() - start);
        }
        times.sort((a, b) => a - b);
        return { median: times[10], p90: times[18] };
      });
      console.log(`scatter ${top} points (${renderer}): wheel-zoom frame median ${frames.median.toFixed(1)} ms, p90 ${frames.p90.toFixed(1)} ms`);
      await page.close();
    }
  });
});

