#!/usr/bin/env node
// Issue 17 item 1: Collab's loader against pandas.read_csv (C engine, dtypes given) on the same
// generated files, side by side in one run (alternated, best of --repeat), so the ratio holds on a
// shared machine. Files are written under --dir (default /tmp/collab-load-vs-pandas, never the repo):
// an unquoted ratings file per --rows size (ML-25M's shape, ~27 bytes a row) and a smaller file with a
// quoted title column (the csv-parse path). Per file it measures
//   - the whole command: `collab inspect FILE --json` vs `python3 -c "import pandas; read_csv(...)"`,
//   - the read alone, in process: loadRatings vs read_csv (pandas' import and Node's start excluded),
// with peak RSS and the load average beside each figure.
//   npm run build && node bench/load-vs-pandas.mjs [--rows 5000000,25000000] [--quoted-rows 1000000]
//     [--repeat 3] [--python /usr/bin/python3] [--keep]
// Writes bench/results/load-vs-pandas.json.
import * as esbuild from 'esbuild';
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    rows: { type: 'string' }, 'quoted-rows': { type: 'string' }, repeat: { type: 'string' }, dir: { type: 'string' },
    python: { type: 'string' }, keep: { type: 'boolean' }, child: { type: 'string' },
  },
});

const PANDAS = `
import json, resource, sys, time
t0 = time.perf_counter()
import pandas as pd
t1 = time.perf_counter()
dtype = {'userId': 'int32', 'movieId': 'int32', 'rating': 'float32', 'timestamp': 'int64'}
if sys.argv[2] == 'quoted': dtype['title'] = 'object'
df = pd.read_csv(sys.argv[1], engine='c', dtype=dtype)
t2 = time.perf_counter()
u = resource.getrusage(resource.RUSAGE_SELF)
print(json.dumps({'rows': len(df), 'importSeconds': t1 - t0, 'readSeconds': t2 - t1, 'cpuSeconds': u.ru_utime + u.ru_stime,
  'peakRssMB': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
`;

if (values.child) await child(values.child, positionals[0]);
else await parent();

