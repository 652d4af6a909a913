/**
 * Accessibility that axe-core cannot judge, in headless Chromium: each chart says what it shows,
 * the loss history reads as a table, loss series differ by dash and shape as well as colour, the
 * count colour scale starts opaque, High Contrast Light is treated as light, notes and errors are
 * live regions, training progress is announced once per epoch (never per batch), and controls
 * and tables are named for people.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import type { TrainerToHost } from '../../src/protocol/trainer';
import { PanelQueries } from '../../src/run-service/panel-queries';
import { finishedLrFind, finishedTune, openStudyPage } from './a11y-pages';
import { fixtureRun } from './fixture-run';
import { panelSuite, FakeHost, initOf, openPanel, skipReason, type PanelPage } from './harness';

const skip = skipReason();

/** The aria-label of a chart: Vega puts it on the element it draws in (the chart box itself, or a wrapper inside it). */
function chartLabel(page: Page, testId: string): Promise<string | null> {
  return page.evaluate((id) => {
    const box = document.querySelector(`[data-testid="${id}"]`);
    const root = box?.matches('[role="graphics-document"]') ? box : box?.querySelector('[role="graphics-document"]');
    return root?.getAttribute('aria-label') ?? null;
  }, testId);
}

describe('accessibility beyond axe', { skip }, () => {
  const suite = panelSuite();
  const queries = new PanelQueries(fixtureRun());
  const other = new PanelQueries(fixtureRun({ seed: 9, runId: '20261126-101010-dot-ratings' }));


  async function open(options: Parameters<typeof openPanel>[3] = {}, host = new FakeHost(queries, initOf(queries))): Promise<PanelPage> {
    return suite.open(host, options);
  }

  test('each chart has a one-line description (its aria-label), and the loss history opens as a table', async () => {
    const { page } = await open();
    await page.waitForSelector('[data-testid="lr-chart"] svg');
    const label = (box: string) => chartLabel(page, box);
    assert.equal(await label('loss-chart'), 'Loss per epoch, 5 of 5 epochs: train loss 1.3000 \u2192 0.5000, valid MSE 1.1000 \u2192 0.8200.');
    assert.match(await label('lr-chart') ?? '', /^Learning rate per batch: /);
    await page.click('[data-testid="loss-table"] summary');
    const epochs = await page.locator('[data-testid="loss-table"] tbody tr').allTextContents();
    assert.equal(epochs.length, 5);
    assert.match(epochs[4], /^51\.3000|^50\.5000/, 'epoch 5: its train loss beside it');
    assert.equal(await page.locator('[data-testid="loss-table"] th[scope="col"]').count(), 6);

    await page.click('[data-testid="tab-pca"]');
    await page.waitForSelector('[data-testid="pca-chart"] svg .mark-symbol.role-mark path');
    assert.match(await label('pca-chart') ?? '', /^PCA scatter of 200 items: PC1 \(\d+% of variance\) against PC2 \(\d+% of variance\)\. View as table lists the points\.$/);

    const lr = await openStudyPage(suite.browser, suite.server, [{ type: 'lr/state', state: finishedLrFind() }]);
    await lr.page.waitForSelector('[data-testid="lr-find-chart"][data-status="done"] svg');
    assert.match(await chartLabel(lr.page, 'lr-find-chart') ?? '',
      /^Learning-rate range test, 95 batches from .* lowest smoothed loss [\d.]+ at .*; suggested rate 2\.10e-3\.$/);
    await lr.page.close();
    const tune = await openStudyPage(suite.browser, suite.server, [{ type: 'tune/state', state: finishedTune() }]);
    await tune.page.waitForSelector('[data-testid="tune-heatmap"][data-cells] svg');
    assert.equal(await chartLabel(tune.page, 'tune-heatmap'),
      'Heatmap of the best RMSE by factors and wd, 4 cells; best 0.9100 at factors=50, wd=0.1. The table below lists every configuration.');
    await tune.page.close();
  });

  test('loss series differ by dash and point shape, not only colour (one run and compared runs)', async () => {
    for (const compare of [[], [other]]) {
      const { page } = await open({}, new FakeHost(queries, initOf(queries, compare)));
      await page.waitForSelector('[data-testid="loss-chart"] svg .mark-symbol.role-mark path');
      const dashes = await page.locator('[data-testid="loss-chart"] .mark-line.role-mark path').evaluateAll((paths) => paths.map((p) => p.getAttribute('stroke-dasharray') ?? 'solid'));
      assert.equal(new Set(dashes).size, 2, `train and valid lines dashed differently: ${dashes.join(' | ')}`);
      const shapes = await page.locator('[data-testid="loss-chart"] .mark-symbol.role-mark path').evaluateAll((paths) => paths.map((p) => (p.getAttribute('d') ?? '').replace(/[\d.-]+/g, '#')));
      assert.equal(new Set(shapes).size, 2, 'train and valid points have different shapes');
      await page.close();
    }
  });

  test('the rating-count colour scale starts opaque: low-count points stay visible', async () => {
    const { page } = await open({ state: { view: 'pca', pca: { side: 'items', topRated: 1000, x: 0, y: 1, colour: 'count' } } });
    await page.waitForSelector('[data-testid="pca-chart"] svg .mark-symbol.role-mark path');
    const fills = await page.locator('[data-testid="pca-chart"] .mark-symbol.role-mark path').evaluateAll((paths) => paths.map((p) => p.getAttribute('fill') ?? ''));
    const alphaOf = (fill: string) => { const m = /^rgba\([^,]+,[^,]+,[^,]+,\s*([\d.]+)\)$/.exec(fill); return m ? Number(m[1]) : 1; };
    const faint = fills.filter((f) => alphaOf(f) < 1);
    assert.deepEqual(faint.slice(0, 3), [], `${faint.length} of ${fills.length} points filled with a see-through colour`);
  });

  test('High Contrast Light is a light theme: without its colour variables the charts fall back to dark ink', async () => {
    const { page } = await open({ theme: 'high-contrast-light' });
    await page.waitForSelector('[data-testid="loss-chart"] .role-axis-label text');
    // Drop every --vscode-* colour, then let the panel redraw (VS Code swaps the body class on a theme change).
    await page.evaluate(() => {
      const style = document.documentElement.style;
      for (const name of [...style].filter((n) => n.startsWith('--vscode-') && !/font/.test(n))) style.removeProperty(name);
      document.body.classList.remove('vscode-high-contrast-light');
      document.body.classList.add('vscode-high-contrast-light');
    });
    await page.waitForFunction(() => document.querySelector('[data-testid="loss-chart"] .role-axis-label text')?.getAttribute('fill') !== '#292929');
    assert.equal(await page.getAttribute('[data-testid="loss-chart"] .role-axis-label text', 'fill'), '#333333', 'the light fallback, not the dark one (#cccccc)');
  });

  test('notes are status regions, errors alerts; training progress is announced once per epoch, not per batch', async () => {
    // A saved run whose queries fail: the error lands in an alert inside the view's status note.
    const broken = await open({ state: { view: 'biases' } }, new FakeHost(undefined, initOf(queries)));
    await broken.page.waitForSelector('[data-testid="biases-status"] [role="alert"]');
    assert.equal(await broken.page.getAttribute('[data-testid="biases-status"]', 'role'), 'status');
    assert.match(await broken.page.textContent('[data-testid="biases-status"] [role="alert"]') ?? '', /no saved model/);
    for (const id of ['neighbours-status', 'pca-status', 'recommend-status']) {
      assert.equal(await broken.page.getAttribute(`[data-testid="${id}"]`, 'role'), 'status', id);
    }
    assert.equal(await broken.page.getAttribute('#view-loss .note', 'role'), 'status');

    const live = { runId: 'live-1', title: 'live', status: 'training' as const, totalEpochs: 3, has: { biases: false, items: false, users: false, rows: false } };
    const init = { type: 'panel/init' as const, run: live, series: { runId: 'live-1', name: 'live', metrics: [], batches: [] }, compare: [], target: { liveRunId: 'live-1' } };
    const { page, send } = await open({}, new FakeHost(undefined, init));
    await page.waitForSelector('[data-testid="loss-chart"] svg');
    assert.equal(await page.getAttribute('[data-testid="loss-progress"]', 'role'), 'status');
    await page.evaluate(() => {
      const said: string[] = [];
      (window as unknown as { __said: string[] }).__said = said;
      const region = document.querySelector('[data-testid="loss-progress"]')!;
      new MutationObserver(() => said.push(region.textContent ?? '')).observe(region, { childList: true, characterData: true, subtree: true });
    });
    const event = (e: TrainerToHost) => send({ type: 'train/event', event: e });
    for (let epoch = 1; epoch <= 2; epoch++) {
      for (let batch = 0; batch < 10; batch++) {
        await event({ type: 'train/batch', epoch, batch, batchesPerEpoch: 10, step: (epoch - 1) * 10 + batch + 1, totalSteps: 30, smoothLoss: 1 - batch / 100, lr: 1e-3 });
      }
      await event({ type: 'train/epoch', totalEpochs: 3, metrics: { epoch, trainLoss: 1 - epoch / 10, validMse: 1.1 - epoch / 10, validRmse: 1, validMae: 0.8, seconds: 0.5 } });
    }
    await page.waitForFunction(() => document.querySelector('[data-testid="loss-chart"]')?.getAttribute('data-epochs') === '2');
    // The host's init for the finished run carries its whole history.
    const metrics = [1, 2].map((epoch) => ({ epoch, trainLoss: 1 - epoch / 10, validMse: 1.1 - epoch / 10, validRmse: 1, validMae: 0.8, seconds: 0.5 }));
    await send({ ...init, run: { ...live, status: 'trained' }, series: { ...init.series, metrics } });
    await page.waitForFunction(() => (window as unknown as { __said: string[] }).__said.length >= 3);
    assert.deepEqual(await page.evaluate(() => (window as unknown as { __said: string[] }).__said), [
      'Epoch 1 of 3: train loss 0.9000, valid MSE 1.0000.',
      'Epoch 2 of 3: train loss 0.8000, valid MSE 0.9000.',
      'Training finished: valid MSE 0.9000 after 2 epochs.',
    ]);
  });

  test('controls and tables are named for people: radio groups, the Neighbours table, the compare table', async () => {
    const trail = [{ index: 1, label: queries.run.manifest.vocab.items[1] }];
    const { page } = await open({ state: { view: 'neighbours', neighbours: { side: 'items', metric: 'cosine', k: 5, trail } } });
    await page.waitForSelector('[data-testid="neighbour-row"]');
    const groups = await page.locator('[role="radiogroup"]').evaluateAll((gs) => gs.map((g) => g.getAttribute('aria-label')));
    for (const name of ['Show biases of', 'Find neighbours among', 'Points to project', 'Recommend for']) assert.ok(groups.includes(name), `${name} in ${groups.join(' | ')}`);
    assert.deepEqual(groups.filter((g) => !g || /^[a-z]+(-[a-z]+)+$/.test(g)), [], 'no group named by an internal id');
    assert.equal(await page.textContent('#view-neighbours table caption'),
      `Nearest 5 to \u201c${trail[0].label}\u201d by cosine similarity; click a row, or press Enter on it, to follow it`);
    assert.equal((await page.locator('#view-neighbours thead th').last().textContent())?.trim(), 'Actions');
    assert.match(await page.textContent('[data-testid="neighbours-status"]') ?? '', /^$|Closest match|^Neighbours among items with at least \d+ ratings/);

    const compared = await open({}, new FakeHost(queries, initOf(queries, [other])));
    await compared.page.waitForSelector('[data-testid="compare-row"]');
    assert.equal(await compared.page.locator('table.compare thead th[scope="col"]').count(), 5);
    assert.equal(await compared.page.locator('table.compare tbody th[scope="row"]').count(), 2);
  });
});
