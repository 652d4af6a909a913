/**
 * The study panels' webview (webview/src/study) in headless Chromium on the production page and CSP:
 * the learning-rate finder draws its curve and suggestion and posts "Train with this rate"; the tuning
 * panel fills its table live, marks the best, sorts, draws the heatmap and posts "Train the best".
 * Screenshots of both in the dark theme go to test-output/screenshots.
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { HostToStudy, LrFindState, StudyToHost, TuneResult, TuneState } from '../../src/protocol/study';
import { lrFindSchedule } from '../../src/core/train/lr-find';
import { THEMES } from './themes';
import { launchBrowser, PanelServer, SCREENSHOTS, skipReason } from './harness';

const skip = skipReason();

/** Waits for a locator; a timeout names the page's errors (a chart that failed to draw logs why). */
async function shows(p: StudyPage, selector: string): Promise<void> {
  await p.page.locator(selector).waitFor({ timeout: 15_000 }).catch((e: Error) => { throw new Error(`${e.message}\npage errors: ${p.errors.join('\n')}`); });
}

interface StudyPage { page: Page; received: StudyToHost[]; errors: string[]; send(m: HostToStudy): Promise<void>; violations(): Promise<string[]> }

/** Opens the study page with a stand-in host that answers `study/ready` with `initial` and records every message. */
async function openStudy(browser: Browser, server: PanelServer, initial: HostToStudy[]): Promise<StudyPage> {
  const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
  const received: StudyToHost[] = [];
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(`console: ${m.text()}`); });
  const send = async (m: HostToStudy): Promise<void> => { await page.evaluate((x) => window.postMessage(x, '*'), m as unknown as Record<string, unknown>); };
  await page.exposeFunction('__studyToHost', async (m: StudyToHost) => {
    received.push(m);
    if (m.type === 'study/ready') for (const x of initial) await send(x);
  });
  const theme = THEMES.dark;
  await page.addInitScript(({ vars, bodyClass }) => {
    const w = window as unknown as Record<string, unknown>;
    w.__violations = [] as string[];
    document.addEventListener('securitypolicyviolation', (e) => (w.__violations as string[]).push(`${e.violatedDirective} ${e.blockedURI}`));
    w.acquireVsCodeApi = () => {
      for (const [name, value] of Object.entries(vars)) document.documentElement.style.setProperty(name, value);
      document.body.classList.add(bodyClass);
      return { postMessage: (m: unknown) => (w.__studyToHost as (m: unknown) => Promise<void>)(JSON.parse(JSON.stringify(m))), getState: () => undefined, setState: () => undefined };
    };
  }, { vars: theme.vars, bodyClass: theme.bodyClass });
  await page.goto(`${server.origin}/study.html`);
  return { page, received, errors, send, violations: () => page.evaluate(() => (window as unknown as { __violations: string[] }).__violations) };
}

/** A range test's record: the loss falls, flattens, then blows up (as on real data). */
function lrState(status: LrFindState['status'], n: number): LrFindState {
  const points = Array.from({ length: n }, (_, i) => {
    const lr = lrFindSchedule(i);
    const x = Math.log10(lr);
    return { lr, loss: 1.3 - 0.25 / (1 + Math.exp(-2 * (x + 3.5))) + (x > -0.5 ? (x + 0.5) ** 2 * 2 : 0) };
  });
  return {
    title: 'u.data \u00b7 dot \u00b7 50 factors, bs 64, wd 0.1', file: '/w/u.data', status, points, currentLr: 5e-3, bs: 64, engine: 'wasm-simd',
    ...(status === 'done' ? {
      seconds: 0.4, suggestion: { method: 'valley' as const, lr: 2.1e-3, at: { lr: 2.1e-3, loss: 1.2 } },
      suggestions: { valley: { method: 'valley' as const, lr: 2.1e-3, at: { lr: 2.1e-3, loss: 1.2 } }, minimum: { method: 'minimum' as const, lr: 3e-2, at: { lr: 0.3, loss: 1.05 } } },
    } : {}),
  };
}

function tuneResult(index: number, factors: number, wd: number, rmse: number): TuneResult {
  return {
    index, params: { factors, wd }, seconds: 0.2,
    config: { model: 'dot', factors, layers: [], dropout: 0, epochs: 5, lr: 5e-3, wd, bs: 64, validPct: 0.2, seed: 42 },
    metrics: { mse: rmse * rmse, rmse, mae: rmse * 0.8, ndcg: 1 - rmse / 2, precision: 0.1, recall: 0.2, map: 0.1, hitRate: 0.6 },
  };
}

