#!/usr/bin/env node
// Issue 17 item 1 (b, c): the loader's MB/s on one core and with the second core (a worker thread
// parsing chunks), and the quoted-field path, each beside pandas.read_csv (C engine, dtypes given)
// on the same generated file in the same run, alternated, best of --repeat, with the 1-minute load
// average before each figure. Files go under --dir (never the repo).
//   npm run build && node bench/load-2core.mjs [--rows 5000000] [--quoted-rows 2000000] [--repeat 3]
// Writes bench/results/load-2core.json.
import * as esbuild from 'esbuild';
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
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
    python: { type: 'string' }, keep: { type: 'boolean' }, child: { type: 'string' }, threads: { type: 'string' },
    only: { type: 'string' },
  },
});

const PANDAS = `
import json, sys, time
import pandas as pd
kind = sys.argv[2]
dtype = {'userId': 'int32', 'movieId': 'int32', 'rating': 'float32', 'timestamp': 'int64'}
if kind == 'titles': dtype['title'] = 'object'
if kind == 'string-ids': dtype['userId'] = 'object'
t0 = time.perf_counter()
df = pd.read_csv(sys.argv[1], engine='c', dtype=dtype)
print(json.dumps({'rows': len(df), 'seconds': time.perf_counter() - t0}))
`;

if (values.child) await child(values.child, positionals[0], positionals[1]);
else await parent();

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

/**
 * ML-25M's shape (~27 bytes a row). kind 'plain': bare numbers; 'all-quoted': every field quoted (a
 * spreadsheet export); 'string-ids': user ids as quoted strings; 'titles': a quoted title column.
 */
function generate(path, rows, kind) {
  if (existsSync(path)) return;
  const random = seeded(17);
  const fd = openSync(path, 'w');
  const header = ['userId', 'movieId', 'rating', 'timestamp', ...(kind === 'titles' ? ['title'] : [])];
  writeSync(fd, `${(kind === 'all-quoted' ? header.map((h) => `"${h}"`) : header).join(',')}\n`);
  for (let start = 0; start < rows; start += 100_000) {
    const lines = [];
    for (let r = start; r < Math.min(rows, start + 100_000); r++) {
      const u = 1 + Math.floor(162_541 * random() ** 1.5), i = 1 + Math.floor(59_047 * random() ** 3);
      const rating = ((1 + Math.floor(random() * 10)) / 2).toFixed(1);
      const t = 1_000_000_000 + r * 7;
      if (kind === 'all-quoted') lines.push(`"${u}","${i}","${rating}","${t}"`);
      else if (kind === 'string-ids') lines.push(`"u${u}",${i},${rating},${t}`);
      else if (kind === 'titles') lines.push(`${u},${i},${rating},${t},"Movie ${i}, The (${1950 + (i % 70)})"`);
      else lines.push(`${u},${i},${rating},${t}`);
    }
    writeSync(fd, `${lines.join('\n')}\n`);
  }
  closeSync(fd);
}

function run(command, args) {
  const r = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(`${command} ${args.join(' ')} failed: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

async function parent() {
  const rows = Number(values.rows ?? 5_000_000);
  const quotedRows = Number(values['quoted-rows'] ?? 2_000_000);
  const repeat = Number(values.repeat ?? 3);
  const python = values.python ?? '/usr/bin/python3';
  const dir = values.dir ?? '/tmp/collab-load-2core';
  mkdirSync(dir, { recursive: true });
  const bundle = join(dir, 'loader.cjs');
  await esbuild.build({
    stdin: { contents: "export * from './src/core/csv/load';", resolveDir: root, loader: 'ts' },
    bundle: true, platform: 'node', format: 'cjs', target: 'node20', outfile: bundle, logLevel: 'warning',
    nodePaths: [join(root, 'node_modules')], loader: { '.wasm': 'binary' },
  });
  const files = [
    { kind: 'plain', rows, variants: ['1', '2'] },
    { kind: 'all-quoted', rows: quotedRows, variants: ['1', 'csv-parse'] },
    { kind: 'string-ids', rows: quotedRows, variants: ['1', 'csv-parse'] },
  ].filter((f) => !values.only || values.only.split(',').includes(f.kind));
  const results = [];
  for (const f of files) {
    const path = join(dir, `ratings-${f.rows}-${f.kind}.csv`);
    generate(path, f.rows, f.kind);
    const mb = statSync(path).size / 1e6;
    const name = (v) => (v === 'csv-parse' ? v : `threads${v}`);
    const runs = Object.fromEntries([...f.variants.map((v) => [name(v), []]), ['pandas', []]]);
    for (let k = 0; k < repeat; k++) {
      for (const v of f.variants) {
        const before = loadavg()[0];
        const out = run(process.execPath, [fileURLToPath(import.meta.url), '--child', bundle, path, v]);
        runs[name(v)].push({ ...out, mbPerSecond: mb / out.seconds, load: before });
      }
      const before = loadavg()[0];
      const out = run(python, ['-c', PANDAS, path, f.kind]);
      runs.pandas.push({ ...out, mbPerSecond: mb / out.seconds, load: before });
    }
    const best = (list) => list.reduce((a, b) => (b.seconds < a.seconds ? b : a));
    const r = { kind: f.kind, rows: f.rows, mb, best: Object.fromEntries(Object.entries(runs).map(([k, l]) => [k, best(l)])), all: runs };
    results.push(r);
    console.log(`${f.kind} ${f.rows / 1e6}M rows (${mb.toFixed(0)} MB), loadRatings / read_csv alone in process (module and pandas imported first), best of ${repeat}:`);
    for (const [k, b] of Object.entries(r.best)) {
      console.log(`  ${k.padEnd(9)} ${b.seconds.toFixed(2)} s = ${b.mbPerSecond.toFixed(0)} MB/s${b.cpuSeconds ? `, CPU ${b.cpuSeconds.toFixed(2)} s` : ''}${b.parser ? `, parser ${b.parser}` : ''}${b.peakRssMB ? `, peak RSS ${b.peakRssMB.toFixed(0)} MB` : ''} (load ${b.load.toFixed(2)})`);
    }
    if (!values.keep) rmSync(path, { force: true });
  }
  const out = { date: new Date().toISOString(), node: process.version, cpus: cpus().length, python, results };
  mkdirSync(join(root, 'bench', 'results'), { recursive: true });
  writeFileSync(join(root, 'bench', 'results', 'load-2core.json'), `${JSON.stringify(out, null, 1)}\n`);
}

/** In a fresh process: loadRatings alone (module loaded first), with `variant` threads (1 or 2) or the csv-parse path. */
async function child(bundle, file, variant) {
  const { loadRatings } = createRequire(import.meta.url)(bundle);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const options = variant === 'csv-parse' ? { parser: 'csv-parse', threads: 1 } : { threads: variant === '2' ? 2 : 1 };
  const { table, report } = await loadRatings(file, options);
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  console.log(JSON.stringify({
    rows: table.n, parser: report.parser, threads: report.threads ?? 1, seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6,
    peakRssMB: process.resourceUsage().maxRSS / 1024,
  }));
}
