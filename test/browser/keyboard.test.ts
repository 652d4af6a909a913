/**
 * The webviews with the keyboard only (no mouse call anywhere in this file): switch every view by
 * its tab, sort a table and keep the focus on the sort button, open a row's ratings, follow a
 * neighbour, pick PCA extremes and neighbours with Enter and Space, rate and open a recommendation,
 * and work the study panels.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import type { PanelState, PanelViewName } from '../../src/protocol/webview';
import { PanelQueries } from '../../src/run-service/panel-queries';
import { finishedLrFind, finishedTune, openStudyPage } from './a11y-pages';
import { fixtureRun } from './fixture-run';
import { panelSuite, FakeHost, initOf, skipReason, type PanelPage } from './harness';

const skip = skipReason();

/** Presses Tab (or Shift+Tab) until the focused element matches `selector` (at most `max` presses); returns its data-label. */
async function tabTo(page: Page, selector: string, options: { max?: number; back?: boolean } = {}): Promise<string | null> {
  for (let i = 0; i < (options.max ?? 80); i++) {
    await page.keyboard.press(options.back ? 'Shift+Tab' : 'Tab');
    const label = await page.evaluate((s) => {
      const active = document.activeElement;
      return active?.matches(s) ? active.getAttribute('data-label') ?? active.closest('[data-label]')?.getAttribute('data-label') ?? '' : undefined;
    }, selector);
    if (label !== undefined) return label;
  }
  const at = await page.evaluate(() => document.activeElement?.outerHTML.slice(0, 200));
  throw new Error(`Tab never reached ${selector} (focus is on ${at})`);
}

/** Waits until `check` holds (messages from the page reach the stand-in host asynchronously). */
async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 100 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 20));
  assert.ok(check(), what);
}

/** Whether the focused element matches a selector. */
function focused(page: Page, selector: string): Promise<boolean> {
  return page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector);
}

