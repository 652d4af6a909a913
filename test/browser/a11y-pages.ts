/**
 * Accessibility helpers for the Chromium webview tests: axe-core run inside a page (WCAG 2.1 A and
 * AA rules), the study panel's page in any theme, and sample study states to show in it.
 */
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { lrFindSchedule } from '../../src/core/train/lr-find';
import type { HostToStudy, LrFindState, StudyToHost, TuneResult, TuneState } from '../../src/protocol/study';
import type { PanelServer } from './harness';
import { THEMES, type ThemeName } from './themes';

/** The WCAG 2.1 A and AA rule sets of axe-core. */
export const WCAG21_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/** One axe violation, reduced to what a failure message needs. */
export interface AxeFinding { rule: string; impact: string | null; help: string; targets: string[]; summary: string }

/**
 * Runs axe-core on the page (injected through the DevTools protocol, so the page's CSP does not
 * block it) and returns the violations of the WCAG 2.1 A/AA rules.
 */
export async function axeViolations(page: Page): Promise<AxeFinding[]> {
  const source = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  await page.evaluate(source);
  return page.evaluate(async (tags) => {
    const axe = (window as unknown as { axe: { run(context: Document, options: unknown): Promise<{ violations: { id: string; impact: string | null; help: string; nodes: { target: unknown[]; failureSummary?: string }[] }[] }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
    return result.violations.map((v) => ({
      rule: v.id, impact: v.impact, help: v.help,
      targets: v.nodes.map((n) => n.target.map(String).join(' ')),
      summary: v.nodes[0]?.failureSummary?.split('\n').slice(0, 3).join(' ') ?? '',
    }));
  }, WCAG21_AA);
}

/** The findings as readable lines (for an assertion message). */
export function describeFindings(findings: AxeFinding[]): string {
  return findings.map((f) => `${f.rule} (${f.impact}): ${f.help}\n    ${f.targets.slice(0, 5).join('\n    ')}${f.targets.length > 5 ? `\n    \u2026 ${f.targets.length - 5} more` : ''}\n    ${f.summary}`).join('\n');
}

/** An open study page: the messages it posted and its errors. */
export interface StudyPage { page: Page; received: StudyToHost[]; errors: string[]; send(m: HostToStudy): Promise<void> }

/** Opens the study page in a theme with a stand-in host that answers `study/ready` with `initial`. */
export async function openStudyPage(browser: Browser, server: PanelServer, initial: HostToStudy[], themeName: ThemeName = 'dark'): Promise<StudyPage> {
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
  const theme = THEMES[themeName];
  await page.addInitScript(({ vars, bodyClass }) => {
    const w = window as unknown as Record<string, unknown>;
    w.acquireVsCodeApi = () => {
      for (const [name, value] of Object.entries(vars)) document.documentElement.style.setProperty(name, value);
      document.body.classList.add(...bodyClass.split(' '));
      return { postMessage: (m: unknown) => (w.__studyToHost as (m: unknown) => Promise<void>)(JSON.parse(JSON.stringify(m))), getState: () => undefined, setState: () => undefined };
    };
  }, { vars: theme.vars, bodyClass: theme.bodyClass });
  await page.goto(`${server.origin}/study.html`);
  return { page, received, errors, send };
}

/** A finished range test: the loss falls, flattens, then blows up; fastai's suggestions marked. */
export function finishedLrFind(): LrFindState {
  const points = Array.from({ length: 100 }, (_, i) => {
    const lr = lrFindSchedule(i);
    const x = Math.log10(lr);
    return { lr, loss: 1.3 - 0.25 / (1 + Math.exp(-2 * (x + 3.5))) + (x > -0.5 ? (x + 0.5) ** 2 * 2 : 0) };
  });
  return {
    title: 'u.data \u00b7 dot \u00b7 50 factors, bs 64, wd 0.1', file: '/w/u.data', status: 'done', points, currentLr: 5e-3, bs: 64, engine: 'wasm-simd',
    seconds: 0.4, suggestion: { method: 'valley', lr: 2.1e-3, at: { lr: 2.1e-3, loss: 1.2 } },
    suggestions: { valley: { method: 'valley', lr: 2.1e-3, at: { lr: 2.1e-3, loss: 1.2 } }, minimum: { method: 'minimum', lr: 3e-2, at: { lr: 0.3, loss: 1.05 } } },
  };
}

function tuneResult(index: number, factors: number, wd: number, rmse: number): TuneResult {
  return {
    index, params: { factors, wd }, seconds: 0.2,
    config: { model: 'dot', factors, layers: [], dropout: 0, epochs: 5, lr: 5e-3, wd, bs: 64, validPct: 0.2, seed: 42 },
    metrics: { mse: rmse * rmse, rmse, mae: rmse * 0.8, ndcg: 1 - rmse / 2, precision: 0.1, recall: 0.2, map: 0.1, hitRate: 0.6 },
  };
}

/** A finished 2x2 sweep over factors and wd, best by RMSE (#4). */
export function finishedTune(): TuneState {
  const results = [tuneResult(1, 20, 0.1, 0.93), tuneResult(0, 20, 0.01, 0.95), tuneResult(3, 50, 0.1, 0.91), tuneResult(2, 50, 0.01, 0.97)];
  return {
    title: 'Tuning u.data \u00b7 best by rmse', file: '/w/u.data', status: 'done', metric: 'rmse', lowerIsBetter: true,
    space: 'grid factors=20,50 wd=0.01,0.1', configs: 4, folds: 1, parallel: 2, params: ['factors', 'wd'], results, best: 3, seconds: 4, dir: '/w/.collab/tunes/t',
  };
}
