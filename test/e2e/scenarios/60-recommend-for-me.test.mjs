// Issue 15 in real VS Code: train on the planted MovieLens-shaped workspace, then Collab: Recommend
// for Me... from the Command Palette opens the Recommend view; rating five questionnaire items
// changes the recommendations, each with a why line.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { writeMl100kWorkspace } from '../lib/fixtures.mjs';
import { e2eEnv, explorerContextMenu, openWorkbench, quickPickRow, runCommand, screenshot, waitFor, webview, withFailureShot } from '../lib/workbench.mjs';

let ws;
let session;

before(async () => {
  ws = writeMl100kWorkspace(e2eEnv().workspaces, 'recommend', { settings: { 'collab.epochs': 5 } });
  session = await openWorkbench(ws.dir);
});

after(async () => {
  await session?.close();
});

const runsDir = () => join(ws.dir, '.collab', 'runs');
const runs = () => (existsSync(runsDir()) ? readdirSync(runsDir()).filter((d) => !d.startsWith('.')) : []);

test('Recommend for Me: rate five items from the questionnaire, the recommendations change and explain themselves', async () => {
  const { page } = session;
  await withFailureShot(page, '60-recommend', async () => {
    await explorerContextMenu(page, 'u.data', 'Train Model on This File');
    const withTitles = quickPickRow(page, 'Train with titles from u.item');
    await withTitles.waitFor({ timeout: 30_000 });
    await withTitles.click();
    await waitFor(() => runs().length === 1, 90_000, 'a saved run');

    await runCommand(page, 'Collab: Recommend for Me...');
    const first = page.locator('.quick-input-widget .quick-input-list .monaco-list-row').first();
    await first.waitFor({ timeout: 30_000 });
    await first.click();

    const view = webview(page);
    const questions = view.locator('[data-testid="view-recommend"]:not([hidden]) [data-testid="question"]');
    await questions.nth(4).waitFor({ timeout: 60_000 });
    const rows = view.locator('[data-testid="recommendation"]');
    await rows.first().waitFor({ timeout: 30_000 });
    const labelsOf = () => rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-label')));
    const before = await labelsOf();
    await screenshot(page, '60-recommend-questionnaire');

    const asked = await questions.evaluateAll((els) => els.map((e) => e.getAttribute('data-label')));
    // Love the spaceships, dislike the rest: five ratings, one at a time.
    for (let n = 0; n < 5; n++) {
      const rating = asked[n].startsWith('Starship') ? 5 : 1;
      const shown = await view.locator('[data-testid="recommend-mine"]').textContent();
      await questions.nth(n).locator(`[data-testid="star"][data-value="${rating}"]`).click();
      await view.locator('[data-testid="recommend-mine"]', { hasText: `${n + 1} rated` }).waitFor({ timeout: 15_000 });
      assert.notEqual(await view.locator('[data-testid="recommend-mine"]').textContent(), shown);
    }
    await waitFor(async () => JSON.stringify(await labelsOf()) !== JSON.stringify(before), 15_000, 'the recommendations to change');
    const after = await labelsOf();
    for (const label of asked.slice(0, 5)) assert.ok(!after.includes(label), `${label} was rated, so it is not recommended`);
    const whys = await view.locator('[data-testid="why"]').allTextContents();
    assert.ok(whys.length > 0 && whys.every((w) => /offset .* taste = \d/.test(w)), `why lines: ${whys[0]}`);
    assert.ok(whys.some((w) => /because you rated/.test(w)), 'a rated item pulls a recommendation up');
    await screenshot(page, '60-recommend-after-five');
  });
});
