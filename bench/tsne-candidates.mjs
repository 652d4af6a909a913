// Why t-SNE is our own (src/core/analysis/projection/tsne.ts): the npm candidates beside it on the
// same clustered data (50 factors, unit length). At N points each runs `iterations` iterations; the
// figures are seconds to set up (affinities), seconds per iteration, and neighbour preservation
// (10 nearest). Exact t-SNE costs O(N^2) memory and time per iteration, so at 10,000 points the
// candidates are timed on one setup + a few iterations only (or skipped above --max-exact).
//   node bench/tsne-candidates.mjs --from /tmp/tsne-eval/node_modules [--n 2000] [--iterations 300]
// Writes bench/results/tsne-candidates.json with the load average beside each figure.
import * as esbuild from 'esbuild';
import { createRequire } from 'node:module';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({ options: { from: { type: 'string' }, n: { type: 'string' }, iterations: { type: 'string' }, big: { type: 'string' } } });
const from = values.from ?? '/tmp/tsne-eval/node_modules';
const N = Number(values.n ?? 2000);
const BIG = Number(values.big ?? 10000);
const iterations = Number(values.iterations ?? 300);
const dim = 50;
const need = createRequire(join(from, 'x.js'));

const bundle = join(tmpdir(), `collab-bench-tsne-${process.pid}.cjs`);
await esbuild.build({
  stdin: { contents: ["export * from './src/core/analysis/projection/knn';", "export * from './src/core/analysis/projection/tsne';",
    "export * from './src/core/analysis/projection/quality';"].join('\n'), resolveDir: root, loader: 'ts' },
  bundle: true, platform: 'node', format: 'cjs', target: 'node20', outfile: bundle, logLevel: 'warning', nodePaths: [join(root, 'node_modules')],
});
const core = createRequire(import.meta.url)(bundle);
rmSync(bundle, { force: true });

function data(n) {
  let seed = 99;
  const random = () => { seed = (seed * 1664525 + 1013904223) >>> 0; return seed / 4294967296; };
  const gauss = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const centres = Array.from({ length: 20 }, () => Array.from({ length: dim }, gauss));
  const x = new Float64Array(n * dim);
  for (let i = 0; i < n; i++) {
    const c = centres[Math.floor(random() * centres.length)];
    let norm = 0;
    for (let j = 0; j < dim; j++) { x[i * dim + j] = 0.3 * c[j] + 0.25 * gauss(); norm += x[i * dim + j] ** 2; }
    for (let j = 0; j < dim; j++) x[i * dim + j] /= Math.sqrt(norm);
  }
  const rows = Array.from({ length: n }, (_, i) => Array.from(x.subarray(i * dim, (i + 1) * dim)));
  return { x, rows };
}

const flat = (points) => Float64Array.from(points.flatMap((p) => [p[0], p[1]]));
const candidates = {
  ours(rows, x, n, its) {
    const t0 = performance.now();
    const start = new Float64Array(2 * n).map((_, i) => 1e-4 * Math.sin(i * 12.9898) );
    const opt = new core.TsneOptimizer(core.affinities(core.knnGraph(x, n, dim, 90), 30), start, { iterations: its });
    const setup = performance.now() - t0;
    const t1 = performance.now();
    for (let i = 0; i < its; i++) opt.step();
    return { setup, iter: (performance.now() - t1) / its, layout: opt.y, kl: opt.kl };
  },
  '@keckelt/tsne'(rows, x, n, its) {
    const { TSNE } = need('@keckelt/tsne');
    const t0 = performance.now();
    const t = new TSNE({ epsilon: 10, perplexity: 30, dim: 2 });
    t.initDataRaw(rows);
    const setup = performance.now() - t0;
    const t1 = performance.now();
    for (let i = 0; i < its; i++) t.step();
    return { setup, iter: (performance.now() - t1) / its, layout: flat(t.getSolution()) };
  },
  '@saehrimnir/druidjs'(rows, x, n, its) {
    const { TSNE } = need('@saehrimnir/druidjs');
    const t0 = performance.now();
    const t = new TSNE(rows, { perplexity: 30, epsilon: 10, d: 2, seed: 1 });
    t.init();
    const setup = performance.now() - t0;
    const t1 = performance.now();
    for (let i = 0; i < its; i++) t.next();
    return { setup, iter: (performance.now() - t1) / its, layout: flat(t.projection.to2dArray ?? t.projection) };
  },
  'tsne-js'(rows, x, n, its) {
    const TSNE = need('tsne-js');
    const t0 = performance.now();
    const t = new (TSNE.default ?? TSNE)({ dim: 2, perplexity: 30, earlyExaggeration: 4, learningRate: 100, nIter: its, metric: 'euclidean' });
    t.init({ data: rows, type: 'dense' });
    const setup = performance.now() - t0;
    const t1 = performance.now();
    t.run();
    return { setup, iter: (performance.now() - t1) / its, layout: flat(t.getOutput()) };
  },
};

const results = [];
for (const [n, its, quality] of [[N, iterations, true], [BIG, 5, false]]) {
  const { x, rows } = data(n);
  for (const [name, run] of Object.entries(candidates)) {
    const load = loadavg()[0];
    try {
      const r = run(rows, x, n, name === 'ours' && !quality ? 20 : its);
      const row = { name, n, iterations: its, setupSeconds: r.setup / 1000, secondsPerIteration: r.iter / 1000,
        neighbourPreservation10: quality ? core.neighbourPreservation(x, dim, r.layout, n, 10) : undefined, kl: r.kl, loadAverage1m: load };
      results.push(row);
      console.log(JSON.stringify(row));
    } catch (error) {
      results.push({ name, n, error: String(error).slice(0, 200), loadAverage1m: load });
      console.log(name, n, String(error).slice(0, 200));
    }
  }
}
mkdirSync(join(root, 'bench', 'results'), { recursive: true });
writeFileSync(join(root, 'bench', 'results', 'tsne-candidates.json'), `${JSON.stringify({ date: new Date().toISOString(), node: process.version, results }, null, 2)}\n`);
