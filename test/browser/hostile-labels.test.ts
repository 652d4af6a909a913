/**
 * Hostile labels (HTML, Markdown, command links, control and bidi characters, a 10 KB title) in every
 * view of the panel, in Chromium: shown as inert text, never parsed, nothing runs, the CSP holds.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { PanelQueries } from '../../src/run-service/panel-queries';
import type { PanelState } from '../../src/protocol/webview';
import { shownLabel } from '../../webview/src/dom';
import { HOSTILE_LABELS, INVISIBLE_OR_CONTROL } from '../unit/reliability/hostile-labels';
import { fixtureRun } from './fixture-run';
import { panelSuite, FakeHost, initOf, openPanel, SCREENSHOTS, skipReason, type PanelPage } from './harness';

const skip = skipReason();

describe('hostile labels in the run panel', { skip }, () => {
  const suite = panelSuite();
  async function open(options: Parameters<typeof openPanel>[3], host: FakeHost): Promise<PanelPage> {
    return suite.open(host, options);
  }

  test('hostile labels (HTML, Markdown, links, control and bidi characters, 10 KB) stay inert text in every view', async () => {
    const hostileRun = new PanelQueries(fixtureRun({ hostileLabels: HOSTILE_LABELS, runId: '<svg onload=alert(1)>' }));
    const hostileIndex = (k: number) => 3 + k;
    const host = new FakeHost(hostileRun, initOf(hostileRun, [new PanelQueries(fixtureRun({ runId: '"><img src=y onerror=alert(2)>' }))]));
    const state: PanelState = {
      view: 'loss',
      neighbours: { side: 'items', metric: 'cosine', k: 30, trail: HOSTILE_LABELS.slice(0, 3).map((label, k) => ({ index: hostileIndex(k), label })) },
      pca: { side: 'items', topRated: HOSTILE_LABELS.length, x: 0, y: 1, colour: 'bias' },
    };
    const { page } = await open({ state }, host);
    const inert = async (where: string) => {
      assert.equal(await page.locator('img, a, iframe, object, embed').count(), 0, `${where}: an element was parsed from a label`);
      assert.equal(await page.locator('script').count(), 1, `${where}: a script element appeared`);
      assert.equal(await page.locator('svg svg, svg foreignObject, table svg').count(), 0, `${where}: an SVG element came from a label`);
    };
    const texts = (selector: string) => page.locator(selector).allTextContents();

    await page.waitForSelector('[data-testid="compare-row"]');
    assert.equal((await page.locator('.run-title strong').textContent()), shownLabel(hostileRun.summary().title));
    await inert('loss');

    await page.click('[data-testid="tab-biases"]');
    await page.waitForSelector('[data-testid="biases-highest"] [data-testid="bias-row"]');
    assert.deepEqual(await texts('[data-testid="biases-highest"] .label-text'), HOSTILE_LABELS.map(shownLabel));
    assert.ok(!(await texts('[data-testid="biases-highest"] .label-text')).some((t) => INVISIBLE_OR_CONTROL.test(t)), 'no bidi or control character reaches the screen');
    const attrs = await page.locator('[data-testid="biases-highest"] [data-testid="bias-row"]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-label')));
    assert.deepEqual(attrs, HOSTILE_LABELS, 'data-label attributes hold the labels verbatim (no attribute break-out)');
    await inert('biases');
    await page.screenshot({ path: join(SCREENSHOTS, 'hostile-biases-light.png'), fullPage: true });

    await page.click('[data-testid="tab-neighbours"]');
    await page.waitForSelector('[data-testid="neighbour-row"]');
    assert.deepEqual(await texts('[data-testid="trail-step"]'), HOSTILE_LABELS.slice(0, 3).map(shownLabel));
    assert.equal(await page.textContent('[data-testid="neighbours-query"]'), shownLabel(HOSTILE_LABELS[2]));
    const shown = await texts('[data-testid="neighbour-row"] .label-text');
    assert.ok(shown.filter((label) => HOSTILE_LABELS.map(shownLabel).includes(label)).length >= 3, 'hostile neighbours listed as text');
    await page.fill('[data-testid="neighbours-search"]', '');
    await page.click('[data-testid="neighbours-search"]');
    await page.keyboard.type('<scr', { delay: 10 });
    await page.waitForSelector('[data-testid="neighbours-suggestion"]');
    assert.ok((await texts('[data-testid="neighbours-suggestion"] .label-text')).includes('<script>alert(1)</script>'));
    await inert('neighbours');

    await page.click('[data-testid="tab-pca"]');
    await page.waitForSelector('[data-testid="pca-chart"] .mark-symbol.role-mark path');
    const extremes = await texts('[data-testid="pca-extreme"] .label-text');
    assert.ok(extremes.length === 20 && extremes.every((label) => HOSTILE_LABELS.map(shownLabel).includes(label)));
    // Every point's tooltip: vega-tooltip's sanitizer keeps labels as text.
    const points = page.locator('[data-testid="pca-chart"] .mark-symbol.role-mark path');
    const tooltipLabels = new Set<string>();
    for (let i = 0; i < await points.count(); i++) {
      const box = await points.nth(i).boundingBox();
      if (!box) continue;
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      await page.waitForSelector('#vg-tooltip-element.visible', { timeout: 2000 }).catch(() => undefined);
      const label = await page.locator('#vg-tooltip-element td.value').first().textContent().catch(() => null);
      if (label) tooltipLabels.add(label);
      assert.equal(await page.locator('#vg-tooltip-element *:not(table, tbody, tr, td, h2)').count(), 0, 'tooltip holds only its table');
    }
    assert.ok(tooltipLabels.size >= 10, `tooltips seen: ${tooltipLabels.size}`);
    assert.ok([...tooltipLabels].includes('<script>alert(1)</script>'));
    assert.equal(suite.server.requested.filter((path) => !['/panel.html', '/panel.js', '/panel-style.css', '/favicon.ico'].includes(path)).length, 0, 'nothing else was fetched');
    await inert('pca');
  });

});
