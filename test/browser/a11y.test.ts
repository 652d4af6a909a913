/**
 * Accessibility, checked by a machine: axe-core's WCAG 2.1 A/AA rules on every view of the run panel
 * and the study panels in Light+, Dark+, High Contrast and High Contrast Light, plus the checks axe
 * cannot make (chart descriptions, live regions, colour-independent series, the high-contrast-light
 * fallbacks, an opaque count scale).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { PanelQueries } from '../../src/run-service/panel-queries';
import type { PanelState } from '../../src/protocol/webview';
import { axeViolations, describeFindings, finishedLrFind, finishedTune, openStudyPage, type AxeFinding } from './a11y-pages';
import { fixtureRun } from './fixture-run';
import { runWithFiles } from './meta-fixture';
import { assertClean, panelSuite, FakeHost, initOf, skipReason, type PanelPage } from './harness';
import type { ThemeName } from './themes';

const skip = skipReason();
const THEME_NAMES: ThemeName[] = ['light', 'dark', 'high-contrast', 'high-contrast-light'];

/**
 * Findings accepted on purpose, each with its reason. `rule` is the axe rule id, `where` matches
 * the node's selector.
 */
const EXCEPTIONS: { rule: string; where: RegExp; reason: string }[] = [];

/** The findings no exception covers. */
function unexplained(findings: AxeFinding[]): AxeFinding[] {
  return findings
    .map((f) => ({ ...f, targets: f.targets.filter((t) => !EXCEPTIONS.some((e) => e.rule === f.rule && e.where.test(t))) }))
    .filter((f) => f.targets.length > 0);
}

describe('accessibility of the webviews (axe-core, WCAG 2.1 AA)', { skip }, () => {
  const suite = panelSuite();
  const run = fixtureRun();
  const ranking = (ndcg: number) => ({ k: 10, threshold: 4, users: 90, precision: ndcg / 2, recall: ndcg / 3, ndcg, map: ndcg / 4, hitRate: 0.5, coverage: 0.1, eligibleUsers: 90, unrankableRelevant: 0 });
  run.manifest.ranking = ranking(0.12);
  run.manifest.baselines = {
    globalMean: { mean: 3.5, mse: 1.2544, rmse: 1.12, mae: 0.94 },
    biasOnly: { mse: 0.9025, rmse: 0.95, mae: 0.75, ranking: ranking(0.08) },
    popularity: { ranking: ranking(0.16) },
  };
  const queries = new PanelQueries(run);
  const other = new PanelQueries(fixtureRun({ seed: 9, runId: '20261126-101010-dot-ratings' }));
  const trail = [{ index: 1, label: run.manifest.vocab.items[1] }];


  async function open(theme: ThemeName, state: PanelState, host = new FakeHost(queries, initOf(queries, [other]))): Promise<PanelPage> {
    return suite.open(host, { theme, state });
  }

  /** The unexplained axe findings on the page, as text naming the view and theme (empty when clean). */
  async function findings(page: Page, what: string): Promise<string[]> {
    const left = unexplained(await axeViolations(page));
    return left.length ? [`${what}:\n${describeFindings(left)}`] : [];
  }

  /** Each run panel view, how to wait for its content. */
  function filesHost(): FakeHost {
    const q = new PanelQueries(runWithFiles().run);
    return new FakeHost(q, initOf(q));
  }
  const VIEWS: { name: string; state: PanelState; ready: string; host?: () => FakeHost }[] = [
    { name: 'loss', state: { view: 'loss' }, ready: '[data-testid="lr-chart"] svg' },
    {
      name: 'loss (failed run)', state: { view: 'loss' }, ready: '[data-testid="loss-chart"] svg',
      host: () => new FakeHost(undefined, {
        type: 'panel/init', compare: [], target: { liveRunId: 'live-9' },
        run: { runId: 'live-9', title: 'bad.csv', status: 'failed', totalEpochs: 5, error: 'bad.csv, line 7: rating "four" is not a number', has: { biases: false, items: false, users: false, rows: false } },
        series: { runId: 'live-9', name: 'bad.csv', batches: [], metrics: [1, 2].map((epoch) => ({ epoch, trainLoss: 1.2 - epoch / 10, validMse: 1.1 - epoch / 20, validRmse: 1, validMae: 0.8, seconds: 0.3 })) },
      }),
    },
    { name: 'biases', state: { view: 'biases' }, ready: '[data-testid="bias-row"]' },
    { name: 'neighbours', state: { view: 'neighbours', neighbours: { side: 'items', metric: 'cosine', k: 8, trail } }, ready: '[data-testid="neighbour-row"]' },
    { name: 'pca', state: { view: 'pca' }, ready: '[data-testid="pca-chart"] svg .mark-symbol.role-mark path' },
    { name: 'recommend', state: { view: 'recommend' }, ready: '[data-testid="recommendation"]' },
    // The Data view and colour by genre read the run's files: the fixture with a ratings and a movies.csv on disk.
    { name: 'data', state: { view: 'data' }, ready: '[data-testid="crosstab-cell"]', host: filesHost },
    {
      name: 'pca coloured by genre', state: { view: 'pca', pca: { side: 'items', topRated: 200, x: 0, y: 1, colour: 'bias', meta: { field: 'genres' } } },
      ready: '[data-testid="legend-entry"]', host: filesHost,
    },
  ];

  for (const theme of THEME_NAMES) {
    test(`run panel views in ${theme}: no WCAG 2.1 AA violations`, async () => {
      const found: string[] = [];
      for (const view of VIEWS) {
        const { page } = await open(theme, view.state, view.host?.());
        await page.waitForSelector(view.ready);
        if (view.name === 'pca') {
          // With a point selected: its neighbours list is on show too.
          await page.locator('[data-testid="pca-extreme"]').first().click();
          await page.waitForSelector('[data-testid="pca-neighbours"] li');
        }
        found.push(...await findings(page, `${view.name} in ${theme}`));
        await assertClean(suite.pages.at(-1)!);
        await page.close();
      }
      assert.deepEqual(found, []);
    });

    test(`study panels in ${theme}: no WCAG 2.1 AA violations`, async () => {
      const lr = await openStudyPage(suite.browser, suite.server, [{ type: 'lr/state', state: finishedLrFind() }], theme);
      await lr.page.waitForSelector('[data-testid="lr-find-chart"][data-status="done"] svg');
      const found = await findings(lr.page, `lr-find in ${theme}`);
      assert.deepEqual(lr.errors, []);
      await lr.page.close();
      const tune = await openStudyPage(suite.browser, suite.server, [{ type: 'tune/state', state: finishedTune() }], theme);
      await tune.page.waitForSelector('[data-testid="tune-heatmap"][data-cells] svg');
      found.push(...await findings(tune.page, `tune in ${theme}`));
      assert.deepEqual(tune.errors, []);
      await tune.page.close();
      assert.deepEqual(found, []);
    });
  }
});
