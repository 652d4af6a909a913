#!/usr/bin/env node
// How long Collab's reads of a saved run block the extension host's event loop (issue 8: "never
// more than 50 ms"). Every step a panel, a hover or a command makes is run twice over the same run
// of MovieLens-25M's shape (60,000 items, 160,000 users, 50 factors, saved and loaded from disk):
//   in-process: RunService called on this thread (how the extension worked before the run service
//               moved to a worker thread);
//   worker:     RunServiceClient, the extension's way: dist/run-worker.js answers, this thread posts.
// The block of a step is the longest gap between ticks of a 1 ms timer probe on this thread while
// the step is in flight (minus the 1 ms), the worst over the repeats; the wall time
// is the median. Each repeat starts a fresh service, so "first" steps are cold.
//   npm run build && node bench/host-block.mjs [--items 60000] [--users 160000] [--factors 50] [--repeat 3]
// Writes bench/results/host-block.json. Run it on a quiet machine.
import * as esbuild from 'esbuild';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createRequire } from 'node:module';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const workerPath = join(root, 'dist', 'run-worker.js');
if (!existsSync(workerPath)) throw new Error('dist/run-worker.js is missing: run `npm run build` first.');
const { values } = parseArgs({ options: { items: { type: 'string' }, users: { type: 'string' }, factors: { type: 'string' }, repeat: { type: 'string' } } });
const work = mkdtempSync(join(tmpdir(), 'collab-host-block-'));
const bundle = join(work, 'host.cjs');
await esbuild.build({
  stdin: {
    contents: [
      "export { fixtureRun, itemTitle } from './test/browser/fixture-run';",
      "export { saveRun } from './src/core/run/save';",
      "export { RunService } from './src/run-service/service';",
      "export { RunServiceClient } from './src/run-service/client';",
      "export { itemHoverMarkdown } from './src/extension/hover/hover-text';",
    ].join('\n'),
    resolveDir: root, loader: 'ts',
  },
  bundle: true, platform: 'node', format: 'cjs', target: 'node20', outfile: bundle, logLevel: 'warning', external: ['vscode'],
  nodePaths: [join(root, 'node_modules')], loader: { '.wasm': 'binary' },
});
const m = createRequire(import.meta.url)(bundle);

const items = Number(values.items ?? 60_000), users = Number(values.users ?? 160_000), factors = Number(values.factors ?? 50);
const repeat = Number(values.repeat ?? 3);
console.log(`Run with ${items.toLocaleString('en-US')} items, ${users.toLocaleString('en-US')} users, ${factors} factors ...`);
const fixture = m.fixtureRun({ items, users, factors, linesPerLabel: 3 });
fixture.manifest.config.yRange = [0, 5.5];
const runsDir = join(work, 'runs');
const saved = await m.saveRun(runsDir, {
  id: fixture.manifest.id, manifest: { ...fixture.manifest, tensors: undefined, version: undefined, id: undefined },
  tensors: [...fixture.tensors].map(([name, t]) => ({ name, shape: t.shape, data: t.data })),
  lineIndexes: {
    items: { offsets: fixture.rows.itemOffsets, lines: fixture.rows.itemLines },
    users: { offsets: fixture.rows.userOffsets, lines: fixture.rows.userLines },
  },
});
const dir = saved.dir;
const mapping = { user: 0, item: 1, rating: 2 };

