// Load speed and memory at MovieLens-25M scale. Writes a ratings.csv of --rows rows (default 25M,
// about 650 MB, shaped like ML-25M: userId,movieId,rating,timestamp, half stars) to a temporary
// folder, loads it in a child process (so writing it does not count towards the peak RSS), then
// builds the dataset (vocabularies + split), and deletes the file. A second, smaller file with a
// quoted title column measures the csv-parse path. Usage:
//   node bench/load.mjs [--rows N] [--quoted-rows N] [--keep DIR]
// Prints the figures and writes bench/results/load.json. Timings on a busy machine are noisy.
import * as esbuild from 'esbuild';
import { spawnSync } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { rows: { type: 'string' }, 'quoted-rows': { type: 'string' }, keep: { type: 'string' }, child: { type: 'string' } },
});

if (values.child) {
  await child(values.child, positionals[0], positionals[1] === 'dataset');
} else {
  await parent();
}

/** Bundles the loader and dataset builder (TypeScript) into one CommonJS file. */
async function bundleLoader(dir) {
  const out = join(dir, 'loader.cjs');
  await esbuild.build({
    stdin: {
      contents: "export * from './src/core/csv/load'; export * from './src/core/data/dataset';",
      resolveDir: root, loader: 'ts',
    },
    bundle: true, platform: 'node', format: 'cjs', target: 'node20', outfile: out, logLevel: 'warning',
    nodePaths: [join(root, 'node_modules')],
  });
  return out;
}

/** Writes `rows` ratings sorted by user (as ML-25M is), with a deterministic generator. */
function writeRatings(path, rows, quoted) {
  const fd = openSync(path, 'w');
  const nUsers = Math.max(1, Math.round(rows / 154)), nItems = Math.max(1, Math.min(209171, Math.round(rows / 120)));
  let seed = 12345;
  const random = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 4294967296);
  let chunk = quoted ? 'userId,movieId,rating,timestamp,title\n' : 'userId,movieId,rating,timestamp\n';
  let user = 1, time = 1_100_000_000;
  for (let r = 0; r < rows; r++) {
    if (random() * 154 < 1 && user < nUsers) user++;
    // Popular items (low ids) more often, as in MovieLens.
    const item = 1 + Math.floor(nItems * random() ** 2.5);
    const rating = (1 + Math.floor(random() * 10)) / 2;
    time += Math.floor(random() * 40);
    chunk += quoted
      ? `${user},${item},${rating.toFixed(1)},${time},"Movie ${item}, The (${1950 + (item % 70)})"\n`
      : `${user},${item},${rating.toFixed(1)},${time}\n`;
    if (chunk.length > 1 << 22) {
      writeSync(fd, chunk);
      chunk = '';
    }
  }
  writeSync(fd, chunk);
  closeSync(fd);
}

/** Runs one load in a fresh process and returns its JSON report. */
function measure(bundle, file, dataset) {
  const result = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--child', bundle, file, dataset ? 'dataset' : ''],
    { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (result.status !== 0) throw new Error(`child failed: ${result.stderr}`);
  return JSON.parse(result.stdout.trim().split('\n').pop());
}

async function parent() {
  const rows = Number(values.rows ?? 25_000_000);
  const quotedRows = Number(values['quoted-rows'] ?? 2_000_000);
  const dir = values.keep ?? mkdtempSync(join(tmpdir(), 'collab-bench-load-'));
  mkdirSync(dir, { recursive: true });
  try {
    const bundle = await bundleLoader(dir);
    const file = join(dir, 'ratings.csv');
    let t = performance.now();
    writeRatings(file, rows, false);
    const writeSeconds = (performance.now() - t) / 1000;
    const bytes = statSync(file).size;
    console.log(`wrote ${rows.toLocaleString('en-US')} rows, ${(bytes / 1e6).toFixed(0)} MB in ${writeSeconds.toFixed(1)} s`);
    const fast = measure(bundle, file, true);
    rmSync(file, { force: true });
    const quotedFile = join(dir, 'quoted.csv');
    writeRatings(quotedFile, quotedRows, true);
    const quoted = measure(bundle, quotedFile, false);
    rmSync(quotedFile, { force: true });
    const figures = { rows, bytes, cpus: cpus().length, node: process.version, date: new Date().toISOString(), fast, quoted };
    console.log(JSON.stringify(figures, null, 1));
    mkdirSync(join(root, 'bench', 'results'), { recursive: true });
    writeFileSync(join(root, 'bench', 'results', 'load.json'), JSON.stringify(figures, null, 1) + '\n');
  } finally {
    if (!values.keep) rmSync(dir, { recursive: true, force: true });
  }
}

async function child(bundle, file, dataset) {
  const { loadRatings, buildDataset } = createRequire(import.meta.url)(bundle);
  const baseRssMB = process.resourceUsage().maxRSS / 1024;
  let progressCalls = 0, readAt;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const { table, report } = await loadRatings(file, {
    onProgress: (p) => {
      progressCalls++;
      if (p.bytesRead >= p.totalBytes) readAt ??= performance.now();
    },
  });
  const loadSeconds = (performance.now() - t0) / 1000;
  // The loader's work after the last byte (title join, rating summary, repeated pairs).
  const afterReadSeconds = (performance.now() - readAt) / 1000;
  const cpu = process.cpuUsage(cpu0);
  // CPU time is steadier than wall time when the machine is shared.
  const loadCpuSeconds = (cpu.user + cpu.system) / 1e6;
  const afterLoadRssMB = process.resourceUsage().maxRSS / 1024;
  let datasetSeconds, datasetCpuSeconds;
  if (dataset) {
    const t1 = performance.now();
    const c1 = process.cpuUsage();
    // As the trainer builds it: renumbered in place, the range taken from the report.
    const ds = buildDataset(table, { validPct: 0.2, seed: 42, inPlace: true, ratingRange: report.ratingRange });
    datasetSeconds = (performance.now() - t1) / 1000;
    const c = process.cpuUsage(c1);
    datasetCpuSeconds = (c.user + c.system) / 1e6;
    if (ds.n !== table.n) throw new Error('dataset lost rows');
  }
  const columnBytes = table.n * (4 + 4 + 4 + 4 + (table.timestamps ? 8 : 0));
  const out = {
    parser: report.parser, rows: table.n, users: report.users, items: report.items,
    loadSeconds, afterReadSeconds, loadCpuSeconds, rowsPerSecond: Math.round(table.n / loadSeconds), mbPerSecond: report.bytes / 1e6 / loadSeconds,
    datasetSeconds, datasetCpuSeconds, progressCalls, columnMB: columnBytes / 1e6, baseRssMB,
    peakRssAfterLoadMB: afterLoadRssMB, peakRssMB: process.resourceUsage().maxRSS / 1024,
    duplicates: report.duplicates.count,
  };
  console.log(JSON.stringify(out));
}
