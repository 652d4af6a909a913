// Issue 13 from the Command Palette: Collab: Find Learning Rate... plots fastai's lr_find curve with its
// suggestion and trains with that rate; Collab: Tune Hyperparameters... runs a small grid live in its
// panel (table, heatmap), saves the sweep, lists it in the Runs view, and trains the best as a run.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { writeMl100kWorkspace } from '../lib/fixtures.mjs';
import {
  e2eEnv, openWorkbench, pickQuickPick, runCommand, runsView, screenshot, waitFor, waitForWorkbench, webview, withFailureShot,
} from '../lib/workbench.mjs';

let ws;
let session;

before(async () => {
  ws = writeMl100kWorkspace(e2eEnv().workspaces, 'study', { settings: { 'collab.epochs': 4 } });
  session = await openWorkbench(ws.dir);
});

after(async () => {
  await session?.close();
});

const runsDir = () => join(ws.dir, '.collab', 'runs');
const runs = () => (existsSync(runsDir()) ? readdirSync(runsDir()).filter((d) => !d.startsWith('.')) : []);
const manifests = () => runs().map((r) => JSON.parse(readFileSync(join(runsDir(), r, 'run.json'), 'utf8')));


test('Find Learning Rate: the curve on a log axis, the suggestion marked, and "Train with this rate" trains at it', async () => {
  const { page } = session;
  await withFailureShot(page, '50-lr-find', async () => {
    await runCommand(page, 'Collab: Find Learning Rate...');
    await pickQuickPick(page, 'u.data');
    await pickQuickPick(page, 'Dot product');
    await pickQuickPick(page, 'Find the learning rate with titles from u.item');
    const view = webview(page);
    const chart = view.locator('[data-testid="lr-find-chart"][data-status="done"]');
    await chart.waitFor({ timeout: 90_000 });
    const suggested = Number(await view.locator('[data-testid="lr-suggested"]').textContent());
    assert.ok(suggested > 1e-5 && suggested < 1, `fastai's valley suggestion is a sensible rate: ${suggested}`);
    assert.ok(Number(await chart.getAttribute('data-points')) >= 20, 'the curve has the recorded batches');
    assert.ok(await chart.locator('svg').count() > 0, 'the chart is drawn');
    assert.match(await view.locator('[data-testid="lr-status"]').textContent(), /Done\. \d+ batches in/);
    await screenshot(page, '50-lr-find-panel');

    assert.equal(runs().length, 0, 'lr_find saves no run');
    const rate = Number(await view.locator('[data-testid="lr-rate"]').inputValue());
    assert.equal(rate, Number(suggested.toPrecision(2)), 'the box holds the suggestion');
    await view.locator('[data-testid="lr-train"]').click();
    await waitFor(() => runs().length === 1, 90_000, 'a run trained with the suggested rate');
    const [manifest] = manifests();
    assert.equal(manifest.config.lr, rate, 'the run trained at the rate in the box');
  });
});

test('Tune Hyperparameters: a custom grid streams into a sortable table and a heatmap, is saved and listed, and its best trains as a run', async () => {
  const { page } = session;
  await withFailureShot(page, '50-tune', async () => {
    await runCommand(page, 'Collab: Tune Hyperparameters...');
    await pickQuickPick(page, 'u.data');
    await pickQuickPick(page, 'Custom grid...');
    const input = page.locator('.quick-input-widget input');
    await input.fill('factors=8,16 wd=0.01,0.1 epochs=3');
    await page.locator('.quick-input-widget', { hasText: '4 configurations' }).waitFor({ timeout: 10_000 });
    await page.keyboard.press('Enter');
    await pickQuickPick(page, 'rmse');
    await pickQuickPick(page, 'No time limit');

    const view = webview(page);
    await view.locator('[data-testid="tune-status"][data-status="done"]').waitFor({ timeout: 120_000 });
    // The sweep's fits run in the trainer's worker threads, one per core (dist/tune-worker.js ships in the VSIX).
    if (availableParallelism() >= 2) assert.match(await view.locator('[data-testid="tune-status"]').textContent(), /2 at a time/);
    const rows = view.locator('[data-testid="tune-row"]');
    assert.equal(await rows.count(), 4, 'every configuration is in the table');
    assert.equal(await view.locator('tr.best').count(), 1, 'one row is marked best');
    await view.locator('[data-testid="tune-heatmap"][data-cells="4"] svg').waitFor({ timeout: 15_000 });
    // Sorting by a parameter column reorders the rows; the best stays marked.
    await view.locator('th button.sort[data-column="param:factors"]').click();
    assert.match(await view.locator('table.data caption').textContent(), /sorted by factors/);
    assert.equal(await view.locator('tr.best').count(), 1);
    await screenshot(page, '50-tune-panel');

    const tunesDir = join(ws.dir, '.collab', 'tunes');
    await waitFor(() => existsSync(tunesDir) && readdirSync(tunesDir).some((d) => !d.startsWith('.')), 15_000, 'tune.json saved');
    const [tuneId] = readdirSync(tunesDir).filter((d) => !d.startsWith('.'));
    const tune = JSON.parse(readFileSync(join(tunesDir, tuneId, 'tune.json'), 'utf8'));
    assert.equal(tune.end, 'done');
    assert.equal(tune.results.length, 4);

    const before = runs().length;
    await view.locator('[data-testid="tune-train-best"]').click();
    await waitFor(() => runs().length === before + 1, 90_000, 'the best configuration trained as a run');
    const trained = manifests().find((m) => m.config.factors === tune.best.params.factors && m.config.wd === tune.best.params.wd && m.config.epochs === 3);
    assert.ok(trained, `a run with the best configuration ${JSON.stringify(tune.best.params)}`);

    const pane = await runsView(page);
    const sweeps = pane.locator('.monaco-list-row', { hasText: 'Tuning sweeps' });
    await sweeps.waitFor({ timeout: 30_000 });
    await screenshot(page, '50-tune-runs-view');
  });
});

test('after a window reload the sweep\'s panel comes back with its table', async () => {
  const { page } = session;
  await withFailureShot(page, '50-tune-reload', async () => {
    await page.locator('.tab', { hasText: 'Tune \u00b7 u.data' }).first().click();
    await webview(page).locator('[data-testid="tune-row"]').first().waitFor({ timeout: 15_000 });
    await runCommand(page, 'Developer: Reload Window');
    await page.waitForEvent('load', { timeout: 60_000 });
    await waitForWorkbench(page, { explorer: false });
    await webview(page).locator('[data-testid="tune-status"][data-status="done"]').waitFor({ timeout: 60_000 });
    assert.equal(await webview(page).locator('[data-testid="tune-row"]').count(), 4, 'the saved sweep\'s configurations');
  });
});

