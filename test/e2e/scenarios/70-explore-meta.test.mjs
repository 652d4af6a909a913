// Issue 14 (sections 1, 2, 5) in the real VS Code: train with a users file beside u.item, colour the
// PCA by genre (u.item's flags named from u.genre), check that the neighbours list honours the
// minimum rating count (a twice-rated item is left out, and marked when looked up), open the Data view;
// and section 3-4: run a UMAP, save it as a view, switch back to PCA and restore the view.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLUSTERS, writeMl100kWorkspace } from '../lib/fixtures.mjs';
import { e2eEnv, explorerContextMenu, openWorkbench, quickPickRow, screenshot, waitFor, webview, withFailureShot } from '../lib/workbench.mjs';

const GENRES = ['unknown', 'Action', 'Adventure', 'Animation', "Children's", 'Comedy', 'Crime', 'Documentary', 'Drama', 'Fantasy',
  'Film-Noir', 'Horror', 'Musical', 'Mystery', 'Romance', 'Sci-Fi', 'Thriller', 'War', 'Western'];
const RARE = 'Starship Obscure (1990)';
let ws;
let session;
let rareId;

before(async () => {
  ws = writeMl100kWorkspace(e2eEnv().workspaces, 'explore-meta', { settings: { 'collab.epochs': 6 } });
  writeFileSync(join(ws.dir, 'u.genre'), `${GENRES.map((g, i) => `${g}|${i}`).join('\n')}\n\n`);
  // A Starship item rated twice, by Starship fans: without the minimum it could pass as a cluster-mate.
  rareId = ws.items.length + 1;
  const flags = GENRES.map((_, g) => (g === 1 ? '1' : '0'));
  appendFileSync(join(ws.dir, 'u.item'), `${[rareId, RARE, '01-Jan-1990', '', 'http://example.invalid/', ...flags].join('|')}\n`, 'latin1');
  appendFileSync(join(ws.dir, 'u.data'), `1\t${rareId}\t5\t874965758\n2\t${rareId}\t4\t874965759\n`);
  const users = Array.from({ length: 150 }, (_, u) => `${u + 1}|${20 + (u % 40)}|${u % 2 ? 'F' : 'M'}|${['student', 'engineer', 'writer'][u % 3]}|${10000 + u}`);
  writeFileSync(join(ws.dir, 'u.user'), `${users.join('\n')}\n`);
  session = await openWorkbench(ws.dir);
});

after(async () => {
  await session?.close();
});

test('train with titles and user facts, colour the PCA by genre', async () => {
  const { page } = session;
  await withFailureShot(page, '70-pca-genres', async () => {
    await explorerContextMenu(page, 'u.data', 'Train Model on This File');
    const row = quickPickRow(page, 'Train with titles from u.item and user facts from u.user');
    await row.waitFor({ timeout: 30_000 });
    await row.click();
    const runsDir = join(ws.dir, '.collab', 'runs');
    await waitFor(() => existsSync(runsDir) && readdirSync(runsDir).some((d) => !d.startsWith('.')), 120_000, 'a saved run');
    const [run] = readdirSync(runsDir).filter((d) => !d.startsWith('.'));
    const manifest = JSON.parse(readFileSync(join(runsDir, run, 'run.json'), 'utf8'));
    assert.equal(manifest.source.usersFile, join(ws.dir, 'u.user'));

    const view = webview(page);
    await view.locator('[data-testid="tab-pca"]').click({ timeout: 60_000 });
    await view.locator('[data-testid="pca-chart"] g.mark-symbol path').first().waitFor({ timeout: 60_000 });
    await view.locator('[data-testid="pca-meta-field"] option[value="genres"]').waitFor({ state: 'attached', timeout: 30_000 });
    await view.locator('[data-testid="pca-meta-field"]').selectOption('genres');
    const entries = view.locator('[data-testid="legend-entry"]');
    await entries.first().waitFor({ timeout: 30_000 });
    const legend = await entries.evaluateAll((els) => els.map((e) => e.getAttribute('data-value')));
    // The fixture's clusters carry flags 1-4: Action, Adventure, Animation, Children's (named by u.genre).
    for (const genre of GENRES.slice(1, 1 + CLUSTERS.length)) assert.ok(legend.includes(genre), `legend ${JSON.stringify(legend)} lacks ${genre}`);
    await screenshot(page, '70-pca-genres');
    const all = await view.locator('[data-testid="pca-chart"] g.mark-symbol path').count();
    await view.locator('[data-testid="legend-entry"][data-value="Action"]').click();
    await waitFor(async () => (await view.locator('[data-testid="pca-chart"] g.mark-symbol path').count()) < all, 15_000, 'only Action points');
    await screenshot(page, '70-pca-action');
  });
});