/** The steps, in the order a person meets them: Runs view, open a panel, its views, a hover. */
const steps = [
  ['list runs (Runs view)', (api) => api.list([runsDir])],
  ['open run (load + checksums)', (api) => api.open(dir)],
  ['panel init (summary + history)', (api) => api.panelInit(dir)],
  ['first items query (builds the index)', (api) => api.panelQuery(dir, 'query/biases', { side: 'items', top: 200, minCount: 0 })],
  ['biases top 200', (api) => api.panelQuery(dir, 'query/biases', { side: 'items', top: 200, minCount: 10 })],
  ['biases filtered', (api) => api.panelQuery(dir, 'query/biases', { side: 'items', top: 200, minCount: 0, filter: 'western' })],
  ['suggest 12', (api, k) => api.panelQuery(dir, 'query/suggest', { side: 'items', text: ['Wes', 'Rom', 'Spa'][k % 3], limit: 12 })],
  ['neighbours k 100', (api, k) => api.panelQuery(dir, 'query/neighbours', { side: 'items', query: 5 + k, metric: 'cosine', k: 100 })],
  ['pca 5000 points', (api) => api.panelQuery(dir, 'query/pca', { side: 'items', topRated: 5000 })],
  ['pca 1000 points', (api) => api.panelQuery(dir, 'query/pca', { side: 'items', topRated: 1000 })],
  ['rows of one item', (api, k) => api.rows(dir, 'items', 1 + k)],
  ['hover an item (k 5) + markdown', async (api, k) => {
    const answer = await api.hover(dir, { role: { kind: 'source', mapping }, column: 1, value: m.itemTitle(10 + k, items + 1), k: 5 });
    return m.itemHoverMarkdown({ run: { runId: answer.runId, runDir: dir }, facts: answer.facts, neighbours: answer.neighbours, metric: 'cosine' });
  }],
  ['hover a user (recommend 5)', (api, k) => api.hover(dir, { role: { kind: 'source', mapping }, column: 0, value: String(20 + k), k: 5 })],
];

/** Runs `run` while a 1 ms timer ticks: its worst gap (ms, the loop's longest block) and the wall time. */
async function measure(run) {
  await new Promise((r) => setTimeout(r, 20)); // let the previous step's replies settle
  let last = performance.now();
  let worst = 0;
  let probing = true;
  const tick = () => {
    const now = performance.now();
    worst = Math.max(worst, now - last - 1);
    last = now;
    if (probing) setTimeout(tick, 1);
  };
  setTimeout(tick, 1);
  const t = performance.now();
  await run();
  const wall = performance.now() - t;
  await new Promise((r) => setTimeout(r, 5)); // the probe's tick after the step ends counts too
  probing = false;
  return { block: Math.max(0, worst), wall };
}

const results = {};
for (const mode of ['in-process', 'worker']) {
  const perStep = steps.map(() => ({ blocks: [], walls: [] }));
  for (let k = 0; k < repeat; k++) {
    const api = mode === 'worker' ? new m.RunServiceClient({ workerPath }) : new m.RunService();
    for (let s = 0; s < steps.length; s++) {
      const { block, wall } = await measure(() => steps[s][1](api, k));
      perStep[s].blocks.push(block);
      perStep[s].walls.push(wall);
    }
    api.dispose?.();
  }
  results[mode] = Object.fromEntries(steps.map(([name], s) => {
    const walls = [...perStep[s].walls].sort((a, b) => a - b);
    return [name, { worstBlockMs: round(Math.max(...perStep[s].blocks)), medianWallMs: round(walls[Math.floor(walls.length / 2)]) }];
  }));
}

function round(x) { return Math.round(x * 10) / 10; }
const result = { date: new Date().toISOString(), loadAverage: loadavg().map(round), items, users, factors, repeat, results };
mkdirSync(join(root, 'bench', 'results'), { recursive: true });
writeFileSync(join(root, 'bench', 'results', 'host-block.json'), `${JSON.stringify(result, null, 2)}\n`);
console.log(`load average ${result.loadAverage.join(' ')}\n`);
console.log('| step | in-process: worst block ms | worker: worst block ms | worker: median wall ms |\n|---|---|---|---|');
for (const [name] of steps) {
  const a = results['in-process'][name], b = results.worker[name];
  const flag = (ms) => `${ms}${ms > 50 ? ' (over 50)' : ''}`;
  console.log(`| ${name} | ${flag(a.worstBlockMs)} | ${flag(b.worstBlockMs)} | ${b.medianWallMs} |`);
}
rmSync(work, { recursive: true, force: true });
