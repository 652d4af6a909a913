// Issue 19, "A first run": the walkthrough opens from the Welcome page (Help: Welcome, its
// Walkthroughs list) and shows its five steps, a step's button among them; the empty Runs view shows
// its welcome content. (Whether opening a ratings file ticks the first step is not checked: in
// code-server it did not, in three runs; see the helper's report.)
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeMl100kWorkspace } from '../lib/fixtures.mjs';
import { e2eEnv, openWorkbench, runCommand, runsView, screenshot, withFailureShot } from '../lib/workbench.mjs';

const WALKTHROUGH = 'Get started with Collab';
const STEPS = ['Open or download a ratings file', 'Train a model', 'Explore the views', 'Hover a title or an id', 'Find a learning rate and tune'];
let session;

before(async () => {
  const ws = writeMl100kWorkspace(e2eEnv().workspaces, 'walkthrough', {});
  session = await openWorkbench(ws.dir);
});

after(async () => {
  await session?.close();
});

test('the empty Runs view says what to do, with buttons', async () => {
  const { page } = session;
  await withFailureShot(page, '80-runs-welcome', async () => {
    const pane = await runsView(page);
    const welcome = pane.locator('.welcome-view-content');
    await welcome.waitFor({ timeout: 30_000 });
    assert.match((await welcome.textContent()) ?? '', /No saved runs yet/);
    await welcome.locator('.monaco-button', { hasText: 'Train Model' }).first().waitFor({ timeout: 10_000 });
    await screenshot(page, '80-runs-welcome');
  });
});

test('Help: Welcome lists the walkthrough; it opens on its steps, each with its text and buttons', async () => {
  const { page } = session;
  await withFailureShot(page, '80-walkthrough', async () => {
    await runCommand(page, 'Help: Welcome');
    const page_ = page.locator('.gettingStartedContainer').first();
    await page_.waitFor({ timeout: 30_000 });
    const entry = page_.locator('.getting-started-category', { hasText: WALKTHROUGH }).first();
    // The list shows a few walkthroughs and "More..." for the rest.
    if (!(await entry.isVisible().catch(() => false))) {
      const more = page_.locator('.index-list.getting-started .see-all-walkthroughs, .index-list .more', { hasText: /More/ }).first();
      if (await more.isVisible().catch(() => false)) await more.click();
    }
    await screenshot(page, '80-welcome');
    await entry.click({ timeout: 30_000 });
    for (const title of STEPS) await page_.locator('.getting-started-step', { hasText: title }).first().waitFor({ timeout: 15_000 });
    await page_.locator('.getting-started-step', { hasText: 'Train a model' }).first().click();
    await page_.locator('.getting-started-step.expanded', { hasText: 'Train a model' }).locator('.monaco-button, a', { hasText: 'Train Model' })
      .first().waitFor({ timeout: 15_000 });
    await screenshot(page, '80-walkthrough');
  });
});
