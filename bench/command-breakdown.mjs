// Issue 17, item 2: where the whole `collab train u.data --items u.item` command spends its time.
// Runs the built CLI (`npm run build` first) N times with --json, stamps every event line as it
// arrives (ms since the child was spawned; Node writes to a pipe synchronously on Linux, so a
// line's stamp is when it was emitted) and prints each phase's time with the load average.
//   node bench/command-breakdown.mjs [--reps 5] [--data DIR] [--model dot|nn] [--cli bin/collab.js] [--out FILE]
//                                    [--base-cli /path/to/other/tree/bin/collab.js]
// With --base-cli the two CLIs alternate run by run (same load for both) and both are reported.
// Writes bench/results/command-breakdown.json (per run and the median of each phase).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const args = process.argv.slice(2);
const opt = (name, fallback) => (args.includes(`--${name}`) ? args[args.indexOf(`--${name}`) + 1] : fallback);
const reps = Number(opt('reps', '5'));
const data = opt('data', '/work/shared/datasets/ml-100k');
const model = opt('model', 'dot');
const cli = opt('cli', join(root, 'bin', 'collab.js'));
const baseCli = opt('base-cli', undefined);
const out = opt('out', join(here, 'results', 'command-breakdown.json'));
const load = () => loadavg().map((x) => Number(x.toFixed(2)));

/** One run: the events with their arrival times (ms since spawn) and the exit time. */
function runOnce(cliPath) {
  const runs = mkdtempSync(join(tmpdir(), 'collab-breakdown-'));
  const cmd = ['train', join(data, 'u.data'), '--items', join(data, 'u.item'), '--runs', runs, '--json',
    ...(model === 'dot' ? [] : ['--model', model])];
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, [cliPath, ...cmd], { stdio: ['ignore', 'pipe', 'pipe'] });
    const events = [];
    let pending = '', stderr = '';
    child.stdout.on('data', (chunk) => {
      const t = performance.now() - t0;
      pending += chunk;
      const lines = pending.split('\n');
      pending = lines.pop();
      for (const line of lines) if (line.trim()) events.push({ t, event: JSON.parse(line) });
    });
    child.stderr.on('data', (chunk) => { stderr += chunk; });
    child.on('error', reject);
    child.on('close', (code) => {
      const exit = performance.now() - t0;
      rmSync(runs, { recursive: true, force: true });
      if (code !== 0) reject(new Error(`collab ${cmd.join(' ')} exited ${code}:\n${stderr}`));
      else resolve({ events, exit });
    });
  });
}

/** The phase boundaries (ms) found in one run's events; a boundary not seen is left out. */
function marks({ events, exit }) {
  const at = (test) => events.find((e) => test(e.event))?.t;
  const lastAt = (test) => events.findLast((e) => test(e.event))?.t;
  // The items file is read and joined before the first mark of 'keying items by title' (its renumbering).
  const keying = at((e) => e.type === 'train/load' && e.stage === 'keying items by title');
  const m = {
    started: at((e) => e.type === 'train/started'),
    read: lastAt((e) => e.type === 'train/load' && !e.stage),
    ...(keying !== undefined ? { itemsJoined: keying } : {}),
    dataset: at((e) => e.type === 'train/dataset'),
    initialised: at((e) => e.type === 'train/log' && /^Training the/.test(e.message)),
    firstBatch: at((e) => e.type === 'train/batch'),
    fit: lastAt((e) => e.type === 'train/epoch'),
    evaluated: at((e) => e.type === 'train/log' && /Ranking metrics|No ranking metrics/.test(e.message)),
    stats: at((e) => e.type === 'train/save' && /writing/.test(e.stage)),
    saved: at((e) => e.type === 'train/saved'),
    exit,
  };
  const evalLog = events.find((e) => e.event.type === 'train/log' && /Ranking metrics/.test(e.event.message));
  return { marks: m, evaluationSecondsSaid: evalLog ? Number(/in ([\d.]+) s/.exec(evalLog.event.message)?.[1]) : undefined };
}

/** Phase durations (ms) from the marks. */
function phases(m) {
  const d = (a, b) => (m[a] !== undefined && m[b] !== undefined ? Number((m[b] - m[a]).toFixed(1)) : undefined);
  const out = {
    processStart: Number(m.started.toFixed(1)), read: d('started', 'read'),
    ...(m.itemsJoined !== undefined ? { itemsFile: d('read', 'itemsJoined') } : {}),
  };
  Object.assign(out, {
    prepare: d(m.itemsJoined !== undefined ? 'itemsJoined' : 'read', 'dataset'),
    init: d('dataset', 'initialised'), fit: d('initialised', 'fit'), evaluation: d('fit', 'evaluated'),
    stats: d('evaluated', 'stats'), save: d('stats', 'saved'), exit: d('saved', 'exit'), total: Number(m.exit.toFixed(1)),
  });
  return Object.fromEntries(Object.entries(out).filter(([, v]) => v !== undefined));
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

const clis = { ours: cli, ...(baseCli ? { base: baseCli } : {}) };
const results = Object.fromEntries(Object.keys(clis).map((k) => [k, []]));
for (let r = 0; r < reps; r++) {
  for (const [name, path] of Object.entries(clis)) {
    const loadBefore = load();
    const run = await runOnce(path);
    const { marks: m, evaluationSecondsSaid } = marks(run);
    const p = phases(m);
    results[name].push({ loadBefore, phases: p, marks: Object.fromEntries(Object.entries(m).map(([k, v]) => [k, v === undefined ? v : Number(v.toFixed(1))])), evaluationSecondsSaid });
    console.log(`${name} ${r + 1}/${reps} (load ${loadBefore.join(' ')}): ${Object.entries(p).map(([k, v]) => `${k} ${v}`).join(' · ')} ms`);
  }
}
const mediansOf = (runs) => {
  const keys = [...new Set(runs.flatMap((r) => Object.keys(r.phases)))];
  return Object.fromEntries(keys.map((k) => [k, median(runs.map((r) => r.phases[k]).filter((v) => v !== undefined))]));
};
const medians = Object.fromEntries(Object.entries(results).map(([name, runs]) => [name, mediansOf(runs)]));
for (const [name, m] of Object.entries(medians)) console.log(`${name} median of ${reps}: ${Object.entries(m).map(([k, v]) => `${k} ${v}`).join(' · ')} ms`);
writeFileSync(out, JSON.stringify({
  what: `node bin/collab.js train u.data --items u.item${model === 'dot' ? '' : ` --model ${model}`} --runs <tmp> --json: phase times in ms from event arrival times`
    + ' (processStart: spawn to train/started; read: to the last plain load event; itemsFile: to the first "keying items by title" mark'
    + ' (items file sniffed, read and joined); prepare: to train/dataset (renumbering, summaries, split, vocabularies); init: dataset to the "Training the" log;'
    + ' fit: to the last epoch; evaluation: to the "Ranking metrics" log; stats: to the "writing" save stage; save: to train/saved; exit: to process exit)',
  date: new Date().toISOString(), node: process.version, reps, model, clis, medians, runs: results,
}, null, 2) + '\n');
console.log(`wrote ${out}`);
