// Speed and quality of the projections on a synthetic run with 60,000 items x 50 factors (clustered
// like genres, Zipf-like rating counts): UMAP and t-SNE of the 10,000 most rated, driven the way the
// run service drives them (40 ms slices, a frame every 250 ms). Reports time to the first picture,
// total time, frames sent, and neighbour preservation (share of each point's 10 nearest neighbours
// in the factors that stay among its 10 nearest in the layout; chance is 0.001).
//   node bench/projections.mjs [--items 60000] [--top 10000] [--factors 50]
// Writes bench/results/projections.json (with the load average beside each figure).
import * as esbuild from 'esbuild';
import { createRequire } from 'node:module';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({ options: { items: { type: 'string' }, top: { type: 'string' }, factors: { type: 'string' }, methods: { type: 'string' } } });
const nItems = Number(values.items ?? 60000);
const top = Number(values.top ?? 10000);
const dim = Number(values.factors ?? 50);
const methods = (values.methods ?? 'pca,umap,tsne').split(',');

const bundle = join(tmpdir(), `collab-bench-projection-${process.pid}.cjs`);
await esbuild.build({
  stdin: {
    contents: ["export * from './src/core/analysis/analysis-index';", "export * from './src/core/analysis/projection/job';",
      "export * from './src/core/analysis/projection/drive';", "export * from './src/core/analysis/projection/quality';",
      "export * from './src/core/analysis/projection/rows';"].join('\n'),
    resolveDir: root, loader: 'ts',
  },
  bundle: true, platform: 'node', format: 'cjs', target: 'node20', outfile: bundle, logLevel: 'warning',
  nodePaths: [join(root, 'node_modules')],
});
const core = createRequire(import.meta.url)(bundle);
rmSync(bundle, { force: true });

let seed = 12345;
const random = () => { seed = (seed * 1664525 + 1013904223) >>> 0; return seed / 4294967296; };
const gauss = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
const centres = Array.from({ length: 40 }, () => Float32Array.from({ length: dim }, gauss));
const itemWeight = new Float32Array(nItems * dim);
const labels = ['#na#'];
const itemCount = [0];
for (let i = 1; i < nItems; i++) {
  const c = centres[Math.floor(random() * centres.length)];
  for (let j = 0; j < dim; j++) itemWeight[i * dim + j] = 0.3 * c[j] + 0.25 * gauss();
  labels.push(`Item ${i}`);
  itemCount.push(Math.max(1, Math.floor(80000 / (i + 10))));
}
const run = {
  dir: '', rows: undefined,
  manifest: { version: 1, id: 'bench', createdAt: '', origin: 'imported', vocab: { users: ['#na#', 'u1'], items: labels },
    stats: { userCount: [0, 1], userMean: [0, 3], itemCount, itemMean: itemCount.map(() => 3.5) }, tensors: [], metrics: [] },
  tensors: new Map([['itemWeight', { shape: [nItems, dim], data: itemWeight }], ['userWeight', { shape: [2, dim], data: new Float32Array(2 * dim) }]]),
};
const index = core.createAnalysisIndex(run);
index.side('items');

const results = [];
for (const method of methods) {
  const load = loadavg()[0];
  const started = performance.now();
  let first; let frames = 0; let layoutAt;
  const job = core.createProjection(index, { method, side: 'items', top, seed: 1 });
  const final = await core.driveProjection(job, { onFrame: (f) => {
    frames++; first ??= performance.now() - started;
    if (f.phase === 'layout' && layoutAt === undefined) layoutAt = performance.now() - started;
  } });
  const seconds = (performance.now() - started) / 1000;
  const x = core.gatherVectors(index.side('items'), final.rows, 'cosine');
  const kept = core.neighbourPreservation(x, dim, final.coords.length === final.rows.length * 2 ? final.coords : twoOf(final), final.rows.length, 10);
  const row = { method, points: final.rows.length, dims: dim, firstPictureSeconds: round(first / 1000), neighboursDoneSeconds: layoutAt === undefined ? undefined : round(layoutAt / 1000), totalSeconds: round(seconds), frames,
    neighbourPreservation10: round(kept), notes: final.notes, loadAverage1m: round(load), loadAverageAfter: round(loadavg()[0]) };
  results.push(row);
  console.log(JSON.stringify(row));
}

function twoOf(frame) {
  const out = new Float64Array(frame.rows.length * 2);
  for (let r = 0; r < frame.rows.length; r++) { out[2 * r] = frame.coords[r * frame.dims]; out[2 * r + 1] = frame.coords[r * frame.dims + 1]; }
  return out;
}
function round(v) { return Math.round(v * 1000) / 1000; }

// Rows are kept per method (a run of one method replaces only its own row), each with its date.
const file = join(root, 'bench', 'results', 'projections.json');
mkdirSync(dirname(file), { recursive: true });
let previous = [];
try { previous = JSON.parse(readFileSync(file, 'utf8')).results ?? []; } catch { /* first run */ }
const date = new Date().toISOString();
const merged = [...previous.filter((r) => !methods.includes(r.method)), ...results.map((r) => ({ ...r, date, items: nItems, top }))];
writeFileSync(file, `${JSON.stringify({ factors: dim, node: process.version, results: merged }, null, 2)}\n`);
