// Sizes of every export format for a run of MovieLens-25M's shape: 60,000 items and 162,541 users,
// the dot model with 50 factors (all formats) and the NN model with fastai's embedding sizes (tfjs).
//   node bench/export-sizes.mjs [--items 60000] [--users 162541] [--factors 50]
// Weights are seeded random (sizes of binary formats do not depend on them; text formats print 9
// significant digits, as for trained weights). Writes bench/results/export-sizes.json.
import * as esbuild from 'esbuild';
import { createRequire } from 'node:module';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({ options: { items: { type: 'string' }, users: { type: 'string' }, factors: { type: 'string' } } });
const nItems = Number(values.items ?? 60000) + 1;
const nUsers = Number(values.users ?? 162541) + 1;
const factors = Number(values.factors ?? 50);

const work = mkdtempSync(join(tmpdir(), 'collab-bench-export-'));
const bundle = join(work, 'core.cjs');
await esbuild.build({
  stdin: { contents: "export * from './src/core/model'; export * from './src/core/analysis/analysis-index'; export * from './src/core/analysis/export';", resolveDir: root, loader: 'ts' },
  bundle: true, platform: 'node', format: 'cjs', target: 'node20', outfile: bundle, logLevel: 'warning', nodePaths: [join(root, 'node_modules')],
});
const core = createRequire(import.meta.url)(bundle);

function run(kind) {
  const config = { model: kind, factors, layers: [100, 50], dropout: 0, epochs: 1, lr: 5e-3, wd: 0.1, bs: 64, validPct: 0.2, seed: 1, yRange: [0, 5.5] };
  const model = core.createModel(config, nUsers, nItems, config.yRange, 1);
  const tensors = new Map(model.tensors().map((t) => [t.name, { shape: t.shape, data: t.data }]));
  const labels = (p, n) => ['#na#', ...Array.from({ length: n - 1 }, (_, i) => `${p}${i + 1}`)];
  return { dir: '', tensors, manifest: { version: 1, id: `bench-${kind}`, createdAt: new Date().toISOString(), origin: 'trained', config,
    vocab: { users: labels('', nUsers), items: labels('Movie title number ', nItems) }, tensors: [], metrics: [] } };
}

const sizeOf = (dir) => Object.fromEntries(readdirSync(dir).map((f) => [f, statSync(join(dir, f)).size]));
const results = [];
for (const [kind, formats] of [['dot', ['csv', 'tsv', 'json', 'npy', 'tfjs']], ['nn', ['npy', 'tfjs']]]) {
  const index = core.createAnalysisIndex(run(kind));
  for (const format of formats) {
    const out = join(work, `${kind}-${format}`);
    const start = Date.now();
    await core.exportEmbeddings(index, { format, outDir: out });
    const files = sizeOf(out);
    const total = Object.values(files).reduce((a, b) => a + b, 0);
    results.push({ model: kind, format, megabytes: Math.round(total / 1e5) / 10, seconds: (Date.now() - start) / 1000, files });
    console.log(`${kind} ${format.padEnd(5)} ${(total / 1e6).toFixed(1).padStart(7)} MB  ${Object.entries(files).map(([f, b]) => `${f} ${(b / 1e6).toFixed(1)}`).join(', ')}`);
    rmSync(out, { recursive: true, force: true });
  }
}
rmSync(work, { recursive: true, force: true });
mkdirSync(join(root, 'bench', 'results'), { recursive: true });
writeFileSync(join(root, 'bench', 'results', 'export-sizes.json'), JSON.stringify({ date: new Date().toISOString(), items: nItems, users: nUsers, factors, results }, null, 1) + '\n');
