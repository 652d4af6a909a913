// `npm run bench`: our engine side by side with a PyTorch reference of the same fastai recipe, on
// the same split files, one process per run (so peak RSS is per run). Prints a table and writes
// bench/results/<timestamp>.json (+ latest.json).
//   node bench/run.mjs [--only ml100k-dot,ml100k-nn,u1-dot,synth10m-dot,wd-mode] [--torch-threads 1,2]
//                      [--synth-rows 10000000] [--synth-torch-epochs 5] [--no-torch] [--threads 1] [--fresh]
// --synth-torch-epochs N times PyTorch on N of the 5 epochs of the 10M set (PyTorch takes about a minute an
// epoch there); speedups are ratios of ratings/s, so they stay comparable. --threads passes Hogwild threads to ours.
// Run it on a quiet machine: PyTorch's threads slow down badly when the cores are oversubscribed.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tmpdir, cpus } from 'node:os';
import * as esbuild from 'esbuild';
import { buildKernels } from '../src/kernels/build-kernels.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const at = args.indexOf(`--${name}`);
  return at >= 0 ? args[at + 1] : fallback;
};
const only = opt('only', 'ml100k-dot,ml100k-nn,u1-dot,synth10m-dot,wd-mode').split(',');
const torchThreads = opt('torch-threads', '1,2').split(',').map(Number);
const withTorch = !args.includes('--no-torch');
const synthTorchEpochs = opt('synth-torch-epochs', '5');
const oursThreads = opt('threads', '1');
const work = join(tmpdir(), 'collab-bench');
mkdirSync(work, { recursive: true });

await buildKernels();
const oursJs = join(root, 'out', 'bench', 'ours.js');
await esbuild.build({
  entryPoints: [join(here, 'ours.ts')], outfile: oursJs, bundle: true, platform: 'node', target: 'node20',
  format: 'cjs', loader: { '.wasm': 'binary' }, logLevel: 'warning',
});

function runJson(cmd, cmdArgs) {
  const r = spawnSync(cmd, cmdArgs, { encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`${cmd} ${cmdArgs.join(' ')} failed:\n${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop());
}
const ours = (...a) => runJson(process.execPath, [oursJs, ...a]);
const torch = (...a) => runJson('/usr/bin/python3', [join(here, 'torch_ref.py'), ...a]);

function prepare(name, task, extra = []) {
  const file = join(work, `${name}.bin`);
  const info = existsSync(file) && !args.includes('--fresh') ? null : ours(task, file, ...extra);
  return { file, info };
}

const recipes = {
  'ml100k-dot': { split: ['ml100k', 'prepare-ml100k'], train: ['--model', 'dot', '--y-range', '0,5.5'], target: 'valid MSE <= 0.83, >= 20x PyTorch' },
  'ml100k-nn': { split: ['ml100k', 'prepare-ml100k'], train: ['--model', 'nn', '--y-range', '0,5.5'], target: 'valid MSE <= 0.87, faster than PyTorch' },
  'u1-dot': { split: ['u1', 'prepare-u1'], train: ['--model', 'dot', '--y-range', '0,5.5'], target: 'valid RMSE <= 0.93' },
  'synth10m-dot': {
    split: ['synth10m', 'prepare-synth', ['--rows', opt('synth-rows', '10000000')]],
    train: ['--model', 'dot', '--bs', '1024', '--y-range', '0,5.5'], target: '>= 10x PyTorch',
    torchExtra: ['--epochs', synthTorchEpochs],
  },
  'wd-mode': { split: ['ml100k', 'prepare-ml100k'], wdMode: true, target: 'decides sparse Adam decay: touched vs catch-up vs dense' },
};

const results = [];
for (const name of only) {
  const recipe = recipes[name];
  if (!recipe) throw new Error(`unknown benchmark '${name}' (have ${Object.keys(recipes).join(', ')})`);
  const [splitName, task, extra] = recipe.split;
  const { file } = prepare(splitName, task, extra);
  if (recipe.wdMode) {
    process.stderr.write(`${name}...\n`);
    results.push({ name, target: recipe.target, wdMode: ours('wd-mode', file) });
    continue;
  }
  process.stderr.write(`${name}: ours...`);
  const mine = ours('train', file, ...recipe.train, '--threads', oursThreads);
  const refs = [];
  if (withTorch) {
    for (const threads of torchThreads) {
      process.stderr.write(` pytorch(${threads} thread${threads > 1 ? 's' : ''})...`);
      refs.push(torch(file, ...recipe.train, ...(recipe.torchExtra ?? []), '--threads', String(threads)));
    }
  }
  process.stderr.write('\n');
  const best = refs.length ? refs.reduce((a, b) => (b.ratingsPerSecond > a.ratingsPerSecond ? b : a)) : null;
  results.push({ name, target: recipe.target, ours: mine, pytorch: refs, speedup: best ? mine.ratingsPerSecond / best.ratingsPerSecond : null });
}

const fmt = (x, d = 3) => (x === null || x === undefined || Number.isNaN(x) ? '-' : x.toFixed(d));
const rows = [['benchmark', 'impl', 'seconds', 'cpu s', 'ratings/s', 'valid MSE', 'RMSE', 'peak RSS MiB', 'speedup']];
for (const r of results.filter((x) => !x.wdMode)) {
  rows.push([r.name, r.ours.impl, fmt(r.ours.seconds), fmt(r.ours.cpuSeconds, 2), Math.round(r.ours.ratingsPerSecond).toLocaleString('en'),
    fmt(r.ours.validMse, 4), fmt(r.ours.validRmse, 4), fmt(r.ours.peakRssMiB, 0), r.speedup ? `${r.speedup.toFixed(1)}x` : '-']);
  for (const p of r.pytorch) {
    rows.push(['', p.impl, fmt(p.seconds), fmt(p.cpuSeconds, 2), Math.round(p.ratingsPerSecond).toLocaleString('en'),
      fmt(p.validMse, 4), fmt(p.validRmse, 4), fmt(p.peakRssMiB, 0), '']);
  }
}
const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => String(r[c]).length)));
for (const r of rows) console.log(r.map((v, c) => String(v).padEnd(widths[c])).join('  '));
for (const r of results.filter((x) => x.wdMode)) {
  console.log(`\n${r.name} (ML-100K dot recipe, plain TypeScript trainer): ${Object.entries(r.wdMode)
    .map(([mode, v]) => `${mode} valid MSE ${v.validMse.toFixed(4)} (${v.seconds.toFixed(1)} s)`).join(', ')}`);
}
console.log(`\nspeedup = our ratings/s over the best PyTorch run's (wall clock). Targets: ${results.map((r) => `${r.name}: ${r.target}`).join('; ')}`);

const stamp = new Date().toISOString().replace(/[:.]/g, '-');
const out = {
  date: new Date().toISOString(), node: process.version, cpus: cpus().map((c) => c.model)[0], cores: cpus().length,
  loadAverage: (await import('node:os')).loadavg(), results,
};
mkdirSync(join(here, 'results'), { recursive: true });
writeFileSync(join(here, 'results', `${stamp}.json`), JSON.stringify(out, null, 1));
writeFileSync(join(here, 'results', 'latest.json'), JSON.stringify(out, null, 1));
console.log(`wrote bench/results/${stamp}.json`);
