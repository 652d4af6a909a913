// Issue 17, item 2: the evaluation a `collab train` job runs after the last epoch (ranking metrics at
// k = 10 and the three baselines), ours against the base commit's, on ML-100K with the default recipe.
// Each process loads the data, trains the same seeded model, and times evaluateRun cold (its first call,
// as in a fresh trainer process) and warm; ours and the base alternate, with the load average beside
// every figure, and the figures of both are compared (they must be identical).
//   node bench/eval-speed.mjs [--base fdec79f] [--reps 5] [--model dot|nn] [--data DIR]
// Writes bench/results/eval-speed.json (eval-speed-nn.json for --model nn).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const args = process.argv.slice(2);
const opt = (name, fallback) => (args.includes(`--${name}`) ? args[args.indexOf(`--${name}`) + 1] : fallback);
const base = opt('base', 'fdec79f');
const reps = Number(opt('reps', '5'));
const model = opt('model', 'dot');
const data = opt('data', '/work/shared/datasets/ml-100k');
const out = join(here, 'results', model === 'dot' ? 'eval-speed.json' : `eval-speed-${model}.json`);
const load = () => loadavg().map((x) => Number(x.toFixed(2)));

async function bundle(dir, outfile) {
  await esbuild.build({
    entryPoints: [join(here, 'eval-speed.ts')], outfile, bundle: true, platform: 'node', target: 'node20', format: 'cjs',
    loader: { '.wasm': 'binary' }, logLevel: 'warning', nodePaths: [join(root, 'node_modules')],
    // the runner is ours; the sources it imports come from `dir`
    plugins: [{ name: 'tree', setup(b) { b.onResolve({ filter: /^\.\.\/src\// }, (a) => ({ path: join(dir, a.path.slice(3)) + '.ts' })); } }],
  });
}

const baseDir = join(tmpdir(), `collab-base-${base}`);
if (!existsSync(baseDir)) {
  mkdirSync(baseDir, { recursive: true });
  execFileSync('sh', ['-c', `git -C '${root}' archive ${base} | tar -x -C '${baseDir}'`]);
}
rmSync(join(baseDir, 'node_modules'), { force: true });
symlinkSync(join(root, 'node_modules'), join(baseDir, 'node_modules'));
const { buildKernels } = await import(join(root, 'src', 'kernels', 'build-kernels.mjs'));
await buildKernels();
const oursJs = join(root, 'out', 'bench', 'eval-speed.js');
const baseJs = join(root, 'out', 'bench', `eval-speed-${base}.js`);
await bundle(root, oursJs);
await bundle(baseDir, baseJs);

function runOne(js) {
  const loadBefore = load();
  const r = spawnSync(process.execPath, [js, '--model', model, '--data', data, '--warm', '3'], { encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`${js} failed:\n${r.stderr}`);
  return { ...JSON.parse(r.stdout.trim().split('\n').pop()), loadBefore };
}

const runs = { ours: [], base: [] };
for (let rep = 0; rep < reps; rep++) {
  for (const [name, js] of [['ours', oursJs], ['base', baseJs]]) {
    const r = runOne(js);
    runs[name].push(r);
    const ms = (s) => (s * 1000).toFixed(1);
    console.log(`${name.padEnd(4)} cold ${ms(r.cold)} ms (cpu ${ms(r.coldCpu)}), warm ${r.warm.map(ms).join(' / ')} ms (cpu ${r.warmCpu.map(ms).join(' / ')}) (load ${r.loadBefore.join(' ')})`);
  }
}
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2; };
const summary = (rs) => ({
  coldMs: median(rs.map((r) => r.cold * 1000)), warmMs: median(rs.flatMap((r) => r.warm.map((s) => s * 1000))),
  coldCpuMs: median(rs.map((r) => r.coldCpu * 1000)), warmCpuMs: median(rs.flatMap((r) => r.warmCpu.map((s) => s * 1000))),
});
const figures = (r) => r.result.evaluation ?? r.result;
const identical = runs.ours.every((r) => isDeepStrictEqual(figures(r), figures(runs.base[0])));
const result = {
  what: `evaluateRun after the default ${model} recipe on ML-100K (u.data, items by title): ranking metrics at k = 10 and three baselines`,
  date: new Date().toISOString(), node: process.version, base, reps, ours: summary(runs.ours), baseline: summary(runs.base),
  identicalFigures: identical, figures: figures(runs.ours[0]),
  runs: Object.fromEntries(Object.entries(runs).map(([k, rs]) => [k, rs.map(({ cold, warm, coldCpu, warmCpu, loadBefore }) => ({ cold, warm, coldCpu, warmCpu, loadBefore }))])),
};
const line = (w) => `cold ${w.coldMs.toFixed(1)} ms (cpu ${w.coldCpuMs.toFixed(1)}), warm ${w.warmMs.toFixed(1)} ms (cpu ${w.warmCpuMs.toFixed(1)})`;
console.log(`median: ours ${line(result.ours)}; base ${line(result.baseline)}; identical figures: ${identical}`);
if (!identical) console.log(JSON.stringify({ ours: figures(runs.ours[0]), base: figures(runs.base[0]) }));
writeFileSync(out, JSON.stringify(result, null, 2) + '\n');
console.log(`wrote ${out}`);
