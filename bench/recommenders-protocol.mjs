// Builds bench/recommenders-protocol.ts and runs it: Collab's dot model on the protocol of Microsoft
// Recommenders' MovieLens 100K benchmark (their stratified 75/25 split reproduced row for row and
// checked with numpy, k = 10, every test item relevant, their MAP), printed beside their published
// table; writes bench/results/recommenders-protocol.json.
//   node bench/recommenders-protocol.mjs [--no-sweep] [--python python3]
// Without numpy (COLLAB_PYTHON or --python; default python3 on PATH) the split is not cross-checked.
import * as esbuild from 'esbuild';
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildKernels } from '../src/kernels/build-kernels.mjs';

// Their README's "Algorithm Comparison" table (ML-100K, k = 10), as published at
// https://github.com/recommenders-team/recommenders/blob/b02c95e2b98b961f9943ce561bbb03f8dff2f41f/README.md
// (table last changed in b980fdf, 2025-07-18). Columns: MAP, nDCG@k, Precision@k, Recall@k, RMSE, MAE.
const PUBLISHED = {
  source: 'https://github.com/recommenders-team/recommenders/blob/b02c95e2b98b961f9943ce561bbb03f8dff2f41f/README.md#algorithm-comparison',
  rows: {
    ALS: [0.004732, 0.044239, 0.048462, 0.017796, 0.965038, 0.753001],
    BiVAE: [0.146126, 0.475077, 0.411771, 0.219145, null, null],
    BPR: [0.132478, 0.441997, 0.388229, 0.212522, null, null],
    embdotbias: [0.018954, 0.117810, 0.104242, 0.042450, 0.992760, 0.776040],
    LightGCN: [0.088526, 0.419846, 0.379626, 0.144336, null, null],
    NCF: [0.107720, 0.396118, 0.347296, 0.180775, null, null],
    SAR: [0.110591, 0.382461, 0.330753, 0.176385, 1.253805, 1.048484],
    SVD: [0.012873, 0.095930, 0.091198, 0.032783, 0.938681, 0.742690],
  },
};

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
await buildKernels();
const js = join(root, 'out', 'bench', 'recommenders-protocol.js');
await esbuild.build({
  entryPoints: [join(here, 'recommenders-protocol.ts')], outfile: js, bundle: true, platform: 'node', target: 'node20',
  format: 'cjs', loader: { '.wasm': 'binary' }, logLevel: 'warning',
});
const work = join(tmpdir(), 'collab-bench', 'recommenders-protocol');
mkdirSync(work, { recursive: true });
const started = performance.now();
const r = spawnSync(process.execPath, [js, work, ...process.argv.slice(2)], { encoding: 'utf8', maxBuffer: 1 << 26 });
if (r.status !== 0) {
  console.error(r.stderr);
  process.exit(1);
}
const result = JSON.parse(r.stdout.trim().split('\n').pop());
result.published = PUBLISHED;
result.wallSeconds = (performance.now() - started) / 1000;
result.date = new Date().toISOString();
mkdirSync(join(here, 'results'), { recursive: true });
writeFileSync(join(here, 'results', 'recommenders-protocol.json'), `${JSON.stringify(result, null, 2)}\n`);

const f = (x) => (typeof x === 'number' ? x.toFixed(4) : '');
const line = (name, cells) => console.log(`${name.padEnd(28)} ${cells.map((c) => f(c).padStart(8)).join(' ')}`);
console.log(`${result.protocol}`);
console.log(`train ${result.nTrain} rows, test ${result.nTest}; split ${result.splitCheck.sameRows ? 'identical to numpy\'s' : `NOT checked: ${JSON.stringify(result.splitCheck)}`}`);
console.log(`${''.padEnd(28)} ${['MAP', 'nDCG@10', 'P@10', 'R@10', 'RMSE', 'MAE', 'MAP@10*'].map((s) => s.padStart(8)).join(' ')}`);
for (const [name, row] of Object.entries(PUBLISHED.rows)) line(`${name} (published)`, row);
for (const [name, m] of Object.entries(result.results)) {
  line(`Collab ${name}`, [m.map, m.ndcg, m.precision, m.recall, m.rmse, m.mae, m.mapAtK]);
}
console.log('* Collab\'s MAP@10 (divided by min(10, |relevant|)); their MAP divides by |relevant|.');
for (const [name, m] of Object.entries(result.results)) {
  if (m.config) console.log(`${name}: ${m.config}; trained in ${m.trainSeconds.toFixed(2)} s; ranking.ts agrees to ${m.oursDiff.toExponential(1)}`);
}
if (result.sweep) console.log(`sweep: ${result.sweep.configurations} configurations in ${result.sweep.seconds.toFixed(1)} s (chosen on 10% of the training rows)`);
console.log(`${result.wallSeconds.toFixed(1)} s wall; load average ${result.loadAverage}`);
if (!result.splitCheck.sameRows) process.exitCode = 1;