describe('the webviews with the keyboard only', { skip }, () => {
  const suite = panelSuite();
  const queries = new PanelQueries(fixtureRun());
  const items = queries.run.manifest.vocab.items;


  async function open(state: PanelState): Promise<PanelPage> {
    return suite.open(new FakeHost(queries, initOf(queries)), { state });
  }

  test('the tabs: Tab reaches the selected one, arrows, Home and End switch every view', async () => {
    const { page, host } = await open({ view: 'loss' });
    await page.waitForSelector('[data-testid="loss-chart"] svg');
    await page.keyboard.press('Tab');
    assert.ok(await focused(page, '#tab-loss'), 'the first Tab lands on the selected tab');
    // Every tab after Loss, in page order (a view added later is walked too).
    const order = (await page.locator('[role="tab"]').evaluateAll((tabs) => tabs.map((t) => t.id.replace(/^tab-/, '')))).slice(1) as PanelViewName[];
    assert.ok(order.length >= 4, `tabs: ${order.join(', ')}`);
    const last = order[order.length - 1];
    for (const view of order) {
      await page.keyboard.press('ArrowRight');
      assert.ok(await focused(page, `#tab-${view}`));
      assert.equal(await page.getAttribute(`#tab-${view}`, 'aria-selected'), 'true');
      assert.equal(await page.isVisible(`#view-${view}`), true, `${view} is shown`);
    }
    await page.keyboard.press('ArrowRight');
    assert.ok(await focused(page, '#tab-loss'), 'ArrowRight wraps to the first tab');
    await page.keyboard.press('End');
    assert.ok(await focused(page, `#tab-${last}`));
    await page.keyboard.press('Home');
    assert.ok(await focused(page, '#tab-loss'));
    await page.keyboard.press('ArrowLeft');
    assert.ok(await focused(page, `#tab-${last}`), 'ArrowLeft wraps to the last tab');
    assert.deepEqual(host.sent('panel/view').map((m) => m.view), [...order, 'loss', last, 'loss', last]);
    assert.equal(await page.getAttribute('#view-recommend', 'aria-labelledby'), 'tab-recommend');
  });

  test('biases: sort by Enter and Space keeps the focus on the sort button; Enter and Space on a row open its ratings', async () => {
    const { page, host } = await open({ view: 'biases' });
    await page.waitForSelector('[data-testid="biases-highest"] [data-testid="bias-row"]');
    const sortButton = '[data-testid="biases-highest"] button.sort[data-column="count"]';
    await tabTo(page, sortButton);
    await page.keyboard.press('Enter');
    assert.ok(await focused(page, sortButton), 'focus stays on the sort button after sorting');
    assert.equal(await page.getAttribute('[data-testid="biases-highest"] th:has(button[data-column="count"])', 'aria-sort'), 'descending');
    const counts = async () => (await page.locator('[data-testid="biases-highest"] [data-testid="bias-row"] td:nth-child(3)').allTextContents()).map((c) => Number(c.replace(/,/g, '')));
    const descending = await counts();
    assert.deepEqual(descending, [...descending].sort((a, b) => b - a));
    await page.keyboard.press('Space');
    assert.ok(await focused(page, sortButton), 'and after sorting again');
    assert.equal(await page.getAttribute('[data-testid="biases-highest"] th:has(button[data-column="count"])', 'aria-sort'), 'ascending');
    const ascending = await counts();
    assert.deepEqual(ascending, [...ascending].sort((a, b) => a - b));
    // The lowest table's sort button keeps its own focus too (two tables of the same rows on the page).
    const lowestSort = '[data-testid="biases-lowest"] button.sort[data-column="mean"]';
    await tabTo(page, lowestSort);
    await page.keyboard.press('Enter');
    assert.ok(await focused(page, lowestSort));

    const first = await tabTo(page, '[data-testid="biases-lowest"] [data-testid="bias-row"]');
    await page.keyboard.press('Enter');
    await until(() => host.sent('rows/open').at(-1)?.label === first, 'Enter on a row opens its ratings');
    const second = await tabTo(page, '[data-testid="biases-lowest"] [data-testid="bias-row"]');
    assert.notEqual(second, first);
    await page.keyboard.press('Space');
    await until(() => host.sent('rows/open').at(-1)?.label === second, 'Space on a row opens its ratings');
    assert.equal(host.sent('rows/open').length, 2);
  });

  test('neighbours: search, follow a result with Enter (focus moves to the new results), open its ratings', async () => {
    const { page, host } = await open({ view: 'neighbours' });
    await page.waitForSelector('[data-testid="neighbours-status"]:has-text("Type a label")');
    await tabTo(page, '[data-testid="neighbours-search"]');
    await page.keyboard.type(items[1]);
    await page.keyboard.press('Enter');
    await page.waitForFunction((label) => document.querySelector('[data-testid="neighbours-query"]')?.textContent === label, items[1]);
    const followed = await tabTo(page, '[data-testid="neighbour-row"]');
    await page.keyboard.press('Enter');
    await page.waitForFunction((label) => document.querySelector('[data-testid="neighbours-query"]')?.textContent === label, followed);
    assert.ok(await focused(page, '[data-testid="neighbour-row"]'), 'focus is on the first new result');
    const row = await page.evaluate(() => document.activeElement?.getAttribute('data-label'));
    await page.keyboard.press('Tab');
    assert.ok(await focused(page, '[data-testid="open-rows"]'), 'the row\'s Show ratings button follows it');
    await page.keyboard.press('Enter');
    await until(() => host.sent('rows/open').at(-1)?.label === row, 'Enter on Show ratings opens them');
    // The trail walks back with the keyboard too.
    await tabTo(page, '[data-testid="trail-step"]:not(.current)', { back: true });
    await page.keyboard.press('Enter');
    await page.waitForFunction((label) => document.querySelector('[data-testid="neighbours-query"]')?.textContent === label, items[1]);
  });

  test('pca: the extremes and the neighbours of a point are buttons that Enter and Space select; Show ratings opens the rows', async () => {
    const { page, host } = await open({ view: 'pca' });
    await page.waitForSelector('[data-testid="pca-chart"] svg .mark-symbol.role-mark path');
    const before = host.sent('query/neighbours').length;
    await tabTo(page, '[data-testid="pca-extreme"] button');
    await page.keyboard.press('Space');
    await page.waitForSelector('[data-testid="pca-neighbours"] li button');
    await until(() => host.sent('query/neighbours').length > before, 'Space on an extreme selects it and asks for its neighbours');
    const selected = host.sent('query/neighbours').at(-1)?.params.query;
    await tabTo(page, '[data-testid="pca-show-ratings"]');
    await page.keyboard.press('Enter');
    await until(() => host.sent('rows/open').at(-1)?.index === selected, 'Enter on Show ratings opens the selected point\'s ratings');
    const asked = host.sent('query/neighbours').length;
    await tabTo(page, '[data-testid="pca-neighbours"] li button');
    await page.keyboard.press('Enter');
    await until(() => host.sent('query/neighbours').length > asked, 'Enter on a neighbour selects it in turn');
  });

  test('recommend: rate with Enter and Space, then open a recommendation', async () => {
    const { page, host } = await open({ view: 'recommend' });
    await page.waitForSelector('[data-testid="recommendation"]');
    await tabTo(page, '[data-testid="question"] [data-testid="star"][data-value="5"]');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.querySelector('[data-testid="given"]')?.textContent === '5');
    assert.ok(await focused(page, '[data-testid="question"] [data-testid="star"][data-value="5"]'), 'the focus stays on the star just pressed');
    const before = host.sent('query/recommend-for').length;
    await tabTo(page, '[data-testid="question"]:nth-child(2) [data-testid="star"][data-value="1"]');
    await page.keyboard.press('Space');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="given"]')[1]?.textContent === '1');
    await until(() => host.sent('query/recommend-for').length > before, 'the recommendations are asked for again');
    const label = await tabTo(page, '[data-testid="recommendation"]');
    await page.keyboard.press('Enter');
    await until(() => host.sent('rows/open').at(-1)?.label === label, 'Enter on a recommendation opens its ratings');
  });

  test('study panels: the curve as a table and Train with this rate; the sweep sorted and a configuration trained', async () => {
    const lr = await openStudyPage(suite.browser, suite.server, [{ type: 'lr/state', state: finishedLrFind() }], 'light');
    await lr.page.waitForSelector('[data-testid="lr-find-chart"][data-status="done"] svg');
    await tabTo(lr.page, '[data-testid="lr-find-table"] summary');
    await lr.page.keyboard.press('Enter');
    // the table's rows are written when the details open (a toggle event): wait for them, then count
    await lr.page.waitForSelector('[data-testid="lr-find-table"][open] tbody tr');
    assert.equal(await lr.page.locator('[data-testid="lr-find-table"] tbody tr').count(), 95, 'the drawn curve: 100 batches less the last 5');
    await tabTo(lr.page, '[data-testid="lr-train"]');
    await lr.page.keyboard.press('Enter');
    await until(() => lr.received.some((m) => m.type === 'lr/train'), 'Train with this rate posted');
    assert.deepEqual(lr.received.filter((m) => m.type === 'lr/train'), [{ type: 'lr/train', lr: 0.0021 }]);
    assert.deepEqual(lr.errors, []);
    await lr.page.close();

    const tune = await openStudyPage(suite.browser, suite.server, [{ type: 'tune/state', state: finishedTune() }], 'light');
    await tune.page.waitForSelector('[data-testid="tune-row"]');
    const sort = 'button.sort[data-column="param:factors"]';
    await tabTo(tune.page, sort);
    await tune.page.keyboard.press('Enter');
    assert.ok(await focused(tune.page, sort), 'focus stays on the sort button');
    assert.match(await tune.page.locator('table.data caption').textContent() ?? '', /sorted by factors/);
    await tabTo(tune.page, '[data-testid="tune-train-row"]');
    await tune.page.keyboard.press('Enter');
    await until(() => tune.received.some((m) => m.type === 'tune/train'), 'Train posted');
    assert.equal(tune.received.filter((m) => m.type === 'tune/train').length, 1);
    assert.deepEqual(tune.errors, []);
    await tune.page.close();
  });
});
