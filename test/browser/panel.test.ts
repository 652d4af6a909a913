/**
 * The run panel's webview in headless Chromium: every view renders from real PanelQueries answers over
 * a planted fixture run, clicks post the right messages, labels stay text, and the CSP holds (no
 * unsafe-eval, zero violations). Saves screenshots of each view in light and dark themes.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { modelLabel } from '../../src/common/model-label';
import { LiveRunHistory } from '../../src/extension/panels/live-history';
import { PANEL_LIMITS } from '../../src/protocol/webview';
import { PanelQueries } from '../../src/run-service/panel-queries';
import { fixtureRun, genreOf, XSS_TITLE } from './fixture-run';
import { THEMES } from './themes';
import { assertClean, panelSuite, FakeHost, initOf, openPanel, SCREENSHOTS, skipReason, type PanelPage } from './harness';

const skip = skipReason();
if (skip) console.log(`browser tests skipped: ${skip}`);

describe('run panel in Chromium', { skip }, () => {
  const suite = panelSuite();
  const queries = new PanelQueries(fixtureRun());


  const check = assertClean;

  async function open(options: Parameters<typeof openPanel>[3] = {}, host = new FakeHost(queries, initOf(queries))): Promise<PanelPage> {
    return suite.open(host, options);
  }

  test('the CSP is strict: nonce script, no unsafe-eval or unsafe-inline', async () => {
    const { page } = await open();
    const csp = await page.getAttribute('meta[http-equiv="Content-Security-Policy"]', 'content');
    assert.ok(csp);
    assert.match(csp, /default-src 'none'/);
    assert.match(csp, /script-src 'nonce-[A-Za-z0-9+/=]{16,}'/);
    assert.doesNotMatch(csp, /unsafe-eval|unsafe-inline/);
    const nonceOf = (html: string) => /'nonce-([^']+)'/.exec(html)?.[1];
    const firstNonce = nonceOf(suite.server.lastHtml);
    await page.reload();
    assert.notEqual(nonceOf(suite.server.lastHtml), firstNonce, 'a fresh nonce per load');
  });

  test('loss: a point per epoch for train and valid, metrics on top, LR schedule', async () => {
    const { page, host } = await open();
    await page.waitForSelector('[data-testid="loss-chart"] svg .mark-symbol.role-mark path');
    assert.equal(await page.getAttribute('[data-testid="loss-chart"]', 'data-epochs'), '5');
    // Two series of points (train loss, valid MSE) x 5 epochs.
    assert.equal(await page.locator('[data-testid="loss-chart"] .mark-symbol.role-mark path').count(), 10);
    assert.equal(await page.locator('[data-testid="loss-chart"] .mark-line.role-mark path').count(), 2);
    assert.equal((await page.textContent('[data-testid="metric-mse"] .card-value'))?.trim(), '0.8200');
    assert.ok((await page.textContent('.summary .config'))?.startsWith(`${modelLabel(queries.run.manifest.config)} \u00b7 lr `), 'the one model description');
    assert.equal(await page.locator('[data-testid="lr-chart"] .mark-line.role-mark path').count(), 1);
    assert.equal(host.sent('panel/ready').length, 1);
  });

  test('loss: "Is it any good?" shows the model beside its baselines and says which one it does not beat', async () => {
    const run = fixtureRun();
    const ranking = (ndcg: number) => ({ k: 10, threshold: 4, users: 90, precision: ndcg / 2, recall: ndcg / 3, ndcg, map: ndcg / 4, hitRate: 0.5, coverage: 0.1, eligibleUsers: 90, unrankableRelevant: 0 });
    run.manifest.ranking = ranking(0.12);
    run.manifest.baselines = {
      globalMean: { mean: 3.5, mse: 1.2544, rmse: 1.12, mae: 0.94 },
      biasOnly: { mse: 0.9025, rmse: 0.95, mae: 0.75, ranking: ranking(0.08) },
      popularity: { ranking: ranking(0.16) },
    };
    const q = new PanelQueries(run);
    const { page } = await open({}, new FakeHost(q, initOf(q)));
    await page.waitForSelector('[data-testid="baselines"]');
    const names = await page.locator('[data-testid="baseline-row"]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-name')));
    assert.deepEqual(names, ['model', 'globalMean', 'biasOnly', 'popularity']);
    const model = await page.locator('[data-testid="baseline-row"][data-name="model"] td').allTextContents();
    assert.equal(model[0], '0.9055', 'the model\'s RMSE is its last epoch\'s');
    const verdicts = await page.locator('[data-testid="baseline-verdict"]').allTextContents();
    assert.equal(verdicts.length, 1);
    assert.match(verdicts[0], /do not beat the popularity baseline: NDCG@10 0\.1200 against 0\.1600/);
    assert.match((await page.textContent('table.baselines caption')) ?? '', /k=10, relevant = rating \u2265 4, over 90 users/);
  });

  test('loss: a saved run with a batch history draws its per-batch curve (no live events)', async () => {
    const run = fixtureRun();
    const step = Array.from({ length: 50 }, (_, i) => (i + 1) * 2);
    run.manifest.history = {
      step, loss: step.map((t) => 0.8 + 0.6 * Math.exp(-t / 20)), lr: step.map((t) => 5e-3 * Math.sin(Math.PI * t / 101)),
      totalSteps: 100, batchesPerEpoch: 20,
    };
    const saved = new PanelQueries(run);
    const { page } = await open({}, new FakeHost(saved, initOf(saved)));
    await page.waitForSelector('[data-testid="loss-chart"] svg .mark-symbol.role-mark path');
    // 50 batch points + 5 epochs x (train, valid).
    assert.equal(await page.getAttribute('[data-testid="loss-chart"]', 'data-points'), '60');
    assert.equal(await page.locator('[data-testid="loss-chart"] .mark-line.role-mark path').count(), 3, 'batch, train and valid lines');
    assert.equal((await page.textContent('.note'))?.trim(), '', 'no "saved without per-batch losses" note');
  });

  test('loss: live trainer events are appended to the drawn chart, not redrawn', async () => {
    const live = { runId: 'live-1', title: 'live', status: 'training' as const, totalEpochs: 3, has: { biases: false, items: false, users: false, rows: false } };
    const host = new FakeHost(undefined, { type: 'panel/init', run: live, series: { runId: 'live-1', name: 'live', metrics: [], batches: [] }, compare: [], target: { liveRunId: 'live-1' } });
    const { page, send } = await open({}, host);
    await page.waitForSelector('[data-testid="loss-chart"] svg');
    await page.evaluate(() => document.querySelector('[data-testid="loss-chart"] svg')!.setAttribute('data-original', 'yes'));
    for (let epoch = 1; epoch <= 2; epoch++) {
      for (let batch = 0; batch < 10; batch++) {
        const step = (epoch - 1) * 10 + batch + 1;
        await send({ type: 'train/event', event: { type: 'train/batch', epoch, batch, batchesPerEpoch: 10, step, totalSteps: 30, smoothLoss: 0.75 + 0.7 * Math.exp(-step / 6) + 0.03 * Math.sin(step), lr: 5e-3 * Math.sin(Math.PI * step / 31) } });
      }
      await send({ type: 'train/event', event: { type: 'train/epoch', totalEpochs: 3, metrics: { epoch, trainLoss: 0.75 + 0.7 * Math.exp(-epoch * 10 / 6), validMse: 0.95 - 0.05 * epoch, validRmse: 1, validMae: 0.8, seconds: 0.5 } } });
    }
    await page.waitForFunction(() => document.querySelector('[data-testid="loss-chart"]')?.getAttribute('data-epochs') === '2');
    await page.screenshot({ path: join(SCREENSHOTS, 'loss-live-light.png') });
    assert.equal(await page.getAttribute('[data-testid="loss-chart"] svg', 'data-original'), 'yes', 'same SVG: appended, not re-embedded');
    assert.equal(await page.locator('[data-testid="loss-chart"] .mark-symbol.role-mark path').count(), 4);
    assert.equal(await page.locator('[data-testid="loss-chart"] .mark-line.role-mark path').count(), 3, 'batch, train and valid lines');
    assert.equal((await page.textContent('[data-testid="metric-epochs"] .card-value'))?.trim(), '2 / 3');
    assert.equal((await page.textContent('[data-testid="run-status"]'))?.trim(), 'training');
    await page.click('[data-testid="tab-biases"]');
    assert.match(await page.textContent('[data-testid="biases-status"]') ?? '', /when training ends/);
    // Events while the Loss view is hidden are drawn when it is shown again.
    await send({ type: 'train/event', event: { type: 'train/epoch', totalEpochs: 3, metrics: { epoch: 3, trainLoss: 0.74, validMse: 0.8, validRmse: 0.9, validMae: 0.7, seconds: 0.5 } } });
    await page.click('[data-testid="tab-loss"]');
    await page.waitForFunction(() => document.querySelector('[data-testid="loss-chart"]')?.getAttribute('data-epochs') === '3');
    assert.equal(await page.locator('[data-testid="loss-chart"] .mark-symbol.role-mark path').count(), 6);
  });

  test('loss: a long live run (100,000 batches) stays within the cap in the chart, first and last batch drawn', async () => {
    // The host saw the first half (thinned by the shared rule); the webview follows the second half live.
    const batchesPerEpoch = 10_000;
    const event = (step: number) => ({
      type: 'train/batch' as const, epoch: Math.floor(step / batchesPerEpoch) + 1, batch: step % batchesPerEpoch, batchesPerEpoch,
      step: step + 1, totalSteps: 100_000, smoothLoss: 0.8 + 0.5 * Math.exp(-step / 20_000), lr: 1e-3,
    });
    const history = new LiveRunHistory('live-long', 'long');
    for (let step = 0; step < 50_000; step++) history.record(event(step));
    const run = { ...history.summary(), totalEpochs: 10 };
    const host = new FakeHost(undefined, { type: 'panel/init', run, series: history.series(), compare: [], target: { liveRunId: 'live-long' } });
    const { page } = await open({}, host);
    await page.waitForSelector('[data-testid="loss-chart"] svg');
    const rest = Array.from({ length: 50_000 }, (_, i) => ({ type: 'train/event', event: event(50_000 + i) }));
    await page.evaluate((messages) => { for (const m of messages) window.postMessage(m, '*'); }, rest);
    for (let step = 50_000; step < 100_000; step++) history.record(event(step));
    const last = history.series().batches;
    await page.waitForFunction((x) => document.querySelector('[data-testid="loss-chart"]')?.getAttribute('data-batch-x')?.endsWith(` ${x}`), last.at(-1)!.x);
    const points = Number(await page.getAttribute('[data-testid="loss-chart"]', 'data-batch-points'));
    assert.ok(points <= PANEL_LIMITS.batchPoints, `${points} batch points drawn`);
    assert.equal(points, last.length, 'the same points the host keeps');
    assert.equal(await page.getAttribute('[data-testid="loss-chart"]', 'data-batch-x'), `${last[0].x} ${last.at(-1)!.x}`);
  });

  test('loss: a run that failed before its first batch shows why, not empty axes', async () => {
    const failed = {
      runId: 'live-2', title: 'bad.csv', status: 'failed' as const, totalEpochs: 5, error: 'bad.csv, line 7, column 3: rating "four" is not a number',
      has: { biases: false, items: false, users: false, rows: false },
    };
    const host = new FakeHost(undefined, { type: 'panel/init', run: failed, series: { runId: 'live-2', name: 'bad.csv', metrics: [], batches: [] }, compare: [], target: { liveRunId: 'live-2' } });
    const { page } = await open({}, host);
    await page.waitForSelector('#view-loss.no-history');
    assert.equal((await page.textContent('[data-testid="run-status"]'))?.trim(), 'failed');
    assert.match(await page.textContent('#view-loss .error') ?? '', /line 7, column 3/);
    assert.match(await page.textContent('#view-loss .note') ?? '', /failed before its first batch.*nothing was saved/);
    assert.equal(await page.isVisible('[data-testid="loss-chart"]'), false, 'no empty axes');
    assert.equal(await page.isVisible('#view-loss .cards'), false, 'no cards of dashes');
    await page.screenshot({ path: join(SCREENSHOTS, 'loss-failed-light.png') });
  });

  test('biases: planted classics on top, sortable, filters, a row click opens its rows', async () => {
    const { page, host } = await open({ state: { view: 'biases' } });
    await page.waitForSelector('[data-testid="biases-highest"] [data-testid="bias-row"]');
    const highest = await page.locator('[data-testid="biases-highest"] [data-testid="bias-row"]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-label')));
    assert.equal(highest.length, 25);
    assert.match(highest[0]!, /^Classic /);
    assert.equal(highest[2], XSS_TITLE);
    const lowest = await page.locator('[data-testid="biases-lowest"] [data-testid="bias-row"]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-label')));
    assert.match(lowest[0]!, /^Dud /);

    // Sort the highest table by rating count, descending.
    await page.click('[data-testid="biases-highest"] button.sort[data-column="count"]');
    const counts = await page.locator('[data-testid="biases-highest"] [data-testid="bias-row"] td:nth-child(3)').allTextContents();
    const numbers = counts.map((c) => Number(c.replace(/,/g, '')));
    assert.deepEqual(numbers, [...numbers].sort((a, b) => b - a));

    // Text filter goes to the host; every row then matches.
    await page.fill('[data-testid="biases-filter"]', 'western');
    await page.waitForFunction(() => [...document.querySelectorAll('[data-testid="biases-highest"] [data-testid="bias-row"]')].every((r) => /western/i.test(r.getAttribute('data-label') ?? '')));
    assert.equal(host.sent('query/biases').at(-1)?.params.filter, 'western');

    // Minimum count filter.
    await page.fill('[data-testid="biases-min-count"]', '200');
    await page.dispatchEvent('[data-testid="biases-min-count"]', 'change');
    await page.waitForFunction(() => /at least 200 ratings/.test(document.querySelector('[data-testid="biases-status"]')?.textContent ?? ''));
    assert.equal(host.sent('query/biases').at(-1)?.params.minCount, 200);

    const first = page.locator('[data-testid="biases-highest"] [data-testid="bias-row"]').first();
    const label = await first.getAttribute('data-label');
    await first.click();
    const opened = host.sent('rows/open').at(-1);
    assert.equal(opened?.label, label);
    assert.equal(opened?.side, 'items');
    assert.equal(queries.run.manifest.vocab.items[opened!.index], label);
  });

  test('XSS: a title with markup renders as text and runs nothing', async () => {
    const { page } = await open({ state: { view: 'biases' } });
    await page.waitForSelector(`[data-testid="bias-row"][data-label="${XSS_TITLE.replace(/"/g, '\\"')}"]`);
    const cell = await page.locator(`[data-testid="bias-row"][data-label="${XSS_TITLE}"] .label-text`).first().textContent();
    assert.equal(cell, XSS_TITLE);
    assert.equal(await page.locator('img').count(), 0, 'no element was parsed from the title');
    await page.waitForTimeout(200);
    assert.ok(!suite.server.requested.includes('/x'), 'the img src was never fetched');
  });

  test('neighbours: suggestions as you type, results from the planted cluster, trail walks back', async () => {
    const { page, host } = await open({ state: { view: 'neighbours' } });
    await page.click('[data-testid="neighbours-search"]');
    await page.keyboard.type('wester', { delay: 20 });
    await page.waitForSelector('[data-testid="neighbours-suggestion"]');
    const suggestions = await page.locator('[data-testid="neighbours-suggestion"]').evaluateAll((items) => items.map((i) => i.getAttribute('data-label')));
    assert.ok(suggestions.length >= 2, `suggestions: ${suggestions.join(' | ')}`);
    assert.ok(suggestions.every((s) => /western/i.test(s!)), suggestions.join(' | '));
    assert.ok(host.sent('query/suggest').length >= 1);

    await page.locator('[data-testid="neighbours-suggestion"]').first().click();
    await page.waitForSelector('[data-testid="neighbour-row"]');
    const queryLabel = (await page.textContent('[data-testid="neighbours-query"]'))!;
    assert.equal(queryLabel, suggestions[0]);
    const items = queries.run.manifest.vocab.items;
    const rows = await page.locator('[data-testid="neighbour-row"]').evaluateAll((r) => r.map((x) => x.getAttribute('data-label')!));
    assert.equal(rows.length, 10);
    const queryGenre = genreOf(items.indexOf(queryLabel));
    const sameGenre = rows.filter((label) => genreOf(items.indexOf(label)) === queryGenre).length;
    assert.ok(sameGenre >= 9, `only ${sameGenre}/10 neighbours share the planted cluster`);
    assert.equal(await page.locator('[data-testid="neighbour-row"] .bar .fill').count(), 10, 'similarity bars');

    // The open-rows button posts rows/open and keeps the query.
    await page.locator('[data-testid="neighbour-row"] [data-testid="open-rows"]').first().click();
    assert.equal(host.sent('rows/open').at(-1)?.label, rows[0]);
    assert.equal(await page.textContent('[data-testid="neighbours-query"]'), queryLabel);

    // Clicking a result makes it the query; the trail grows; a crumb walks back.
    await page.locator('[data-testid="neighbour-row"]').nth(1).click();
    await page.waitForFunction((label) => document.querySelector('[data-testid="neighbours-query"]')?.textContent === label, rows[1]);
    assert.deepEqual(await page.locator('[data-testid="trail-step"]').allTextContents(), [queryLabel, rows[1]]);
    await page.locator('[data-testid="trail-step"]').first().click();
    await page.waitForFunction((label) => document.querySelector('[data-testid="neighbours-query"]')?.textContent === label, queryLabel);
    assert.deepEqual(await page.locator('[data-testid="trail-step"]').allTextContents(), [queryLabel]);

    // Euclidean switch re-queries with the metric.
    await page.selectOption('[data-testid="neighbours-metric"]', 'euclidean');
    await page.waitForFunction(() => document.querySelector('[data-testid="neighbour-row"] th, table.data th:nth-child(3)')?.textContent?.includes('distance'));
    assert.equal(host.sent('query/neighbours').at(-1)?.params.metric, 'euclidean');
    const state = await suite.pages.at(-1)!.state();
    assert.equal(state?.neighbours?.trail.length, 1);

    // A typo gets the fuzzy match, a miss gets suggestions.
    await page.fill('[data-testid="neighbours-search"]', 'zzzzqqqq');
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-testid="did-you-mean"]');
  });

  test('pca: one mark per point, extremes beside, clicking a point highlights its neighbours and opens rows', async () => {
    const { page, host } = await open({ state: { view: 'pca' } });
    await page.waitForSelector('[data-testid="pca-chart"] svg .mark-symbol.role-mark path');
    const points = (await page.getAttribute('[data-testid="pca-chart"]', 'data-marks'))!;
    assert.equal(points, '200');
    assert.equal(await page.locator('[data-testid="pca-chart"] .mark-symbol.role-mark path').count(), 200);
    assert.ok(await page.locator('[data-testid="pca-chart"] .mark-text text').count() >= 5, 'labels for notable points');
    assert.equal(await page.locator('[data-testid="pca-extreme"]').count(), 20);

    // Click a point (the first symbol's position).
    const box = await page.locator('[data-testid="pca-chart"] .mark-symbol.role-mark path').nth(40).boundingBox();
    await page.mouse.click(box!.x + box!.width / 2, box!.y + box!.height / 2);
    await page.waitForSelector('[data-testid="pca-neighbours"] li');
    // Selecting shows the neighbours in the panel; only "Show ratings" opens the source.
    assert.equal(host.sent('rows/open').length, 0);
    await page.click('[data-testid="pca-show-ratings"]');
    const opened = host.sent('rows/open').at(-1);
    assert.ok(opened, 'rows/open posted');
    assert.equal(host.sent('query/neighbours').at(-1)?.params.query, opened.index);
    assert.equal(await page.locator('[data-testid="pca-neighbours"] li').count(), 8);

    // Most-rated filter and a new axis pair.
    await page.fill('[data-testid="pca-top"]', '50');
    await page.dispatchEvent('[data-testid="pca-top"]', 'change');
    await page.waitForFunction(() => document.querySelector('[data-testid="pca-chart"]')?.getAttribute('data-marks') === '50');
    assert.equal(host.sent('query/pca').at(-1)?.params.topRated, 50);
    // Wheel zooms (the scales are bound to an interval selection): the x axis shows a narrower range.
    const xTicks = async () => (await page.locator('[data-testid="pca-chart"] g[aria-label^="X-axis"] .role-axis-label text').allTextContents())
      .map((t) => Number(t.replace('\u2212', '-')));
    const span = (ticks: number[]) => Math.max(...ticks) - Math.min(...ticks);
    const before = await xTicks();
    assert.ok(before.length >= 3, `x ticks: ${before.join(',')}`);
    const plot = (await page.locator('[data-testid="pca-chart"] svg').boundingBox())!;
    await page.mouse.move(plot.x + plot.width / 2, plot.y + plot.height / 2);
    await page.mouse.wheel(0, -600);
    await page.waitForFunction((first) => {
      const texts = [...document.querySelectorAll('[data-testid="pca-chart"] g[aria-label^="X-axis"] .role-axis-label text')].map((t) => Number(t.textContent?.replace('\u2212', '-')));
      return texts.join() !== first;
    }, before.join(), { timeout: 5000 }).catch(() => undefined);
    const after = await xTicks();
    assert.ok(span(after) < span(before) * 0.9, `zoomed: ${before.join(',')} -> ${after.join(',')}`);
    await page.selectOption('[data-testid="pca-y"]', '2');
    await page.waitForSelector('[data-testid="pca-extremes-pc3"]');
  });

  test('a theme change redraws the charts in the new colours', async () => {
    const { page } = await open();
    await page.waitForSelector('[data-testid="loss-chart"] .role-axis-label text');
    const fill = () => page.getAttribute('[data-testid="loss-chart"] .role-axis-label text', 'fill');
    assert.equal(await fill(), THEMES.light.vars['--vscode-editor-foreground']);
    await page.evaluate((vars) => {
      for (const [name, value] of Object.entries(vars)) document.documentElement.style.setProperty(name, value);
      document.body.classList.replace('vscode-light', 'vscode-dark');
    }, THEMES.dark.vars);
    await page.waitForFunction((colour) => document.querySelector('[data-testid="loss-chart"] .role-axis-label text')?.getAttribute('fill') === colour, THEMES.dark.vars['--vscode-editor-foreground']);
  });

  test('compare mode draws every run\'s curves', async () => {
    const other = new PanelQueries(fixtureRun({ seed: 9 }));
    const host = new FakeHost(queries, initOf(queries, [other]));
    const { page } = await open({}, host);
    await page.waitForSelector('[data-testid="compare-row"]');
    assert.equal(await page.locator('[data-testid="compare-row"]').count(), 2);
    assert.equal(await page.locator('[data-testid="loss-chart"] .mark-symbol.role-mark path').count(), 20);
  });

  test('state survives a reload: the webview reopens on its saved view', async () => {
    const first = await open();
    await first.page.click('[data-testid="tab-neighbours"]');
    const state = await first.state();
    assert.equal(state?.view, 'neighbours');
    assert.deepEqual(state?.target, { runDir: queries.run.dir });
    assert.equal(first.host.sent('panel/view').at(-1)?.view, 'neighbours');
    const second = await open({ state });
    await second.page.waitForSelector('[data-testid="view-neighbours"]:not([hidden])');
    assert.equal(await second.page.getAttribute('[data-testid="tab-neighbours"]', 'aria-selected'), 'true');
  });

  test('a 60,000-item run stays small and responsive (times printed, not asserted)', async () => {
    const big = new PanelQueries(fixtureRun({ items: 60_000, users: 5_000, factors: 50, linesPerLabel: 1 }));
    const host = new FakeHost(big, initOf(big));
    for (const topRated of [1000, 5000]) {
      const { page } = await open({ state: { view: 'pca', pca: { side: 'items', topRated, x: 0, y: 1, colour: 'bias' } } }, host);
      const started = Date.now();
      await page.waitForFunction((n) => document.querySelector('[data-testid="pca-chart"]')?.getAttribute('data-marks') === String(n), topRated);
      const drawMs = Date.now() - started;
      assert.equal(await page.locator('[data-testid="pca-chart"] .mark-symbol.role-mark path').count(), topRated);
      // Hover a point: the tooltip shows up.
      const box = await page.locator('[data-testid="pca-chart"] .mark-symbol.role-mark path').nth(10).boundingBox();
      const hoverStart = Date.now();
      await page.mouse.move(box!.x + box!.width / 2, box!.y + box!.height / 2);
      await page.waitForSelector('#vg-tooltip-element.visible');
      console.log(`pca ${topRated} of 60,000 items: load+draw ${drawMs} ms, tooltip ${Date.now() - hoverStart} ms`);
      await page.click('[data-testid="tab-neighbours"]');
      const typed = Date.now();
      await page.click('[data-testid="neighbours-search"]');
      await page.keyboard.type('heist 12', { delay: 10 });
      await page.waitForSelector('[data-testid="neighbours-suggestion"]');
      console.log(`suggestions over 60,000 labels: ${Date.now() - typed} ms after typing started`);
      await check(suite.pages.at(-1)!);
      await page.close();
    }
    const pcaBytes = host.replies.filter((r) => r.type === 'query/pca').map((r) => `${(r.bytes / 1024).toFixed(0)} KB`);
    console.log(`pca replies: ${pcaBytes.join(', ')}`);
  });

  test('screenshots of each view in light and dark', async () => {
    for (const theme of ['light', 'dark', 'high-contrast'] as const) {
      for (const view of ['loss', 'biases', 'neighbours', 'pca'] as const) {
        if (theme === 'high-contrast' && view !== 'pca' && view !== 'biases') continue;
        const { page } = await open({ theme, state: { view, neighbours: { side: 'items', metric: 'cosine', k: 12, trail: [{ index: 1, label: queries.run.manifest.vocab.items[1] }, { index: 5, label: queries.run.manifest.vocab.items[5] }] } } });
        if (view === 'loss') await page.waitForSelector('[data-testid="lr-chart"] svg');
        if (view === 'biases') await page.waitForSelector('[data-testid="bias-row"]');
        if (view === 'neighbours') await page.waitForSelector('[data-testid="neighbour-row"]');
        if (view === 'pca') {
          await page.waitForSelector('[data-testid="pca-chart"] svg .mark-symbol.role-mark path');
          const box = await page.locator('[data-testid="pca-chart"] .mark-symbol.role-mark path').nth(3).boundingBox();
          await page.mouse.click(box!.x + box!.width / 2, box!.y + box!.height / 2);
          await page.waitForSelector('[data-testid="pca-neighbours"] li');
        }
        await page.screenshot({ path: join(SCREENSHOTS, `${view}-${theme}.png`), fullPage: true });
        await check(suite.pages.at(-1)!);
        await page.close();
      }
    }
  });
});
