// Playwright helpers that drive the code-server workbench the way a person does: palette, Explorer
// context menu, notifications, webview panels. Each scenario opens its own browser on its own workspace.
import { mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

/** The harness's environment (set by test/e2e/run.mjs); throws a clear error when run without it. */
export function e2eEnv() {
  const need = ['E2E_URL', 'E2E_WORKSPACES', 'E2E_OUT', 'E2E_USER_DATA'];
  const missing = need.filter((k) => !process.env[k]);
  if (missing.length) throw new Error(`missing ${missing.join(', ')}: run the scenarios through \`npm run test:e2e\``);
  return {
    url: process.env.E2E_URL, workspaces: process.env.E2E_WORKSPACES, out: process.env.E2E_OUT,
    userData: process.env.E2E_USER_DATA, extensions: process.env.E2E_EXTENSIONS, vsix: process.env.E2E_VSIX,
    chromium: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  };
}

const BROWSER_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'];

/** Opens the workbench on a folder; resolves once the Explorer shows its files. */
export async function openWorkbench(folder) {
  const env = e2eEnv();
  const browser = await chromium.launch({ executablePath: env.chromium, headless: true, args: BROWSER_ARGS });
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const folderUrl = `${env.url}/?folder=${encodeURIComponent(folder)}`;
  await page.goto(folderUrl, { timeout: 120_000 }); // a loaded machine can take longer than the 30 s default
  await waitForWorkbench(page);
  return { browser, page, errors, folderUrl, close: () => browser.close() };
}

/** Waits for the workbench: on first open the Explorer's files; after a reload, whatever side bar was open. */
export async function waitForWorkbench(page, { explorer = true } = {}) {
  await page.waitForSelector('.monaco-workbench', { timeout: 120_000 });
  await page.waitForSelector(explorer ? '.explorer-folders-view .monaco-list-row' : '.part.sidebar .pane-body',
    { timeout: 60_000 });
}

/** Opens the Command Palette (retrying: the first key can be eaten while the workbench restores). */
export async function openPalette(page) {
  const input = page.locator('.quick-input-widget input');
  for (let i = 0; i < 8; i++) {
    await page.keyboard.press('Escape');
    // Keys typed while a webview has focus go to its iframe: give the focus back to the workbench first.
    if (i > 0) await page.locator('.part.sidebar .title-label, .part.statusbar').first().click({ timeout: 2000 }).catch(() => {});
    await page.keyboard.press('F1');
    try {
      await input.waitFor({ state: 'visible', timeout: 4000 });
      return input;
    } catch { /* retry */ }
  }
  throw new Error('the Command Palette did not open');
}

/** Types `query` into the palette and clicks the row showing `rowText`, reopening it until that works. */
async function pickFromPalette(page, query, rowText, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  // The palette lists commands known when it was typed into (extensions still starting up are missed),
  // and focus moving elsewhere (an editor opening beside a panel) closes it: reopen and retype.
  while (true) {
    try {
      const input = await openPalette(page);
      await input.fill(query, { timeout: 5000 });
      const row = page.locator('.quick-input-list .monaco-list-row', { hasText: rowText }).first();
      await row.waitFor({ timeout: 5000 });
      await row.click({ timeout: 5000 });
      return;
    } catch (err) {
      if (Date.now() > deadline) throw new Error(`could not pick "${rowText}" from the Command Palette: ${err.message}`);
      await page.keyboard.press('Escape');
      await page.waitForTimeout(1000);
    }
  }
}

/** Runs a command by its palette title, e.g. `Collab: Train Model`. */
export async function runCommand(page, title, { timeoutMs = 60_000 } = {}) {
  await pickFromPalette(page, `>${title}`, title, timeoutMs);
}

/** The Quick Pick row with this text (after a command asked something). */
export function quickPickRow(page, text) {
  return page.locator('.quick-input-widget .quick-input-list .monaco-list-row', { hasText: text }).first();
}

/** Waits for the Quick Pick row with this text and picks it (a command's next question). */
export async function pickQuickPick(page, text, { timeoutMs = 30_000 } = {}) {
  const row = quickPickRow(page, text);
  await row.waitFor({ timeout: timeoutMs });
  await row.click();
}

/** An Explorer row by its file name. */
export function explorerRow(page, name) {
  return page.locator(`.explorer-folders-view .monaco-list-row[aria-label="${name}"]`).first();
}

/** Shows the Explorer (another view container may have replaced it in the side bar). */
export async function showExplorer(page) {
  if (await page.locator('.explorer-folders-view').isVisible()) return;
  await runCommand(page, 'View: Show Explorer');
  await page.locator('.explorer-folders-view').waitFor({ timeout: 15_000 });
}

/** Opens a workspace file by name through Quick Open (Go to File), as a person would with Ctrl+P. */
export async function openFile(page, name) {
  await pickFromPalette(page, name, name, 60_000);
  await page.locator('.tabs-container .tab.active', { hasText: name }).waitFor({ timeout: 30_000 });
}

/** Right-clicks a file in the Explorer and picks a context-menu entry (menus live in a shadow root). */
export async function explorerContextMenu(page, fileName, entry, { timeoutMs = 60_000 } = {}) {
  await showExplorer(page);
  const row = explorerRow(page, fileName);
  await row.waitFor({ timeout: 30_000 });
  const deadline = Date.now() + timeoutMs;
  // Menus contributed by an extension appear once the extension host has read its manifest: retry.
  while (true) {
    // A workbench hover left by an earlier step (a file's path over the Explorer) takes the clicks: move
    // the mouse away and let it go first.
    await page.mouse.move(1, 1);
    await page.locator('.context-view .hover-contents').waitFor({ state: 'hidden', timeout: 3000 }).catch(() => undefined);
    await row.click({ button: 'right' });
    const item = page.locator('.context-view .monaco-menu .action-item', { hasText: entry }).first();
    try {
      await item.waitFor({ timeout: 3000 });
      await item.click();
      // A click while the menu still lays itself out can be lost: the menu then stays open.
      // Then choose the entry as a keyboard user would: it is highlighted under the mouse, Enter runs it.
      const menu = page.locator('.context-view .monaco-menu');
      if (!(await menu.waitFor({ state: 'hidden', timeout: 3000 }).then(() => true, () => false))) {
        await item.hover();
        await page.keyboard.press('Enter');
        await menu.waitFor({ state: 'hidden', timeout: 3000 });
      }
      return;
    } catch (err) {
      const shown = await page.locator('.context-view .monaco-menu .action-label').allTextContents();
      if (Date.now() > deadline) throw new Error(`no "${entry}" in ${fileName}'s context menu (${shown.filter(Boolean).join(' | ')}): ${err.message}`);
      await page.keyboard.press('Escape');
      await page.waitForTimeout(1000);
    }
  }
}

/** Notification toasts' text (visible ones), e.g. to read progress. */
export function notificationToasts(page) {
  return page.locator('.notifications-toasts .notification-toast');
}

/** The toast whose text matches, and a button on it. */
export function toastButton(page, toastText, button) {
  return notificationToasts(page).filter({ hasText: toastText })
    .locator('.monaco-button, a.monaco-button', { hasText: button }).first();
}

/** The inner document of the visible webview whose host frame holds a given selector. */
export function webview(page) {
  // code-server: iframe.webview (webview origin) > iframe#active-frame (the extension's HTML).
  return page.frameLocator('iframe.webview.ready:visible').first().frameLocator('#active-frame');
}

/** The active editor's cursor line (1-based) from the status bar's "Ln 7, Col 1". */
export async function cursorLine(page) {
  const item = page.locator('.statusbar-item[id="status.editor.selection"]').first();
  await item.waitFor({ timeout: 15_000 });
  const m = /Ln (\d+)/.exec((await item.textContent()) ?? '');
  return m ? Number(m[1]) : NaN;
}

/** The active editor tab's title. */
export async function activeTabTitle(page) {
  return (await page.locator('.tabs-container .tab.active .label-name').first().textContent())?.trim();
}

/** Saves a screenshot as test-output/e2e/<name>.png and returns its path. */
export async function screenshot(page, name) {
  const { out } = e2eEnv();
  mkdirSync(out, { recursive: true });
  const path = join(out, `${name}.png`);
  await page.screenshot({ path });
  return path;
}

/** Runs a scenario body; on failure saves `<name>-fail.png` and attaches the Collab log tail to the error. */
export async function withFailureShot(page, name, body) {
  try {
    return await body();
  } catch (err) {
    await screenshot(page, `${name}-fail`).catch(() => {});
    const tail = collabLogTail();
    if (tail && err instanceof Error) err.message += `\n--- Collab output channel (tail) ---\n${tail}`;
    throw err;
  }
}

function newestFiles(dir, match, acc = []) {
  let names;
  try { names = readdirSync(dir); } catch { return acc; }
  for (const n of names) {
    const p = join(dir, n);
    const st = statSync(p);
    if (st.isDirectory()) newestFiles(p, match, acc);
    else if (match(n)) acc.push({ p, m: st.mtimeMs });
  }
  return acc;
}

/** The last lines of the "Collab" Output channel as VS Code logged it (helps explain failures). */
export function collabLogTail(lines = 40) {
  const { userData } = e2eEnv();
  const logs = newestFiles(join(userData, 'logs'), (n) => /Collab\.log$/.test(n)).sort((a, b) => b.m - a.m);
  if (!logs.length) return '';
  return readFileSync(logs[0].p, 'utf8').split('\n').slice(-lines).join('\n');
}

/**
 * Starts recording the text of every notification toast as it appears or changes (a short training
 * run's progress toast can come and go between two polls). Read it back with `recordedToasts`.
 */
export async function recordToasts(page) {
  await page.evaluate(() => {
    const seen = [];
    window.__e2eToasts = seen;
    const note = () => {
      for (const el of document.querySelectorAll('.notifications-toasts .notification-list-item-message')) {
        const text = el.textContent ?? '';
        if (text && seen[seen.length - 1] !== text) seen.push(text);
      }
    };
    new MutationObserver(note).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
}

/** Every toast text seen since `recordToasts`. */
export function recordedToasts(page) {
  return page.evaluate(() => window.__e2eToasts ?? []);
}

/** Opens the Collab Runs view (through its generated "Focus on ... View" command) and returns its pane. */
export async function runsView(page) {
  await runCommand(page, 'Focus on Collab Runs View');
  const pane = page.locator('.pane').filter({ has: page.locator('.pane-header', { hasText: /Runs/i }) }).first();
  await pane.waitFor({ timeout: 15_000 });
  return pane;
}

/** The run rows of the Runs view (runs are grouped under their source file: groups get expanded). */
export async function runsViewRunRows(page, { timeoutMs = 30_000 } = {}) {
  const pane = await runsView(page);
  const groups = pane.locator('.monaco-list-row[aria-level="1"]');
  const runs = pane.locator('.monaco-list-row[aria-level="2"]');
  await groups.first().waitFor({ timeout: timeoutMs });
  for (const group of await groups.all()) {
    if ((await group.getAttribute('aria-expanded')) === 'false') await group.locator('.monaco-tl-twistie').click();
  }
  await runs.first().waitFor({ timeout: timeoutMs });
  return runs;
}

/**
 * Hovers the first on-screen occurrence of `text` in the active editor and returns the hover's text.
 * `keyboardAt` ({ line, column }, 1-based) is where the text is, for the keyboard fallback.
 */
export async function hoverText(page, text, keyboardAt) {
  const line = page.locator('.editor-group-container.active .monaco-editor .view-lines .view-line', { hasText: text }).first();
  await line.waitFor({ timeout: 15_000 });
  // A line is one or a few token spans: aim at the text by its character offset (monospace font).
  const { x, y, charWidth, at } = await line.evaluate((el, wanted) => {
    const r = el.getBoundingClientRect();
    const content = (el.textContent ?? '').replace(/\u00a0/g, ' ');
    const span = el.firstElementChild?.getBoundingClientRect() ?? r;
    return { x: span.left, y: r.top + r.height / 2, charWidth: span.width / Math.max(1, content.length), at: content.indexOf(wanted) };
  }, text);
  const hover = page.locator('.monaco-hover:not(.hidden) .monaco-hover-content').first();
  const target = { x: x + (at + 2.5) * charWidth, y };
  // A first hover may come while the provider still loads its run: move away and back a few times.
  for (let attempt = 1; attempt <= 3; attempt++) {
    await page.mouse.move(5, 5);
    await page.waitForTimeout(300);
    await page.mouse.move(target.x, target.y, { steps: 4 });
    try {
      await hover.waitFor({ state: 'visible', timeout: 6000 });
      return await settledText(hover);
    } catch { /* try again */ }
  }
  // Mouse hovers in headless Chromium occasionally never reach the editor (the pointer lands on an
  // overlay); the keyboard way asks the same provider: cursor onto the text, "Show or Focus Hover".
  if (!keyboardAt) throw new Error(`no hover over "${text}"`);
  await pickFromPalette(page, `:${keyboardAt.line}:${keyboardAt.column}`, `${keyboardAt.line}`, 30_000).catch(async () => {
    await page.keyboard.press('Enter'); // "Go to line" rows vary by version: Enter accepts the typed position
  });
  await runCommand(page, 'Show or Focus Hover');
  await hover.waitFor({ state: 'visible', timeout: 10_000 });
  return settledText(hover);
}

/** A hover's text once its provider answered: VS Code shows "Loading..." until then (a run's first hover loads it). */
async function settledText(hover) {
  await waitFor(async () => !/^\s*Loading/i.test((await hover.textContent()) ?? ''), 30_000, 'the hover to finish loading');
  return (await hover.textContent()) ?? '';
}

/** Lists processes whose command line contains `needle` (Linux /proc), e.g. the trainer bundle's path. */
export function processesMatching(needle) {
  const found = [];
  for (const pid of readdirSync('/proc').filter((n) => /^\d+$/.test(n))) {
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
      if (cmd.includes(needle)) found.push({ pid: Number(pid), cmd });
    } catch { /* exited meanwhile */ }
  }
  return found;
}

/**
 * The trainer processes forked from the installed extension: a run's, and the idle spare (`--spare`)
 * the extension keeps warm for the next run (src/trainer/spare.ts).
 */
export function trainerProcesses(host) {
  return processesMatching(join(e2eEnv().extensions, 'collab-dev.collab-'))
    .filter((p) => p.cmd.includes('trainer.js') && (host === undefined || parentPid(p.pid) === host));
}

/**
 * The parent of process `pid` (undefined once it is gone): a trainer's parent is the extension host
 * of the window that forked it. An earlier scenario's window keeps its host, and that host's idle
 * spare trainer, for minutes after it is closed, so counts of "this window's trainers" filter by it.
 */
export function parentPid(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // "pid (comm) state ppid ...": comm may hold spaces and parentheses, so read after the last ')'
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return undefined;
  }
}

/** Whether process `pid` is running (not gone, not a zombie). */
export function processAlive(pid) {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

/**
 * The Collab log of this window's extension host: the one created last (an earlier window's host
 * lingers for minutes and may still be writing to its own log, so the last written is not it).
 */
function currentCollabLog() {
  const { userData } = e2eEnv();
  const logs = newestFiles(join(userData, 'logs'), (n) => /Collab\.log$/.test(n))
    .map(({ p }) => ({ p, born: statSync(p).birthtimeMs || statSync(p).ctimeMs }))
    .sort((a, b) => b.born - a.born);
  return logs.length ? readFileSync(logs[0].p, 'utf8') : '';
}

/**
 * The trainer pid of the `nth` run (1-based) started in this window, from the Collab log's
 * "Run <id> started (trainer pid N)": with a warm spare around, counting trainer.js processes no
 * longer tells which one runs the job.
 */
export async function runTrainerPid(nth, timeoutMs = 30_000) {
  let pids = [];
  await waitFor(() => {
    pids = [...currentCollabLog().matchAll(/started \(trainer pid (\d+)\)/g)].map((m) => Number(m[1]));
    return pids.length >= nth;
  }, timeoutMs, `run ${nth}'s "started (trainer pid N)" in the Collab log`);
  return pids[nth - 1];
}

/** Polls a condition (e.g. on the file system) until it holds; throws naming `what` on timeout. */
export async function waitFor(condition, timeoutMs, what) {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** The editor tab of a Collab run panel (titled "<run id> (<model>, ...)"). */
export function panelTab(page) {
  return page.locator('.tabs-container .tab', { hasText: /-(dot|nn)-/ }).first();
}
