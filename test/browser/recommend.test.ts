/**
 * The Recommend view in headless Chromium over real PanelQueries answers (fixture run): the
 * questionnaire, star ratings and "haven't seen", type-ahead to rate anything, recommendations that
 * change after every rating with a why line, half stars on a 0.5-5 scale, state kept through a reload.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { defaultYRange } from '../../src/core/model';
import { PanelQueries } from '../../src/run-service/panel-queries';
import { fixtureRun } from './fixture-run';
import { panelSuite, FakeHost, initOf, openPanel, SCREENSHOTS, skipReason, type PanelPage } from './harness';

const skip = skipReason();

describe('Recommend view in Chromium', { skip }, () => {
  const suite = panelSuite();
  const ranged = (range: [number, number]) => {
    const run = fixtureRun();
    run.manifest.config = { ...run.manifest.config!, yRange: defaultYRange(range) };
    return new PanelQueries(run);
  };
  const queries = ranged([1, 5]);


  async function open(q = queries, options: Parameters<typeof openPanel>[3] = {}): Promise<PanelPage> {
    return suite.open(new FakeHost(q, initOf(q, [], 'recommend')), options);
  }

  const recommended = (page: Page) => page.$$eval('[data-testid="recommendation"]', (rows) => rows.map((r) => r.getAttribute('data-label') ?? r.textContent ?? ''));

  test('rating questionnaire items updates the recommendations each time, with a why line, and leaves rated items out', async () => {
    const { page, host, state } = await open();
    await page.waitForSelector('[data-testid="view-recommend"]:not([hidden]) [data-testid="question"]');
    assert.equal(await page.locator('[data-testid="question"]').count(), 12);
    await page.waitForSelector('[data-testid="recommendation"]');
    assert.match((await page.textContent('[data-testid="recommend-status"]')) ?? '', /No ratings yet/);
    let before = await recommended(page);
    const labels = await page.$$eval('[data-testid="question"]', (qs) => qs.map((q) => q.getAttribute('data-label')!));
    const rate = async (n: number, value: number): Promise<void> => {
      const asked = host.sent('query/recommend-for').length;
      await page.click(`[data-testid="question"]:nth-child(${n + 1}) [data-testid="star"][data-value="${value}"]`);
      while (host.sent('query/recommend-for').length === asked) await new Promise((r) => setTimeout(r, 20));
      await page.waitForTimeout(50);
    };
    await rate(0, 5);
    await rate(1, 1);
    await rate(2, 5);
    const after3 = await recommended(page);
    assert.notDeepEqual(after3, before, 'three ratings change the list');
    before = after3;
    await page.click('[data-testid="question"]:nth-child(4) [data-testid="skip"]');
    await rate(4, 2);
    const last = host.sent('query/recommend-for').at(-1)!;
    assert.deepEqual(last.params.ratings.map((r) => r.rating), [5, 1, 5, 2]);
    assert.equal((await page.textContent('[data-testid="recommend-mine"]'))?.trim(), '4 rated, 1 skipped.');
    const now = await recommended(page);
    for (const label of [labels[0], labels[1], labels[2], labels[4]]) assert.ok(!now.some((r) => r.includes(label)), `${label} was rated`);
    const whys = await page.$$eval('[data-testid="why"]', (ws) => ws.map((w) => w.textContent ?? ''));
    assert.ok(whys.length > 0 && whys.every((w) => /offset .* item .* user .* taste = \d/.test(w)), whys[0]);
    assert.ok(whys.some((w) => /because you rated/.test(w)));
    const saved = await state();
    assert.equal(saved?.recommend?.ratings.length, 4);
    assert.deepEqual(saved?.recommend?.skipped.length, 1);
    await page.screenshot({ path: join(SCREENSHOTS, 'recommend-light.png'), fullPage: true });
  });

  test('type-ahead rates anything; the ratings survive a reload', async () => {
    const first = await open();
    const { page } = first;
    await page.waitForSelector('[data-testid="question"]');
    await page.click('[data-testid="recommend-search"]');
    await page.keyboard.type('western 1', { delay: 10 });
    await page.waitForSelector('[data-testid="recommend-suggestion"]');
    await page.waitForTimeout(300); // the list settles on the last keystroke's suggestions
    const picked = await page.getAttribute('[data-testid="recommend-suggestion"]', 'data-label');
    await page.click('[data-testid="recommend-suggestion"]');
    await page.waitForSelector(`[data-testid="question"]:first-child[data-label="${picked}"]`);
    await page.click('[data-testid="question"]:first-child [data-testid="star"][data-value="4"]');
    await page.waitForFunction(() => document.querySelector('[data-testid="recommend-mine"]')?.textContent?.includes('1 rated'));
    const state = await first.state();
    const second = await open(queries, { state });
    await second.page.waitForSelector(`[data-testid="question"][data-label="${picked}"] [data-testid="star"][aria-pressed="true"][data-value="4"]`);
  });

  test('an existing user: their rated items (sortable) and their recommendations with why', async () => {
    const { page, host } = await open();
    await page.waitForSelector('[data-testid="question"]');
    await page.click('label[for="recommend-mode-user"]');
    await page.fill('[data-testid="recommend-user-id"]', '3');
    await page.press('[data-testid="recommend-user-id"]', 'Enter');
    await page.waitForSelector('[data-testid="user-recommendation"]');
    assert.equal(host.sent('query/user-recommend').at(-1)?.params.user, '3');
    const whys = await page.$$eval('[data-testid="recommend-user-results"] [data-testid="why"]', (ws) => ws.map((w) => w.textContent ?? ''));
    assert.ok(whys.length > 0 && whys.every((w) => /taste = \d/.test(w)), whys[0]);
    const rated = await page.locator('[data-testid="user-rated"]').count();
    assert.ok(rated > 0);
    const means = async () => page.$$eval('[data-testid="user-rated"] td:nth-child(3)', (cells) => cells.map((c) => Number(c.textContent)));
    await page.click('button.sort[data-column="mean"]');
    const sorted = await means();
    const ascending = sorted.every((v, i) => i === 0 || sorted[i - 1] <= v);
    const descending = sorted.every((v, i) => i === 0 || sorted[i - 1] >= v);
    assert.ok(sorted.length > 1 && (ascending || descending), `sorted by mean: ${sorted}`);
    await page.click('[data-testid="user-recommendation"]');
    assert.equal(host.sent('rows/open').at(-1)?.side, 'items');
    await page.fill('[data-testid="recommend-user-id"]', 'nobody');
    await page.press('[data-testid="recommend-user-id"]', 'Enter');
    await page.waitForSelector('[data-testid="recommend-user-error"]');
  });

  test('save / open a profile and add to the data file go to the host with the ratings; an opened profile replaces them', async () => {
    const { page, host, send } = await open();
    await page.waitForSelector('[data-testid="view-recommend"]:not([hidden]) [data-testid="question"]');
    await page.click('[data-testid="question"]:nth-child(1) [data-testid="star"][data-value="5"]');
    const first = await page.getAttribute('[data-testid="question"]:nth-child(1)', 'data-label');
    await page.click('[data-testid="recommend-save-profile"]');
    await page.click('[data-testid="recommend-add-to-data"]');
    await page.click('[data-testid="recommend-open-profile"]');
    await page.waitForTimeout(100);
    const actions = host.sent('recommend/action');
    assert.deepEqual(actions.map((a) => a.action), ['save-profile', 'add-to-data', 'open-profile']);
    assert.equal(actions[0].ratings.length, 1);
    assert.equal(actions[0].ratings[0].rating, 5);
    // The host answers Open Profile with the profile's ratings: they replace the person's, with the note.
    const items = queries.run.manifest.vocab.items;
    const asked = host.sent('query/recommend-for').length;
    await send({ type: 'recommend/set-ratings', ratings: [{ index: 2, rating: 4, label: items[2] }, { index: 3, rating: 1, label: items[3] }], note: '1 rated item is not in this run: Gone (1999)' });
    while (host.sent('query/recommend-for').length === asked) await new Promise((r) => setTimeout(r, 20));
    await page.waitForTimeout(100);
    const last = host.sent('query/recommend-for').at(-1)!;
    assert.deepEqual(last.params.ratings, [{ index: 2, rating: 4 }, { index: 3, rating: 1 }], `the profile replaced the rating of ${first}`);
    assert.match((await page.textContent('[data-testid="recommend-status"]')) ?? '', /not in this run: Gone \(1999\)/);
  });

  test('a 0.5-5 scale gets half stars', async () => {
    const { page } = await open(ranged([0.5, 5]));
    await page.waitForSelector('[data-testid="question"]');
    const values = await page.$$eval('[data-testid="question"]:first-child [data-testid="star"]', (s) => s.map((b) => Number(b.getAttribute('data-value'))));
    assert.deepEqual(values, [0.5, 1, 1.5, 2, 2.5, 3, 3.5, 4, 4.5, 5]);
  });
});
