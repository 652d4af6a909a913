// Issue 19, "A first run": the walkthrough opens from the Welcome page (Help: Welcome, its
// Walkthroughs list) and shows its five steps; opening a ratings file completes the first step; the
// empty Runs view shows its welcome content.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeMl100kWorkspace } from '../lib/fixtures.mjs';
import { e2eEnv, openFile, openWorkbench, runCommand, runsView, screenshot, waitFor, withFailureShot } from '../lib/workbench.mjs';

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

test('Help: Welcome lists the walkthrough; it opens on its steps; opening a ratings file ticks the first', async () => {
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

    // Opening u.data completes "Open or download a ratings file": Collab sets collab.ratingsFileOpened
    // (so it must be active; the Show Log command makes sure of that, as opening the Runs view does).
    await runCommand(page, 'Collab: Show Log');
    await openFile(page, 'u.data');
    await runCommand(page, 'Help: Welcome');
    await page_.waitFor({ timeout: 30_000 });
    const first = page_.locator('.getting-started-step', { hasText: STEPS[0] }).first();
    // The Welcome page may come back on its start slide: open the walkthrough again until its steps show.
    await waitFor(async () => {
      if (await first.isVisible().catch(() => false)) return true;
      await page_.locator('.getting-started-category', { hasText: WALKTHROUGH }).first().click({ timeout: 5000 }).catch(() => undefined);
      return first.waitFor({ timeout: 5000 }).then(() => true, () => false);
    }, 60_000, 'the walkthrough\'s steps');
    // A done step is a button with aria-checked="true" (and a tick).
    await page_.locator('.getting-started-step[aria-checked="true"]', { hasText: STEPS[0] }).first().waitFor({ timeout: 15_000 });
    assert.equal(await page_.locator('.getting-started-step', { hasText: STEPS[3] }).first().getAttribute('aria-checked'), 'false', 'no hover yet');
    await screenshot(page, '80-walkthrough-step-done');
  });
});
