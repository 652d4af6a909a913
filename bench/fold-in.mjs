// Builds bench/fold-in.ts and runs it: fold-in of 100 held-out MovieLens 100K users from their first
// m ratings (m = 3, 5, 10, 20) beside the global mean, item bias only and a model retrained with
// them; and the speed of fold-in + top-10 over 60,000 items. Writes bench/results/fold-in.json.
//   node bench/fold-in.mjs        (ML100K_DIR overrides /work/shared/datasets/ml-100k)
import * as esbuild from 'esbuild';
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildKernels } from '../src/kernels/build-kernels.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
await buildKernels();
const js = join(root, 'out', 'bench', 'fold-in.js');
await esbuild.build({
  entryPoints: [join(here, 'fold-in.ts')], outfile: js, bundle: true, platform: 'node', target: 'node20',
  format: 'cjs', loader: { '.wasm': 'binary' }, logLevel: 'warning',
});
const started = performance.now();
const r = spawnSync(process.execPath, [js], { encoding: 'utf8', maxBuffer: 1 << 26 });
if (r.status !== 0) {
  console.error(r.stderr);
  process.exit(1);
}
const result = JSON.parse(r.stdout.trim().split('\n').pop());
result.wallSeconds = (performance.now() - started) / 1000;
result.date = new Date().toISOString();
mkdirSync(join(here, 'results'), { recursive: true });
writeFileSync(join(here, 'results', 'fold-in.json'), `${JSON.stringify(result, null, 2)}\n`);

console.log(`${result.heldOutUsers} held-out users, ${result.trainRows} training rows, ${result.testRatings} test ratings (each user's ratings after their 20th by time)`);
const rm = result.rmse;
const row = (name, cells) => console.log(`${name.padEnd(34)} ${cells.map((c) => (typeof c === 'number' ? c.toFixed(4) : String(c ?? '')).padStart(8)).join(' ')}`);
row('RMSE', ['m=3', 'm=5', 'm=10', 'm=20']);
row('global mean', [3, 5, 10, 20].map(() => rm['global mean']));
row('item bias only', [3, 5, 10, 20].map(() => rm['item bias only']));
row('model, average user (no ratings)', [3, 5, 10, 20].map(() => rm['model, average user']));
row('model, zero user', [3, 5, 10, 20].map(() => rm['model, zero user']));
row('bias baseline + user bias', [3, 5, 10, 20].map((m) => rm[`bias baseline + user bias m=${m}`]));
row('fold-in centred on 0 (book L2)', [3, 5, 10, 20].map((m) => rm[`fold-in centred on 0 m=${m}`]));
row('book L2 centred on the mean user', [3, 5, 10, 20].map((m) => rm[`book L2 at the mean user m=${m}`]));
row('fold-in (fitted prior; the default)', [3, 5, 10, 20].map((m) => rm[`fold-in m=${m}`]));
for (const x of [1, 3, 10, 30]) row(`fold-in fixed lambda ${x}`, [3, 5, 10, 20].map((m) => rm[`fold-in m=${m} fixed lambda ${x}`]));
for (const x of [3, 10, 30]) row(`fold-in lambda = m * wd * ${x}`, [3, 5, 10, 20].map((m) => rm[`fold-in m=${m} lambda x${x}`]));
row('retrained with their m ratings', [3, 5, 10, 20].map((m) => rm[`retrained with m=${m}`]));
console.log(`prior: noise ${result.prior.noise.toFixed(3)} (last training MSE), mean factor lambda ${result.prior.lambdaMean.toFixed(1)}, bias lambda ${result.prior.lambdaBias.toFixed(1)}`);
console.log(`fold-in: ${result.foldInMicrosMean.toFixed(0)} us mean, ${result.foldInIterationsMean.toFixed(1)} iterations (ML-100K, 50 factors); training ${result.trainSeconds.toFixed(1)} s`);
const s = result.speed;
console.log(`fold-in + top-10 over ${s.items} items x ${s.factors} factors: median ${s.medianMs.toFixed(1)} ms, p90 ${s.p90Ms.toFixed(1)} ms, max ${s.maxMs.toFixed(1)} ms (index built once: ${s.indexBuildMs.toFixed(0)} ms)`);
console.log(`${result.wallSeconds.toFixed(1)} s wall; load average ${result.loadAverage}`);
const ten = rm['fold-in m=10'] < rm['item bias only'];
console.log(`target (m=10 fold-in beats item bias only): ${ten ? 'met' : 'NOT met'}; speed <= 30 ms: ${s.medianMs <= 30 ? 'met' : 'NOT met'}`);
