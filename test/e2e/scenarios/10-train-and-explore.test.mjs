// Scenarios 1-5 and 8 of issue 7 on one workspace, in order, as a person would go: train from the
// Explorer, watch the loss, then look inside the model (biases, neighbours, PCA, hover), then reload.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BEST_TITLE, WORST_TITLE, writeMl100kWorkspace } from '../lib/fixtures.mjs';
import {
  cursorLine, e2eEnv, explorerContextMenu, hoverText, openFile, openWorkbench, panelTab, runCommand, quickPickRow, recordedToasts, recordToasts, runsViewRunRows,
  screenshot, waitFor, waitForWorkbench, webview, withFailureShot,
} from '../lib/workbench.mjs';

const EPOCHS = 6;
let ws;
let session;

before(async () => {
  ws = writeMl100kWorkspace(e2eEnv().workspaces, 'explore', { settings: { 'collab.epochs': EPOCHS } });
  session = await openWorkbench(ws.dir);
});

after(async () => {
  await session?.close();
});

/** The lines (1-based) of u.data whose item id is `id`. */
function linesOfItem(id) {
  const lines = readFileSync(join(ws.dir, 'u.data'), 'utf8').split('\n');
  return lines.flatMap((line, i) => (line.split('\t')[1] === String(id) ? [i + 1] : []));
}

test('1a. train from the Explorer: no progress notification (the status bar shows it), a finished message, then the run in the Runs view', async () => {
  const { page } = session;
  await withFailureShot(page, '1-train', async () => {
    await recordToasts(page);
    await explorerContextMenu(page, 'u.data', 'Train Model on This File');
    const withTitles = quickPickRow(page, 'Train with titles from u.item');
    await withTitles.waitFor({ timeout: 30_000 });
    await screenshot(page, '1-train-quick-pick');
    await withTitles.click();

    const runsDir = join(ws.dir, '.collab', 'runs');
    await waitFor(() => existsSync(runsDir) && readdirSync(runsDir).some((d) => !d.startsWith('.')), 90_000, 'a saved run');
    // Progress goes to the status bar and the Runs view (collab.showProgressNotification is off by
    // default; the large-file scenario turns it on); the end is one message.
    await waitFor(async () => (await recordedToasts(page)).some((t) => /trained on u\.data/i.test(t)), 30_000, 'the finished message');
    const toasts = await recordedToasts(page);
    assert.ok(!toasts.some((t) => /training on u\.data/i.test(t)), `no progress toast by default; saw: ${JSON.stringify(toasts)}`);
    const runs = readdirSync(runsDir).filter((d) => !d.startsWith('.'));
    assert.equal(runs.length, 1, `one run saved, got ${runs}`);
    const rows = await runsViewRunRows(page);
    assert.equal(await rows.count(), 1, 'one run listed in the Runs view');
    await screenshot(page, '1-train-runs-view');
  });
});

test('1b. the Loss view shows a point for every epoch', async () => {
  const { page } = session;
  await withFailureShot(page, '1-loss', async () => {
    const chart = webview(page).locator(`[data-testid="loss-chart"][data-epochs="${EPOCHS}"]`);
    await chart.waitFor({ timeout: 60_000 });
    await screenshot(page, '1-loss');
  });
});

test('2. Biases: the planted best item is on top; clicking it opens u.data on one of its rows', async () => {
  const { page } = session;
  await withFailureShot(page, '2-biases', async () => {
    const view = webview(page);
    await view.locator('[data-testid="tab-biases"]').click();
    const first = view.locator('[data-testid="bias-row"]').first();
    await first.waitFor({ timeout: 30_000 });
    assert.equal(await first.getAttribute('data-label'), BEST_TITLE);
    await screenshot(page, '2-biases');
    await first.click();
    const best = ws.items.find((i) => i.title === BEST_TITLE);
    const tab = page.locator('.tabs-container .tab.active', { hasText: 'u.data' });
    await tab.waitFor({ timeout: 30_000 });
    const line = await cursorLine(page);
    assert.ok(linesOfItem(best.id).includes(line), `cursor on line ${line}, not a row of item ${best.id}`);
    await screenshot(page, '2-biases-open-row');
  });
});

