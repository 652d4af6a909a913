#!/usr/bin/env node
// How long Collab's own work blocks the extension host's event loop (issue 8: "never more than
// 50 ms"): the host-side, synchronous pieces behind a panel and a hover, timed one by one on a
// run of MovieLens-25M's shape (60,000 items, 160,000 users, 50 factors), saved and loaded from disk.
//   node bench/host-block.mjs [--items 60000] [--users 160000] [--factors 50] [--repeat 5]
// Prints the worst time of each step over the repeats; anything over 50 ms is marked. Writes
// bench/results/host-block.json. Run it on a quiet machine.
import * as esbuild from 'esbuild';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createRequire } from 'node:module';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({ options: { items: { type: 'string' }, users: { type: 'string' }, factors: { type: 'string' }, repeat: { type: 'string' } } });
const work = mkdtempSync(join(tmpdir(), 'collab-host-block-'));
const bundle = join(work, 'host.cjs');
await esbuild.build({
  stdin: {
    contents: [
      "export { fixtureRun } from './test/browser/fixture-run';",
      "export { saveRun } from './src/core/run/save';",
      "export { loadRun } from './src/core/run/load';",
      "export { RunQueries } from './src/extension/panels/run-queries';",
      "export { createAnalysisIndex, labelFacts } from './src/core/analysis/analysis-index';",
      "export { neighbours } from './src/core/analysis/neighbours';",
      "export { itemHoverMarkdown } from './src/extension/hover/hover-text';",
    ].join('\n'),
    resolveDir: root, loader: 'ts',
  },
  bundle: true, platform: 'node', format: 'cjs', target: 'node20', outfile: bundle, logLevel: 'warning', external: ['vscode'],
  nodePaths: [join(root, 'node_modules')], loader: { '.wasm': 'binary' },
});
const m = createRequire(import.meta.url)(bundle);

const items = Number(values.items ?? 60_000), users = Number(values.users ?? 160_000), factors = Number(values.factors ?? 50);
const repeat = Number(values.repeat ?? 5);
console.log(`Run with ${items.toLocaleString('en-US')} items, ${users.toLocaleString('en-US')} users, ${factors} factors ...`);
const fixture = m.fixtureRun({ items, users, factors, linesPerLabel: 3 });
const saved = await m.saveRun(join(work, 'runs'), {
  id: fixture.manifest.id, manifest: { ...fixture.manifest, tensors: undefined, version: undefined, id: undefined },
  tensors: [...fixture.tensors].map(([name, t]) => ({ name, shape: t.shape, data: t.data })),
  lineIndexes: {
    items: { offsets: fixture.rows.itemOffsets, lines: fixture.rows.itemLines },
    users: { offsets: fixture.rows.userOffsets, lines: fixture.rows.userLines },
  },
});

/** Worst wall time of a synchronous step (ms); async steps are timed to their end (an upper bound of any one block). */
const worst = {};
async function time(name, step) {
  let max = 0;
  for (let k = 0; k < repeat; k++) {
    const t = performance.now();
    await step(k);
    max = Math.max(max, performance.now() - t);
  }
  worst[name] = Math.round(max * 10) / 10;
}

let run;
await time('loadRun (async read + JSON.parse of run.json)', async () => { run = await m.loadRun(saved.dir); });
let queries;
await time('RunQueries + summary (panel open)', () => { queries = new m.RunQueries(run); queries.summary(); queries.series(); });
await time('first items query (builds the side index)', () => { queries = new m.RunQueries(run); queries.answer('query/biases', { side: 'items', top: 200, minCount: 0 }); });
await time('biases top 200 (index built)', () => queries.answer('query/biases', { side: 'items', top: 200, minCount: 10 }));
await time('biases filtered', () => queries.answer('query/biases', { side: 'items', top: 200, minCount: 0, filter: 'western' }));
await time('suggest 12', (k) => queries.answer('query/suggest', { side: 'items', text: ['Wes', 'Rom', 'Spa', 'Hei', 'Cla'][k % 5], limit: 12 }));
await time('neighbours k 100', (k) => queries.answer('query/neighbours', { side: 'items', query: 5 + k, metric: 'cosine', k: 100 }));
await time('pca 5000 points', () => queries.answer('query/pca', { side: 'items', topRated: 5000 }));
await time('pca 1000 points', () => queries.answer('query/pca', { side: 'items', topRated: 1000 }));
await time('rows of one item', (k) => queries.rows('items', 1 + k));
const index = m.createAnalysisIndex(run);
await time('hover: first (side index build)', () => { const i = m.createAnalysisIndex(run); i.side('items'); });
await time('hover: neighbours k 5 + markdown', (k) => {
  const side = index.side('items');
  const result = m.neighbours(index, 10 + k, { side: 'items', k: 5, metric: 'cosine' });
  m.itemHoverMarkdown({ run: { runId: run.manifest.id, runDir: run.dir }, facts: m.labelFacts(side, 10 + k), neighbours: result.ok ? result.neighbours : [], metric: 'cosine' });
});

const result = { date: new Date().toISOString(), items, users, factors, repeat, worstMs: worst };
mkdirSync(join(root, 'bench', 'results'), { recursive: true });
writeFileSync(join(root, 'bench', 'results', 'host-block.json'), `${JSON.stringify(result, null, 2)}\n`);
console.log('| host-side step | worst ms |\n|---|---|');
for (const [name, ms] of Object.entries(worst)) console.log(`| ${name} | ${ms}${ms > 50 ? ' (over 50 ms)' : ''} |`);
rmSync(work, { recursive: true, force: true });
