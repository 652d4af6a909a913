// README pictures of the study panels on real MovieLens 100K in the real VS Code. Opt-in (the data may
// not be redistributed, so CI has none): E2E_ML100K=/path/to/ml-100k npm run test:e2e -- 90-readme
// copies u.data and u.item into a workspace under .e2e/work, runs Find Learning Rate and a default-grid
// sweep from the Command Palette, and saves test-output/e2e/readme-*.png.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { e2eEnv, openWorkbench, pickQuickPick, runCommand, screenshot, webview, withFailureShot } from '../lib/workbench.mjs';

const source = process.env.E2E_ML100K;
const skip = source ? false : 'set E2E_ML100K to a MovieLens 100K folder to draw the README pictures';
let session;

before(async () => {
  if (skip) return;
  const dir = join(e2eEnv().workspaces, 'ml-100k');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const name of ['u.data', 'u.item']) copyFileSync(join(source, name), join(dir, name));
  session = await openWorkbench(dir);
});

after(async () => {
  await session?.close();
});


test('README: lr_find and a default-grid sweep on MovieLens 100K', { skip }, async () => {
  const { page } = session;
  await withFailureShot(page, 'readme-ml100k', async () => {
    await runCommand(page, 'Collab: Find Learning Rate...');
    await pickQuickPick(page, 'u.data');
    await pickQuickPick(page, 'Dot product');
    await pickQuickPick(page, 'Find the learning rate with titles from u.item');
    await webview(page).locator('[data-testid="lr-find-chart"][data-status="done"] svg').waitFor({ timeout: 90_000 });
    await screenshot(page, 'readme-lr-find');

    await runCommand(page, 'Collab: Tune Hyperparameters...');
    await pickQuickPick(page, 'u.data');
    await pickQuickPick(page, 'Default grid');
    await pickQuickPick(page, 'rmse');
    await pickQuickPick(page, 'No time limit');
    const view = webview(page);
    await view.locator('[data-testid="tune-status"][data-status="done"]').waitFor({ timeout: 300_000 });
    await view.locator('[data-testid="heat-x"]').selectOption('wd');
    await view.locator('[data-testid="heat-y"]').selectOption('lr');
    await view.locator('[data-testid="tune-heatmap"] svg').waitFor({ timeout: 15_000 });
    await page.waitForTimeout(500);
    assert.equal(await view.locator('[data-testid="tune-row"]').count(), 24);
    await screenshot(page, 'readme-tune');
  });
});