/** mulberry32: the same file for the same row count. */
function seeded(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Writes `rows` ratings (162,541 users, 59,047 items, skewed popularity, half stars), optionally with a quoted title. */
function generate(path, rows, quoted) {
  if (values.keep && existsSync(path)) return;
  const random = seeded(17);
  const fd = openSync(path, 'w');
  writeSync(fd, quoted ? 'userId,movieId,rating,timestamp,title\n' : 'userId,movieId,rating,timestamp\n');
  for (let start = 0; start < rows; start += 100_000) {
    const lines = [];
    for (let r = start; r < Math.min(rows, start + 100_000); r++) {
      const u = 1 + Math.floor(162_541 * random() ** 1.5), i = 1 + Math.floor(59_047 * random() ** 3);
      const rating = ((1 + Math.floor(random() * 10)) / 2).toFixed(1);
      const line = `${u},${i},${rating},${1_000_000_000 + r * 7}`;
      lines.push(quoted ? `${line},"Movie ${i}, The (${1950 + (i % 70)})"` : line);
    }
    writeSync(fd, `${lines.join('\n')}\n`);
  }
  closeSync(fd);
}

/**
 * Wall seconds, CPU seconds (user + system, from /usr/bin/time: steadier than wall time on a
 * shared machine) and the JSON stdout of a process.
 */
function timed(command, args) {
  const t0 = performance.now();
  const r = spawnSync('/usr/bin/time', ['-f', 'cpu %U %S', command, ...args], { encoding: 'utf8', maxBuffer: 64 << 20 });
  const seconds = (performance.now() - t0) / 1000;
  if (r.status !== 0) throw new Error(`${command} ${args.join(' ')} failed: ${r.stderr}`);
  const [, user, system] = /cpu ([\d.]+) ([\d.]+)\s*$/.exec(r.stderr) ?? [];
  const cpuSeconds = Number(user) + Number(system);
  // inspect prints one pretty JSON document; the others print one line.
  return { seconds, cpuSeconds, out: JSON.parse(r.stdout) };
}

/** The 1-minute load average. */
function load() {
  return loadavg()[0];
}

async function parent() {
  const sizes = (values.rows ?? '5000000,25000000').split(',').map(Number);
  const quotedRows = Number(values['quoted-rows'] ?? 1_000_000);
  const repeat = Number(values.repeat ?? 3);
  const python = values.python ?? '/usr/bin/python3';
  const dir = values.dir ?? '/tmp/collab-load-vs-pandas';
  const cli = join(root, 'dist', 'cli.js');
  if (!existsSync(cli)) throw new Error('run `npm run build` first');
  mkdirSync(dir, { recursive: true });
  const bundle = join(dir, 'loader.cjs');
  await esbuild.build({
    stdin: { contents: "export * from './src/core/csv/load';", resolveDir: root, loader: 'ts' },
    bundle: true, platform: 'node', format: 'cjs', target: 'node20', outfile: bundle, logLevel: 'warning',
    nodePaths: [join(root, 'node_modules')], loader: { '.wasm': 'binary' },
  });
  const files = [
    ...sizes.map((rows) => ({ name: `${rows / 1e6}M`, rows, quoted: false })),
    { name: `${quotedRows / 1e6}M quoted`, rows: quotedRows, quoted: true },
  ];
  const results = [];
  for (const f of files) {
    f.path = join(dir, `ratings-${f.rows}${f.quoted ? '-quoted' : ''}.csv`);
    generate(f.path, f.rows, f.quoted);
    const mb = statSync(f.path).size / 1e6;
    const runs = { oursCommand: [], pandasCommand: [], oursRead: [], pandasRead: [] };
    // Big files once each: a 25M run takes tens of seconds.
    const n = f.rows > 10_000_000 ? 1 : repeat;
    for (let k = 0; k < n; k++) {
      let before = load();
      const ours = timed(process.execPath, [cli, 'inspect', f.path, '--json']);
      runs.oursCommand.push({ seconds: ours.seconds, cpuSeconds: ours.cpuSeconds, load: before });
      before = load();
      const pandas = timed(python, ['-c', PANDAS, f.path, f.quoted ? 'quoted' : 'plain']);
      runs.pandasCommand.push({ seconds: pandas.seconds, cpuSeconds: pandas.cpuSeconds, load: before });
      runs.pandasRead.push({
        seconds: pandas.out.readSeconds, importSeconds: pandas.out.importSeconds, peakRssMB: pandas.out.peakRssMB, load: before,
      });
      before = load();
      const inProcess = timed(process.execPath, [fileURLToPath(import.meta.url), '--child', bundle, f.path]);
      runs.oursRead.push({ ...inProcess.out, load: before });
      if (inProcess.out.rows !== pandas.out.rows || ours.out.rows !== pandas.out.rows) {
        throw new Error(`row counts differ: ours ${inProcess.out.rows}/${ours.out.rows}, pandas ${pandas.out.rows}`);
      }
    }
    const best = (list) => list.reduce((a, b) => (b.seconds < a.seconds ? b : a));
    const leastCpu = (list) => Math.min(...list.map((x) => x.cpuSeconds));
    const r = {
      file: f.name, rows: f.rows, mb, quoted: f.quoted, runs: n,
      oursCommand: best(runs.oursCommand), pandasCommand: best(runs.pandasCommand),
      oursRead: best(runs.oursRead), pandasRead: best(runs.pandasRead),
      cpu: { oursCommand: leastCpu(runs.oursCommand), pandasCommand: leastCpu(runs.pandasCommand), oursRead: leastCpu(runs.oursRead) },
      all: runs,
    };
    results.push(r);
    console.log(`${f.name} (${mb.toFixed(0)} MB), best of ${n}:
  whole command: collab inspect ${r.oursCommand.seconds.toFixed(2)} s (load ${r.oursCommand.load.toFixed(1)}) | pandas ${r.pandasCommand.seconds.toFixed(2)} s (load ${r.pandasCommand.load.toFixed(1)}) | ratio ${(r.pandasCommand.seconds / r.oursCommand.seconds).toFixed(2)}x
  whole command, least CPU s: collab ${r.cpu.oursCommand.toFixed(2)} | pandas ${r.cpu.pandasCommand.toFixed(2)} | ratio ${(r.cpu.pandasCommand / r.cpu.oursCommand).toFixed(2)}x
  read alone:    loadRatings ${r.oursRead.seconds.toFixed(2)} s = ${(mb / r.oursRead.seconds).toFixed(0)} MB/s, CPU ${r.oursRead.cpuSeconds.toFixed(2)} s, parser ${r.oursRead.parser}, peak RSS ${r.oursRead.peakRssMB.toFixed(0)} MB (load ${r.oursRead.load.toFixed(1)}) | read_csv ${r.pandasRead.seconds.toFixed(2)} s = ${(mb / r.pandasRead.seconds).toFixed(0)} MB/s, peak RSS ${r.pandasRead.peakRssMB.toFixed(0)} MB | ratio ${(r.pandasRead.seconds / r.oursRead.seconds).toFixed(2)}x`);
    if (!values.keep) rmSync(f.path, { force: true });
  }
  // Results of files not measured this time are kept (a 25M run and a 5M run are usually separate).
  const path = join(root, 'bench', 'results', 'load-vs-pandas.json');
  const earlier = existsSync(path) ? JSON.parse(readFileSync(path, 'utf8')).results ?? [] : [];
  const date = new Date().toISOString();
  const kept = earlier.filter((e) => !results.some((r) => r.file === e.file));
  const out = { node: process.version, cpus: cpus().length, python, results: [...kept, ...results.map((r) => ({ date, ...r }))] };
  mkdirSync(join(root, 'bench', 'results'), { recursive: true });
  writeFileSync(path, `${JSON.stringify(out, null, 1)}\n`);
  if (!values.keep) rmSync(dir, { recursive: true, force: true });
}

/** In a fresh process: loadRatings alone (the module already loaded), wall and CPU seconds, peak RSS. */
async function child(bundle, file) {
  const { loadRatings } = createRequire(import.meta.url)(bundle);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const { table, report } = await loadRatings(file);
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  console.log(JSON.stringify({
    rows: table.n, parser: report.parser, seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6,
    peakRssMB: process.resourceUsage().maxRSS / 1024,
  }));
}
