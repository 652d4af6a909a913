// Speed of the analysis queries at MovieLens-25M scale: 60,000 items x 200 factors.
// Measures building the analysis index once, then ms per neighbours query (cosine, Euclidean),
// label lookups (exact and fuzzy) and PCA. Usage: node bench/neighbours.mjs [--items N] [--factors K]
// Prints a table and writes bench/results/neighbours.json. Timings on a busy machine are noisy.
import * as esbuild from 'esbuild';
import { createRequire } from 'node:module';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({ options: { items: { type: 'string' }, factors: { type: 'string' }, queries: { type: 'string' } } });
const nItems = Number(values.items ?? 60000);
const dim = Number(values.factors ?? 200);
const nQueries = Number(values.queries ?? 50);

// Bundle the TypeScript analysis modules into a temporary CommonJS file.
const bundle = join(tmpdir(), `collab-bench-analysis-${process.pid}.cjs`);
await esbuild.build({
  stdin: {
    contents: ["export * from './src/core/analysis/analysis-index';", "export * from './src/core/analysis/neighbours';",
      "export * from './src/core/analysis/lookup';", "export * from './src/core/analysis/pca';",
      "export * from './src/core/analysis/export';"].join('\n'),
    resolveDir: root, loader: 'ts',
  },
  bundle: true, platform: 'node', format: 'cjs', target: 'node20', outfile: bundle, logLevel: 'warning',
  nodePaths: [join(root, 'node_modules')],
});
const analysis = createRequire(import.meta.url)(bundle);
rmSync(bundle, { force: true });

// Seeded clustered vectors: 50 clusters, like genres.
let seed = 12345;
const random = () => { seed = (seed * 1664525 + 1013904223) >>> 0; return seed / 4294967296; };
const gauss = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
const centres = Array.from({ length: 50 }, () => Float32Array.from({ length: dim }, gauss));
const itemWeight = new Float32Array(nItems * dim);
const labels = ['#na#'];
for (let i = 1; i < nItems; i++) {
  const c = centres[i % 50];
  for (let j = 0; j < dim; j++) itemWeight[i * dim + j] = 0.3 * c[j] + 0.2 * gauss();
  labels.push(`Movie number ${i} (${1900 + (i % 120)})`);
}
const itemCount = Array.from({ length: nItems }, (_, i) => (i === 0 ? 0 : Math.floor(1 + 5000 * random() ** 4)));
const run = {
  dir: '', tensors: new Map([['itemWeight', { shape: [nItems, dim], data: itemWeight }]]),
  manifest: { version: 1, id: 'bench', createdAt: new Date().toISOString(), origin: 'imported', vocab: { items: labels, users: [] },
    stats: { itemCount, itemMean: itemCount.map(() => 3.5), userCount: [], userMean: [] }, tensors: [], metrics: [] },
};

// CPU time (user + system) of this process is reported beside wall time: on a shared, loaded
// machine it is the steadier figure.
const cpuMs = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
const time = (fn) => { const t = performance.now(); const c = cpuMs(); const r = fn(); return [performance.now() - t, r, cpuMs() - c]; };
const perQuery = (fn) => {
  fn(1); // warm-up
  const t = performance.now();
  const c = cpuMs();
  for (let q = 0; q < nQueries; q++) fn(1 + Math.floor(random() * (nItems - 1)));
  return { wallMs: (performance.now() - t) / nQueries, cpuMs: (cpuMs() - c) / nQueries };
};
const once = (fn) => { const [wallMs, , cpu] = time(fn); return { wallMs, cpuMs: cpu }; };

const index = analysis.createAnalysisIndex(run);
const buildMs = once(() => index.side('items'));
const firstMs = once(() => analysis.neighbours(index, 5, { k: 10 }));
const side = index.side('items');
const results = {
  items: nItems, factors: dim, queries: nQueries, cpus: cpus().length, node: process.version, date: new Date().toISOString(),
  indexBuildMs: buildMs,
  firstQueryAfterBuildMs: firstMs,
  cosineMsPerQuery: perQuery((i) => analysis.neighbours(index, i, { k: 10 })),
  euclideanMsPerQuery: perQuery((i) => analysis.neighbours(index, i, { k: 10, metric: 'euclidean' })),
  cosineK100MsPerQuery: perQuery((i) => analysis.neighbours(index, i, { k: 100 })),
  exactLabelLookupMs: perQuery((i) => analysis.findLabel(side, labels[i])),
  substringLookupMs: perQuery((i) => analysis.findLabel(side, `number ${i} (`)),
  fuzzyLookupMs: perQuery(() => analysis.findLabel(side, 'Moive nmuber 4242')),
  pcaTop1000Ms: once(() => analysis.runPca(index, { topRated: 1000, components: 3 })),
  pcaTop1000TransposedMs: once(() => analysis.runPca(index, { topRated: 1000, components: 3, transposed: true })),
  pcaAllMs: once(() => analysis.runPca(index, { components: 3 })),
};
// Export sizes at this scale (async, so measured here rather than in the object above).
const exportDir = join(tmpdir(), `collab-bench-export-${process.pid}`);
for (const format of ['npy', 'csv', 'tsv', 'json']) {
  const t = performance.now();
  const c = cpuMs();
  await analysis.exportEmbeddings(index, { format, outDir: join(exportDir, format) });
  results[`export_${format}Ms`] = { wallMs: performance.now() - t, cpuMs: cpuMs() - c };
}
rmSync(exportDir, { recursive: true, force: true });
const show = (v) => (typeof v === 'object' ? `${v.wallMs.toFixed(2).padStart(10)} wall  ${v.cpuMs.toFixed(2).padStart(10)} cpu` : v);
const rows = Object.entries(results).map(([k, v]) => `${k.padEnd(26)} ${show(v)}`);
console.log(rows.join('\n'));
mkdirSync(join(root, 'bench', 'results'), { recursive: true });
writeFileSync(join(root, 'bench', 'results', 'neighbours.json'), JSON.stringify(results, null, 1) + '\n');