describe('study panels in Chromium', { skip }, () => {
  let browser: Browser;
  let server: PanelServer;
  before(async () => {
    browser = await launchBrowser();
    server = await PanelServer.start();
    mkdirSync(SCREENSHOTS, { recursive: true });
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  test('lr_find: the curve draws live, then the suggestion fills the box and "Train with this rate" posts it', async () => {
    const p = await openStudy(browser, server, [{ type: 'lr/state', state: lrState('running', 40) }]);
    await shows(p, '[data-testid="lr-find-chart"] svg');
    assert.equal(await p.page.locator('[data-testid="lr-cancel"]').isVisible(), true);
    await p.page.locator('[data-testid="lr-cancel"]').click();
    await p.send({ type: 'lr/state', state: lrState('done', 100) });
    await shows(p, '[data-testid="lr-find-chart"][data-status="done"]');
    assert.equal(await p.page.locator('[data-testid="lr-suggested"]').textContent(), '2.10e-3');
    assert.equal(await p.page.locator('[data-testid="lr-rate"]').inputValue(), '0.0021');
    assert.equal(await p.page.locator('[data-testid="lr-cancel"]').isVisible(), false);
    await p.page.screenshot({ path: join(SCREENSHOTS, 'study-lr-find-dark.png'), fullPage: true });
    await p.page.locator('[data-testid="lr-rate"]').fill('-1');
    assert.equal(await p.page.locator('[data-testid="lr-train"]').isDisabled(), true, 'a bad rate cannot be trained with');
    await p.page.locator('[data-testid="lr-rate"]').fill('0.003');
    await p.page.locator('[data-testid="lr-train"]').click();
    await p.page.waitForTimeout(100);
    assert.deepEqual(p.received.filter((m) => m.type !== 'study/ready'), [{ type: 'study/cancel' }, { type: 'lr/train', lr: 0.003 }]);
    assert.deepEqual(await p.violations(), []);
    assert.deepEqual(p.errors, []);
  });

  test('tune: results stream into the table, the best is marked, sorting and the heatmap work, "Train and save the best" posts its index', async () => {
    const state: TuneState = {
      title: 'Tuning u.data \u00b7 best by rmse', file: '/w/u.data', status: 'running', metric: 'rmse', lowerIsBetter: true,
      space: 'grid factors=20,50 wd=0.01,0.1', configs: 4, folds: 1, parallel: 2, params: ['factors', 'wd'], results: [], seconds: 0,
    };
    const p = await openStudy(browser, server, [{ type: 'tune/state', state }]);
    await p.page.locator('[data-testid="tune-status"][data-status="running"]').waitFor({ timeout: 15_000 });
    assert.equal(await p.page.locator('[data-testid="tune-train-best"]').isDisabled(), true);
    const results = [tuneResult(1, 20, 0.1, 0.93), tuneResult(0, 20, 0.01, 0.95), tuneResult(3, 50, 0.1, 0.91), tuneResult(2, 50, 0.01, 0.97)];
    let best: number | undefined;
    for (const [i, r] of results.entries()) {
      if (best === undefined || r.metrics.rmse < results.find((x) => x.index === best)!.metrics.rmse) best = r.index;
      await p.send({ type: 'tune/result', result: r, best, seconds: i + 1 });
    }
    await p.send({ type: 'tune/state', state: { ...state, status: 'done', results, best: 3, seconds: 4, dir: '/w/.collab/tunes/t' } });
    await p.page.locator('[data-testid="tune-status"][data-status="done"]').waitFor({ timeout: 15_000 });
    const rows = p.page.locator('[data-testid="tune-row"]');
    assert.equal(await rows.count(), 4);
    assert.deepEqual(await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-label'))), ['4', '2', '1', '3'], 'sorted by rmse, best first');
    assert.equal(await p.page.locator('tr.best').getAttribute('data-label'), '4');
    await shows(p, '[data-testid="tune-heatmap"][data-cells="4"] svg');
    await p.page.locator('th button.sort[data-column="param:factors"]').click();
    assert.match(await p.page.locator('table.data caption').textContent() ?? '', /sorted by factors/);
    assert.equal(await p.page.locator('tr.best').count(), 1);
    await p.page.locator('[data-testid="heat-metric"]').selectOption('ndcg');
    await shows(p, '[data-testid="tune-heatmap"][data-cells="4"] svg');
    await p.page.screenshot({ path: join(SCREENSHOTS, 'study-tune-dark.png'), fullPage: true });
    await p.page.locator('[data-testid="tune-train-best"]').click();
    await p.page.locator('[data-testid="tune-train-row"]').first().click();
    await p.page.waitForTimeout(100);
    const asked = p.received.filter((m) => m.type === 'tune/train');
    assert.deepEqual(asked[0], { type: 'tune/train', index: 3 });
    assert.equal(asked.length, 2);
    // A cancelled, saved sweep offers Resume; a running one does not.
    assert.equal(await p.page.locator('[data-testid="tune-resume"]').isVisible(), false);
    await p.send({ type: 'tune/state', state: { ...state, status: 'cancelled', results: results.slice(0, 2), best: 1, seconds: 2, dir: '/w/.collab/tunes/t', resumable: true } });
    await shows(p, '[data-testid="tune-status"][data-status="cancelled"]');
    await p.page.locator('[data-testid="tune-resume"]').click();
    await p.page.waitForTimeout(100);
    assert.deepEqual(p.received.at(-1), { type: 'tune/resume' });
    assert.deepEqual(await p.violations(), []);
    assert.deepEqual(p.errors, []);
  });
});
