// The fit loop's rewrite into named steps (src/core/train/epoch-loop.ts), timed against the fit.ts it
// replaced: bench/ours.ts is bundled twice, once as it is and once with src/core/train/fit.ts taken from
// the base commit (the rest of src is the same: the old fit.ts imports none of the new modules), then the
// book's ML-100K recipes (dot: 5 epochs, lr 5e-3, wd 0.1, bs 64, 50 factors; NN: layers 100,50) run one
// process at a time, old and new alternating so load on the shared machine falls on both alike.
// Then the same in one process (bench/fit-refactor-runner.ts: both loops bundled side by side, called in
// turn), which leaves out process start-up and shows the loop's own steady-state cost.
// Prints best and median fit seconds (wall and CPU) and the valid MSE of each, fails if they differ by more
// than 1e-9, and writes bench/results/fit-refactor.json.
//   node bench/fit-refactor.mjs [--base d5987e7] [--runs N (default: dot 15, nn 7)] [--rounds N (in-process, default: dot 60, nn 5)] [--only dot,nn]
import { spawnSync, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
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
// The commit the rewrite started from (the old fit.ts).
const base = opt('base', 'd5987e7');
const runsOption = opt('runs', undefined);
// a dot run takes a tenth of a second: more of them, so the best falls in a quiet moment
const runsOf = (name) => Number(runsOption ?? (name === 'dot' ? 15 : 7));
const roundsOption = opt('rounds', undefined);
const roundsOf = (name) => Number(roundsOption ?? (name === 'dot' ? 60 : 5));
const only = opt('only', 'dot,nn').split(',');
const git = (...a) => execFileSync('git', a, { cwd: root, encoding: 'utf8' });
const baseCommit = git('rev-parse', base).trim();
const headCommit = git('rev-parse', 'HEAD').trim();
const dirty = git('status', '--porcelain', 'src').trim() !== '';

await buildKernels();
const outDir = join(root, 'out', 'bench');
const fitFile = join(root, 'src', 'core', 'train', 'fit.ts');
const oldFit = git('show', `${baseCommit}:src/core/train/fit.ts`);

/** Bundles bench/ours.ts; with `fitSource`, src/core/train/fit.ts is that text (its imports resolve where fit.ts is). */
async function bundle(outfile, fitSource) {
  const plugins = fitSource === undefined ? [] : [{
    name: 'old-fit',
    setup(build) {
      build.onLoad({ filter: /[\\/]src[\\/]core[\\/]train[\\/]fit\.ts$/ }, (a) => (a.path === fitFile
        ? { contents: fitSource, loader: 'ts', resolveDir: dirname(fitFile) } : undefined));
    },
  }];
  await esbuild.build({
    entryPoints: [join(here, 'ours.ts')], outfile, bundle: true, platform: 'node', target: 'node20',
    format: 'cjs', loader: { '.wasm': 'binary' }, logLevel: 'warning', plugins,
  });
  return outfile;
}
const builds = {
  old: await bundle(join(outDir, 'ours-fit-old.js'), oldFit),
  new: await bundle(join(outDir, 'ours-fit-new.js')),
};
// both loops in one bundle: 'old-fit' is the base commit's fit.ts, its imports resolved where fit.ts is
const runner = join(outDir, 'fit-refactor-runner.js');
await esbuild.build({
  entryPoints: [join(here, 'fit-refactor-runner.ts')], outfile: runner, bundle: true, platform: 'node', target: 'node20',
  format: 'cjs', loader: { '.wasm': 'binary' }, logLevel: 'warning',
  plugins: [{
    name: 'old-fit-module',
    setup(build) {
      build.onResolve({ filter: /^old-fit$/ }, () => ({ path: fitFile, namespace: 'old-fit' }));
      build.onLoad({ filter: /.*/, namespace: 'old-fit' }, () => ({ contents: oldFit, loader: 'ts', resolveDir: dirname(fitFile) }));
    },
  }],
});
if (readFileSync(builds.old, 'utf8') === readFileSync(builds.new, 'utf8')) throw new Error(`fit.ts at ${base} is the working tree's: nothing to compare`);

function runJson(script, cmdArgs) {
  const r = spawnSync(process.execPath, [script, ...cmdArgs], { encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`${script} ${cmdArgs.join(' ')} failed:\n${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop());
}

// a split of our own (prepared by this tree's bench/ours.ts), not one another checkout left in collab-bench
const work = join(tmpdir(), 'collab-bench-fit-refactor');
mkdirSync(work, { recursive: true });
const split = join(work, 'ml100k.bin');
if (!existsSync(split)) runJson(builds.new, ['prepare-ml100k', split]);

const recipes = {
  dot: ['--model', 'dot', '--y-range', '0,5.5'],
  nn: ['--model', 'nn', '--y-range', '0,5.5'],
};
const loadavg = () => readFileSync('/proc/loadavg', 'utf8').trim();
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };

const results = {};
let failed = false;
for (const name of only) {
  const recipe = recipes[name];
  if (!recipe) throw new Error(`unknown recipe '${name}' (have ${Object.keys(recipes).join(', ')})`);
  const times = { old: [], new: [] };
  const cpu = { old: [], new: [] };
  const mse = { old: new Set(), new: new Set() };
  const loads = [loadavg()];
  const runs = runsOf(name);
  for (let k = 0; k < runs; k++) {
    // alternate which goes first, so neither always runs right after the other
    for (const side of k % 2 ? ['new', 'old'] : ['old', 'new']) {
      const r = runJson(builds[side], ['train', split, ...recipe]);
      times[side].push(r.seconds);
      cpu[side].push(r.cpuSeconds);
      mse[side].add(r.validMse);
      process.stderr.write(`${name} ${side} ${r.seconds.toFixed(3)} s, valid MSE ${r.validMse}\n`);
    }
    loads.push(loadavg());
  }
  const rounds = roundsOf(name);
  loads.push(loadavg());
  const inProcess = runJson(runner, [split, '--model', name, '--rounds', String(rounds)]);
  loads.push(loadavg());
  for (const side of ['old', 'new']) for (const x of inProcess[side].validMse) mse[side].add(x);
  process.stderr.write(`${name} in one process: old ${inProcess.old.seconds.map((x) => x.toFixed(3)).join(' ')}; new ${inProcess.new.seconds.map((x) => x.toFixed(3)).join(' ')}\n`);
  const validMse = { old: [...mse.old], new: [...mse.new] };
  const difference = Math.max(...validMse.old.flatMap((a) => validMse.new.map((b) => Math.abs(a - b))));
  const same = difference <= 1e-9;
  failed ||= !same;
  results[name] = {
    seconds: times, cpuSeconds: cpu,
    best: { old: Math.min(...times.old), new: Math.min(...times.new) },
    median: { old: median(times.old), new: median(times.new) },
    medianCpu: { old: median(cpu.old), new: median(cpu.new) },
    runs, validMse, validMseDifference: difference, sameValidMse: same, loadAverage: loads,
    inProcess: {
      rounds, ...inProcess,
      // the first round of each is its cold start; the rest are steady state
      best: { old: Math.min(...inProcess.old.seconds), new: Math.min(...inProcess.new.seconds) },
      median: { old: median(inProcess.old.seconds.slice(1)), new: median(inProcess.new.seconds.slice(1)) },
      bestCpu: { old: Math.min(...inProcess.old.cpuSeconds), new: Math.min(...inProcess.new.cpuSeconds) },
      medianCpu: { old: median(inProcess.old.cpuSeconds.slice(1)), new: median(inProcess.new.cpuSeconds.slice(1)) },
    },
  };
}

console.log(`fit.ts at ${baseCommit.slice(0, 7)} (old) vs ${headCommit.slice(0, 7)}${dirty ? '+changes' : ''} (new), ML-100K, alternated runs (${Object.entries(results).map(([n, r]) => `${n} ${r.runs}`).join(', ')} each)`);
const rows = [['recipe', 'where', 'old best s', 'new best s', 'old median s', 'new median s', 'old median cpu s', 'new median cpu s', 'valid MSE old', 'valid MSE new', 'same to 1e-9']];
for (const [name, r] of Object.entries(results)) {
  const mseCells = [r.validMse.old.map((x) => x.toFixed(10)).join('/'), r.validMse.new.map((x) => x.toFixed(10)).join('/'),
    r.sameValidMse ? 'yes' : `NO (${r.validMseDifference})`];
  rows.push([name, `${r.runs} processes each`, r.best.old.toFixed(3), r.best.new.toFixed(3), r.median.old.toFixed(3), r.median.new.toFixed(3),
    r.medianCpu.old.toFixed(3), r.medianCpu.new.toFixed(3), ...mseCells]);
  const p = r.inProcess;
  rows.push(['', `one process, ${p.rounds} rounds`, p.best.old.toFixed(3), p.best.new.toFixed(3), p.median.old.toFixed(3), p.median.new.toFixed(3),
    p.medianCpu.old.toFixed(3), p.medianCpu.new.toFixed(3), '', '', '']);
}
const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => String(r[c]).length)));
for (const r of rows) console.log(r.map((v, c) => String(v).padEnd(widths[c])).join('  '));
console.log('(in one process, medians leave out each side\'s first, cold round)');
for (const [name, r] of Object.entries(results)) console.log(`${name}: load average (1, 5, 15 min) before and after each pair, then around the in-process rounds: ${r.loadAverage.map((l) => l.split(' ').slice(0, 3).join(' ')).join(' | ')}`);

const out = {
  date: new Date().toISOString(), node: process.version, cpus: cpus().map((c) => c.model)[0], cores: cpus().length,
  base: baseCommit, head: headCommit, uncommittedChanges: dirty, recipes, results,
};
mkdirSync(join(here, 'results'), { recursive: true });
writeFileSync(join(here, 'results', 'fit-refactor.json'), JSON.stringify(out, null, 1));
console.log('wrote bench/results/fit-refactor.json');
if (failed) {
  console.error('the valid MSE differs between the old and the new fit');
  process.exitCode = 1;
}
