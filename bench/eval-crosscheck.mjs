// Builds bench/eval-crosscheck.ts, runs it (it trains the dot model on ML-100K u1, computes the
// ranking metrics and baselines, and runs the numpy cross-check), prints the figures and writes
// bench/results/eval-crosscheck.json.
//   node bench/eval-crosscheck.mjs [--k 10] [--threshold 4] [--python python3]
// numpy must be importable by that python (COLLAB_PYTHON or --python; default python3 on PATH).
import * as esbuild from 'esbuild';
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildKernels } from '../src/kernels/build-kernels.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
await buildKernels();
const js = join(root, 'out', 'bench', 'eval-crosscheck.js');
await esbuild.build({
  entryPoints: [join(here, 'eval-crosscheck.ts')], outfile: js, bundle: true, platform: 'node', target: 'node20',
  format: 'cjs', loader: { '.wasm': 'binary' }, logLevel: 'warning',
});
const work = join(tmpdir(), 'collab-bench', 'eval-crosscheck');
mkdirSync(work, { recursive: true });
const r = spawnSync(process.execPath, [js, work, ...process.argv.slice(2)], { encoding: 'utf8', maxBuffer: 1 << 26 });
if (r.status !== 0) {
  console.error(r.stderr);
  process.exit(1);
}
const result = JSON.parse(r.stdout.trim().split('\n').pop());
result.date = new Date().toISOString();
mkdirSync(join(here, 'results'), { recursive: true });
writeFileSync(join(here, 'results', 'eval-crosscheck.json'), `${JSON.stringify(result, null, 2)}\n`);

const f = (x) => (typeof x === 'number' ? x.toFixed(4) : String(x));
const row = (name, m, e = {}) => console.log(
  `${name.padEnd(12)} ${['rmse', 'mae'].map((key) => f(e[key] ?? '-').padStart(7)).join(' ')}  `
  + ['precision', 'recall', 'ndcg', 'map', 'hitRate', 'coverage'].map((key) => f(m?.[key] ?? '-').padStart(9)).join(' '));
console.log(`${result.dataset}, k=${result.k}, threshold=${result.threshold}; ${result.ours.model.users} users evaluated`);
console.log(`${''.padEnd(12)} ${'RMSE'.padStart(7)} ${'MAE'.padStart(7)}  ${['P@k', 'R@k', 'NDCG@k', 'MAP@k', 'HR@k', 'coverage'].map((s) => s.padStart(9)).join(' ')}`);
row('model', result.ours.model, result.ours.model);
row('globalMean', undefined, result.ours.globalMean);
row('biasOnly', result.ours.biasOnly.ranking, result.ours.biasOnly);
row('popularity', result.ours.popularity.ranking);
const ms = (s) => `${(s * 1000).toFixed(1)} ms`;
console.log(`ranking metrics (${result.ours.model.users} evaluated users x ${result.nItems} items): ${ms(result.rankingSecondsBest)} wall, ${ms(result.rankingCpuSecondsBest)} CPU (best of 5)`);
console.log(`top-${result.k} lists for all ${result.nUsers} users x ${result.nItems} items: ${ms(result.everyUserTopKCpuSecondsBest)} CPU (best of 5)`);
console.log(`baselines (plan, ALS, errors, two rankings): ${ms(result.baselineCpuSecondsBest)} CPU (best of 3); numpy's model ranking: ${ms(result.numpySeconds)}; load average ${result.loadAverage}`);
console.log(`numpy cross-check: max abs difference ${result.maxAbsDiff.toExponential(2)} (${result.agree ? 'agree' : 'DISAGREE'} to 1e-6)`);
console.log(`Surprise: ${result.surprise.published}; ${result.surprise.ours}`);
if (!result.agree) process.exitCode = 1;