test('3. Neighbours: type part of a title, pick the suggestion, the planted cluster-mates are listed', async () => {
  const { page } = session;
  await withFailureShot(page, '3-neighbours', async () => {
    const view = webview(page);
    await view.locator('[data-testid="tab-neighbours"]').click();
    const search = view.locator('[data-testid="neighbours-search"]');
    await search.waitFor({ timeout: 30_000 });
    await search.fill('');
    await search.pressSequentially('starship alp', { delay: 30 });
    const suggestion = view.locator('[data-testid="neighbours-suggestion"]', { hasText: 'Starship Alpha' }).first();
    await suggestion.waitFor({ timeout: 15_000 });
    await screenshot(page, '3-neighbours-suggest');
    await suggestion.click();
    const rows = view.locator('[data-testid="neighbour-row"]');
    await rows.nth(4).waitFor({ timeout: 15_000 });
    const labels = await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-label')));
    const top5 = labels.filter((l) => l !== 'Starship Alpha (1980)').slice(0, 5);
    assert.ok(top5.every((l) => l?.startsWith('Starship ')), `top neighbours of Starship Alpha: ${JSON.stringify(top5)}`);
    await screenshot(page, '3-neighbours');
  });
});

test('4. PCA: one mark per shown item; clicking a point lists its neighbours; Show ratings opens its rows', async () => {
  const { page } = session;
  await withFailureShot(page, '4-pca', async () => {
    const view = webview(page);
    await view.locator('[data-testid="tab-pca"]').click();
    const chart = view.locator('[data-testid="pca-chart"][data-marks]:not([data-marks="0"])');
    await chart.waitFor({ timeout: 30_000 });
    const marks = Number(await chart.getAttribute('data-marks'));
    // Vega's SVG renderer draws one path per point in the symbol mark.
    const points = chart.locator('g.mark-symbol path');
    await points.first().waitFor({ timeout: 15_000 });
    assert.ok(marks > 10 && marks <= ws.items.length, `data-marks=${marks} for ${ws.items.length} items`);
    assert.equal(await points.count(), marks, 'one drawn point per shown item');
    await screenshot(page, '4-pca');
    // A real click on a point selects it: its neighbours are listed in the panel, nothing opens yet.
    await points.nth(Math.floor(marks / 2)).click();
    await view.locator('[data-testid="pca-neighbours"] li').first().waitFor({ timeout: 30_000 });
    // The keyboard route (issue 19): find the planted disaster by name, then "Show ratings" opens its rows.
    const worst = ws.items.find((i) => i.title === WORST_TITLE);
    await view.locator('[data-testid="pca-find-search"]').fill(WORST_TITLE);
    await view.locator('#pca-find-suggestions li').first().waitFor({ timeout: 15_000 });
    await view.locator('[data-testid="pca-find-search"]').press('ArrowDown');
    await view.locator('[data-testid="pca-find-search"]').press('Enter');
    await view.locator('[data-testid="pca-selection"] .query-label', { hasText: WORST_TITLE }).waitFor({ timeout: 15_000 });
    await view.locator('[data-testid="pca-show-ratings"]').click();
    await page.locator('.tabs-container .tab.active', { hasText: 'u.data' }).waitFor({ timeout: 30_000 });
    await waitFor(async () => linesOfItem(worst.id).includes(await cursorLine(page)), 15_000,
      `the cursor on a row of ${WORST_TITLE} (item ${worst.id})`);
    await screenshot(page, '4-pca-open-rows');
  });
});

test('5. hovering a title in u.item shows its neighbours', async () => {
  const { page } = session;
  await withFailureShot(page, '5-hover', async () => {
    await openFile(page, 'u.item');
    const itemLines = readFileSync(join(ws.dir, 'u.item'), 'latin1').split('\n');
    const line = itemLines.findIndex((l) => l.includes('|Starship Beta ')) + 1;
    const text = await hoverText(page, 'Starship Beta', { line, column: itemLines[line - 1].indexOf('Starship Beta') + 3 });
    const [, neighbours = ''] = text.split(/Nearest/i);
    const listed = [...neighbours.matchAll(/\b(Starship|Romance|Cowboy|Haunted|The Planted) \w+/g)].map((m) => m[0]);
    assert.ok(listed.length >= 3, `hover lists neighbours: ${text}`);
    assert.ok(listed.every((l) => l.startsWith('Starship')), `the neighbours of Starship Beta are its planted cluster-mates: ${listed}`);
    await screenshot(page, '5-hover');
  });
});

test('8. after a window reload the run panel comes back with its view', async () => {
  const { page } = session;
  await withFailureShot(page, '8-reload', async () => {
    await panelTab(page).click();
    const view = webview(page);
    await view.locator('[data-testid="tab-neighbours"]').click();
    await view.locator('[data-testid="view-neighbours"]').waitFor({ timeout: 15_000 });
    // "Developer: Reload Window", as a person would (it lets the workbench save webview state first).
    await runCommand(page, 'Developer: Reload Window');
    await page.waitForEvent('load', { timeout: 60_000 });
    await waitForWorkbench(page, { explorer: false });
    await webview(page).locator('[data-testid="view-neighbours"]').waitFor({ timeout: 60_000 });
    await webview(page).locator('[data-testid="neighbour-row"]').first().waitFor({ timeout: 30_000 });
    await screenshot(page, '8-reload');
  });
});
