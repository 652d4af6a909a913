// Scenario 7 of issue 7: a ratings file with a non-numeric rating on line 7 ends in an error message
// that names line 7, and its "Go to Line" action opens the file with the cursor on that line.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeBadFileWorkspace } from '../lib/fixtures.mjs';
import {
  cursorLine, e2eEnv, explorerContextMenu, notificationToasts, openWorkbench, quickPickRow, screenshot, withFailureShot,
} from '../lib/workbench.mjs';

let ws;
let session;

before(async () => {
  ws = writeBadFileWorkspace(e2eEnv().workspaces, 'bad-file', 7);
  session = await openWorkbench(ws.dir);
});

after(async () => {
  await session?.close();
});

test('7. a non-numeric rating on line 7: the error names line 7 and Go to Line goes there', async () => {
  const { page } = session;
  await withFailureShot(page, '7-bad-file', async () => {
    await explorerContextMenu(page, 'ratings.csv', 'Train Model on This File');
    const error = notificationToasts(page).filter({ hasText: /line 7/ }).first();
    const train = quickPickRow(page, 'Train');
    // The sniffer may catch the bad row at once, or let the user confirm the columns and the loader catch it.
    const first = await Promise.race([
      error.waitFor({ timeout: 60_000 }).then(() => 'error'),
      train.waitFor({ timeout: 60_000 }).then(() => 'pick'),
    ]);
    if (first === 'pick') await train.click();
    await error.waitFor({ timeout: 60_000 });
    await screenshot(page, '7-bad-file-error');
    await error.locator('.monaco-button', { hasText: 'Go to Line' }).click();
    await page.locator('.tabs-container .tab.active', { hasText: 'ratings.csv' }).waitFor({ timeout: 30_000 });
    assert.equal(await cursorLine(page), ws.badLine);
    await screenshot(page, '7-bad-file-go-to-line');
  });
});