test('the neighbours list honours the minimum rating count; the rare item is still reachable and marked', async () => {
  const { page } = session;
  await withFailureShot(page, '70-neighbours', async () => {
    const view = webview(page);
    await view.locator('[data-testid="tab-neighbours"]').click();
    const search = view.locator('[data-testid="neighbours-search"]');
    await search.waitFor({ timeout: 30_000 });
    await search.fill('Starship Alpha');
    await search.press('Enter');
    const rows = view.locator('[data-testid="neighbour-row"]');
    await rows.nth(4).waitFor({ timeout: 30_000 });
    assert.match(await view.locator('[data-testid="neighbours-status"]').textContent(), /items with at least 7 ratings/);
    const labels = await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-label')));
    assert.ok(!labels.includes(RARE), `the twice-rated item is left out: ${JSON.stringify(labels)}`);
    const counts = await rows.evaluateAll((els) => els.map((e) => Number(e.querySelectorAll('td')[3]?.textContent?.replace(/,/g, ''))));
    assert.ok(counts.every((c) => c >= 7), `every neighbour has at least 7 ratings: ${counts}`);
    await view.locator('[data-testid="neighbours-meta-field"]').selectOption('genres');
    await view.locator('[data-testid="meta-cell"]').first().waitFor({ timeout: 15_000 });
    await screenshot(page, '70-neighbours-min-count');

    await search.fill(RARE);
    await search.press('Enter');
    await view.locator('[data-testid="low-count"]').waitFor({ timeout: 30_000 });
    assert.match(await view.locator('[data-testid="low-count"]').textContent(), /few ratings \(\d < 7\)/);
    await screenshot(page, '70-neighbours-rare');
  });
});

test('the Data view shows the crosstab and the long tails', async () => {
  const { page } = session;
  await withFailureShot(page, '70-data', async () => {
    const view = webview(page);
    await view.locator('[data-testid="tab-data"]').click();
    await view.locator('[data-testid="crosstab-cell"]').first().waitFor({ timeout: 60_000 });
    await view.locator('[data-testid="data-tails"] svg .mark-line path').first().waitFor({ timeout: 30_000 });
    await screenshot(page, '70-data');
  });
});

test('a UMAP drawn in the panel is saved as a view (a file in the run folder) and restored from PCA', async () => {
  const { page } = session;
  await withFailureShot(page, '70-umap-view', async () => {
    const view = webview(page);
    await view.locator('[data-testid="tab-pca"]').click();
    const status = view.locator('[data-testid="pca-status"]');
    await view.locator('[data-testid="pca-method"]').selectOption('umap');
    // It starts ("Starting UMAP...", then "UMAP: <phase>, n%" per frame) and ends with the usual
    // "The N most rated of M items" once the progress bar is gone.
    await waitFor(async () => /UMAP/.test(await status.textContent() ?? ''), 60_000, 'the UMAP to start');
    await waitFor(async () => /most rated/.test(await status.textContent() ?? '') && await view.locator('[data-testid="pca-progress"]').isHidden(), 120_000, 'the UMAP layout to finish');
    await view.locator('[data-testid="pca-chart"] g.mark-symbol path').first().waitFor({ timeout: 30_000 });
    await screenshot(page, '70-umap');
    await view.locator('[data-testid="views-name"]').fill('genre map');
    await view.locator('[data-testid="views-save"]').click();
    const runsDir = join(ws.dir, '.collab', 'runs');
    const [run] = readdirSync(runsDir).filter((d) => !d.startsWith('.'));
    const viewsDir = join(runsDir, run, 'views');
    await waitFor(() => existsSync(viewsDir) && readdirSync(viewsDir).some((f) => f.endsWith('.json')), 30_000, 'the saved view file');
    const saved = JSON.parse(readFileSync(join(viewsDir, readdirSync(viewsDir).find((f) => f.endsWith('.json'))), 'utf8'));
    assert.equal(saved.projection.method, 'umap');

    await view.locator('[data-testid="pca-method"]').selectOption('pca');
    await waitFor(async () => /most rated/.test(await status.textContent() ?? ''), 60_000, 'the PCA again');
    await view.locator('[data-testid="views-list"] option[value="genre map"]').waitFor({ state: 'attached', timeout: 15_000 });
    await view.locator('[data-testid="views-list"]').selectOption('genre map');
    await view.locator('[data-testid="views-restore"]').click();
    await waitFor(async () => /Restored the view/.test(await status.textContent() ?? ''), 120_000, 'the view restored');
    assert.equal(await view.locator('[data-testid="pca-method"]').inputValue(), 'umap');
    await screenshot(page, '70-umap-restored');
  });
});
