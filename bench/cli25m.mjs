#!/usr/bin/env node
// End to end at MovieLens-25M scale through the built CLI (issue 8's load figures):
// generate a 25M-row ratings.csv (ML-25M's shape: 162,541 users, 59,047 items, half stars,
// Zipf-like activity and popularity), then `collab train` (load, 1 epoch, save), `collab neighbours`
// and `collab pca --top-rated 1000`, recording seconds per stage and the peak RSS of every Node
// process (CLI and trainer child, via a NODE_OPTIONS preload that reports maxRSS on exit).
//   npm run build && node bench/cli25m.mjs [--rows 25000000] [--bs N] [--factors 50] [--epochs 1] [--keep DIR] [--train-only]
// --train-only (issue 17 item 5: load, N epochs, save) skips neighbours, pca and the cancels and writes cli25m-train.json.
// Run it on a quiet machine. Writes bench/results/cli25m.json. Needs ~1.5 GB of free disk in tmp.
import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, 'dist', 'cli.js');
const { values } = parseArgs({
  options: {
    rows: { type: 'string' }, bs: { type: 'string' }, factors: { type: 'string' }, keep: { type: 'string' }, epochs: { type: 'string' },
    'train-only': { type: 'boolean' },
  },
});
const rows = Number(values.rows ?? 25_000_000);
/** Batch size: the CLI's default (the book's 64) unless given. */
const bs = values.bs;
const factors = values.factors ?? '50';
const epochs = values.epochs ?? '1';
if (!existsSync(cli)) throw new Error(`${cli} is missing: run \`npm run build\` first.`);

const work = values.keep ?? mkdtempSync(join(tmpdir(), 'collab-cli25m-'));
mkdirSync(work, { recursive: true });
const file = join(work, 'ratings.csv');
const rssLog = join(work, 'rss.jsonl');
const probe = join(work, 'rss-probe.cjs');
writeFileSync(probe, `process.on('exit', () => {
  try { require('node:fs').appendFileSync(${JSON.stringify(rssLog)}, JSON.stringify({ pid: process.pid, script: process.argv[1], maxRssMb: process.resourceUsage().maxRSS / 1024 }) + '\\n'); } catch {}
});\n`);

/** mulberry32: the same file for the same --rows. */
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

/** Zipf(1)-like sampler over 1..n with an offset flattening the head (inverse CDF by binary search). */
function zipf(n, offset, random) {
  const cdf = new Float64Array(n);
  let sum = 0;
  for (let k = 0; k < n; k++) cdf[k] = sum += 1 / (k + offset);
  const ids = Int32Array.from({ length: n }, (_, k) => k + 1);
  for (let k = n - 1; k > 0; k--) { const j = Math.floor(random() * (k + 1)); [ids[k], ids[j]] = [ids[j], ids[k]]; }
  return () => {
    const x = random() * sum;
    let lo = 0, hi = n - 1;
    while (lo < hi) { const mid = (lo + hi) >> 1; if (cdf[mid] < x) lo = mid + 1; else hi = mid; }
    return ids[lo];
  };
}

function generate() {
  if (existsSync(file) && statSync(file).size > 0 && values.keep) return (console.log(`reusing ${file}`), 0);
  const t0 = performance.now();
  const random = seeded(25);
  const nUsers = 162_541, nItems = 59_047;
  const user = zipf(nUsers, 50, random), item = zipf(nItems, 10, random);
  const userBias = Float32Array.from({ length: nUsers + 1 }, () => (random() - 0.5) * 1.2);
  const itemBias = Float32Array.from({ length: nItems + 1 }, () => (random() - 0.5) * 1.6);
  const fd = openSync(file, 'w');
  writeSync(fd, 'userId,movieId,rating,timestamp\n');
  const CHUNK = 200_000;
  for (let start = 0; start < rows; start += CHUNK) {
    const lines = [];
    for (let r = start; r < Math.min(rows, start + CHUNK); r++) {
      const u = user(), i = item();
      const raw = 3.5 + userBias[u] + itemBias[i] + (random() - 0.5) * 2;
      const rating = Math.min(5, Math.max(0.5, Math.round(raw * 2) / 2));
      lines.push(`${u},${i},${rating.toFixed(1)},${1_000_000_000 + r * 7}`);
    }
    writeSync(fd, `${lines.join('\n')}\n`);
  }
  closeSync(fd);
  return (performance.now() - t0) / 1000;
}

/**
 * A stretch of the job between two moments (the preparation between the last byte read and
 * train/dataset; fit's setup between train/dataset and the first batch; the save between the last
 * epoch and train/saved): seconds per stage (train/load events with a stage, from a stage's first
 * event to the next stage's), and the longest gap between two events (the progress display's silence).
 */
function stretch(events, readAt, datasetAt) {
  const window = events.filter((x) => x.at >= readAt && x.at <= datasetAt && x.e.type !== 'train/log');
  const stages = {};
  let current, since;
  for (const x of window) {
    if (x.e.type !== 'train/load' || !x.e.stage || x.e.stage === current) continue;
    if (current) stages[current] = x.at - since;
    current = x.e.stage;
    since = x.at;
  }
  if (current) stages[current] = datasetAt - since;
  let longestGap = 0;
  for (let k = 1; k < window.length; k++) longestGap = Math.max(longestGap, window[k].at - window[k - 1].at);
  return { seconds: datasetAt - readAt, stages, progressEvents: window.length, longestGapSeconds: longestGap };
}

/** Runs the CLI with the RSS probe; resolves with exit code, seconds, stdout lines and their arrival times. */
function runCli(args) {
  return new Promise((resolve) => {
    const started = performance.now();
    const child = spawn(process.execPath, [cli, ...args], {
      cwd: work, env: { ...process.env, NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --require ${probe}`.trim() },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const lines = [];
    let buffer = '', stderr = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (text) => {
      buffer += text;
      let nl;
      while ((nl = buffer.indexOf('\n')) >= 0) {
        lines.push({ at: (performance.now() - started) / 1000, text: buffer.slice(0, nl) });
        buffer = buffer.slice(nl + 1);
      }
    });
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (text) => { stderr = (stderr + text).slice(-4000); });
    child.on('close', (code) => resolve({ code, seconds: (performance.now() - started) / 1000, lines, stderr }));
  });
}

/** Peak RSS (MB) per script, from the probe's log, for the processes started since `mark` lines. */
function peaks(mark) {
  const entries = existsSync(rssLog) ? readFileSync(rssLog, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l)) : [];
  const out = {};
  for (const e of entries.slice(mark)) {
    const name = e.script?.endsWith('trainer.js') ? 'trainer' : 'cli';
    out[name] = Math.max(out[name] ?? 0, Math.round(e.maxRssMb));
  }
  return { out, count: entries.length };
}
const logCount = () => (existsSync(rssLog) ? readFileSync(rssLog, 'utf8').trim().split('\n').filter(Boolean).length : 0);

const result = { date: new Date().toISOString(), rows, bs: bs ? Number(bs) : 'default', factors: Number(factors), epochs: Number(epochs), cpus: cpus().length, memGb: Math.round(totalmem() / 2 ** 30), stages: {} };
console.log(`Generating ${rows.toLocaleString('en-US')} rows in ${work} ...`);
result.stages.generate = { seconds: generate() };
result.fileMb = Math.round(statSync(file).size / 2 ** 20);
console.log(`  ${result.fileMb} MB in ${result.stages.generate.seconds.toFixed(1)} s`);

let mark = logCount();
result.loadAverageAtStart = loadavg();
console.log(`collab train (${epochs} epoch, bs ${bs ?? 'default'}, ${factors} factors) ...`);
const train = await runCli(['train', file, '--json', '--epochs', epochs, ...(bs ? ['--bs', bs] : []), '--factors', factors, '--out', join(work, '.collab', 'runs')]);
const events = train.lines.map((l) => ({ at: l.at, e: JSON.parse(l.text) }));
const at = (type) => events.find((x) => x.e.type === type)?.at;
const done = events.find((x) => x.e.type === 'train/done')?.e;
if (train.code !== 0 || !done) {
  console.error(`training failed (exit ${train.code}):\n${train.lines.slice(-3).map((l) => l.text).join('\n')}\n${train.stderr}`);
  process.exit(1);
}
const manifest = JSON.parse(readFileSync(join(done.runDir, 'run.json'), 'utf8'));
const fileReadAt = events.find((x) => x.e.type === 'train/load' && x.e.bytesRead >= x.e.bytesTotal)?.at ?? NaN;
const lastEpochAt = events.filter((x) => x.e.type === 'train/epoch').at(-1).at;
result.stages.train = {
  seconds: train.seconds,
  startToDataset: at('train/dataset') - at('train/started'),
  // The last byte read (the rest of "load" is summaries, the dataset's split and vocabularies).
  startToFileRead: (events.find((x) => x.e.type === 'train/load' && x.e.bytesRead >= x.e.bytesTotal)?.at ?? NaN) - at('train/started'),
  datasetToLastEpoch: events.filter((x) => x.e.type === 'train/epoch').at(-1).at - at('train/dataset'),
  lastEpochToSaved: at('train/saved') - events.filter((x) => x.e.type === 'train/epoch').at(-1).at,
  // After the last byte: each preparation stage (train/load events with a stage), and the longest silence.
  preparation: stretch(events, fileReadAt, at('train/dataset')),
  datasetToFirstBatch: at('train/batch') - at('train/dataset'),
  // fit's setup (stages after train/dataset) and the save (stages after the last epoch; the last stage's
  // seconds include writing the run folder, which reports nothing).
  setup: stretch(events, at('train/dataset'), at('train/batch')),
  saving: stretch(events, lastEpochAt, at('train/saved')),
  manifestTimings: manifest.timings,
  metrics: manifest.metrics,
  peakRssMb: peaks(mark).out,
  runMb: Math.round(['run.json', 'weights.bin', 'rows.bin'].reduce((s, f) => s + (existsSync(join(done.runDir, f)) ? statSync(join(done.runDir, f)).size : 0), 0) / 2 ** 20),
};

if (values['train-only']) {
  result.loadAverage = loadavg();
  mkdirSync(join(root, 'bench', 'results'), { recursive: true });
  writeFileSync(join(root, 'bench', 'results', 'cli25m-train.json'), `${JSON.stringify(result, null, 2)}\n`);
  const t = result.stages.train;
  console.log(`train total ${t.seconds.toFixed(1)} s (load average ${result.loadAverage.map((x) => x.toFixed(1)).join(' ')}): start to dataset ${t.startToDataset.toFixed(1)}, `
    + `${epochs} epochs ${t.datasetToLastEpoch.toFixed(1)}, save ${t.lastEpochToSaved.toFixed(1)}; peak RSS CLI ${t.peakRssMb.cli} MB, trainer ${t.peakRssMb.trainer} MB; `
    + `valid RMSE ${manifest.metrics.at(-1)?.validRmse?.toFixed(4)}`);
  if (!values.keep) rmSync(work, { recursive: true, force: true });
  process.exit(0);
}

for (const [name, args] of [
  ['neighbours', ['neighbours', done.runDir, '#10', '-k', '10', '--json']],
  ['pca', ['pca', done.runDir, '--top-rated', '1000', '--json']],
]) {
  mark = logCount();
  console.log(`collab ${args.slice(0, 1).concat(args.slice(2)).join(' ')} ...`);
  const r = await runCli(args);
  if (r.code !== 0) console.error(`  ${name} failed (exit ${r.code}): ${r.stderr.slice(-500)}`);
  result.stages[name] = { seconds: r.seconds, exit: r.code, peakRssMb: peaks(mark).out.cli };
}

/** Cancel latency at scale: Ctrl-C (SIGINT: the CLI cancels the trainer) at the first event `reached` accepts; seconds to exit. */
function cancelAt(reached) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cli, 'train', file, '--json', '--epochs', epochs, ...(bs ? ['--bs', bs] : []), '--factors', factors, '--out', join(work, 'cancelled-runs')],
      { cwd: work, stdio: ['ignore', 'pipe', 'ignore'] });
    let buffer = '', asked, last;
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (text) => {
      buffer += text;
      let nl;
      while ((nl = buffer.indexOf('\n')) >= 0) {
        const event = JSON.parse(buffer.slice(0, nl));
        buffer = buffer.slice(nl + 1);
        if (asked !== undefined) last = event.type;
        if (reached(event) && asked === undefined) { asked = performance.now(); child.kill('SIGINT'); }
      }
    });
    child.on('close', (code) => resolve({
      exit: code, seconds: asked === undefined ? null : (performance.now() - asked) / 1000,
      // train/cancelled from the trainer itself, not a kill after the grace period.
      lastEvent: last,
    }));
  });
}
const cancels = [
  ['after loading', (e) => e.type === 'train/load' && e.bytesRead >= e.bytesTotal],
  ['while preparing', (e) => e.type === 'train/load' && e.stage !== undefined && e.prepared >= 0.5],
  ['training', (e) => e.type === 'train/batch'],
  ['while saving', (e) => e.type === 'train/load' && e.part === 'saving'],
];
for (const [stage, reached] of cancels) {
  console.log(`cancel (Ctrl-C) ${stage} ...`);
  result.stages[`cancel ${stage}`] = await cancelAt(reached);
}

/** A stretch's stages and its longest silence, for the table. */
function stagesText(part) {
  return `${Object.entries(part.stages).map(([k, v]) => `${k} ${v.toFixed(2)}`).join('; ')}; longest silence ${part.longestGapSeconds.toFixed(2)}`;
}

mkdirSync(join(root, 'bench', 'results'), { recursive: true });
writeFileSync(join(root, 'bench', 'results', 'cli25m.json'), `${JSON.stringify(result, null, 2)}\n`);
const s = result.stages;
console.log(`
| stage | seconds | peak RSS |
|---|---|---|
| generate ${result.fileMb} MB | ${s.generate.seconds.toFixed(1)} | (parent) |
| train total (CLI) | ${s.train.seconds.toFixed(1)} | CLI ${s.train.peakRssMb.cli ?? '?'} MB, trainer ${s.train.peakRssMb.trainer ?? '?'} MB |
|   load + dataset | ${s.train.startToDataset.toFixed(1)} (manifest load ${manifest.timings?.loadSeconds?.toFixed(1)}; file read by ${s.train.startToFileRead.toFixed(1)}) | |
|   file read to dataset | ${s.train.preparation.seconds.toFixed(1)} (${Object.entries(s.train.preparation.stages).map(([k, v]) => `${k} ${v.toFixed(1)}`).join('; ')}); longest silence ${s.train.preparation.longestGapSeconds.toFixed(2)} | |
|   dataset to first batch | ${s.train.datasetToFirstBatch.toFixed(1)} (${stagesText(s.train.setup)}) | |
|   ${epochs} epoch(s) | ${s.train.datasetToLastEpoch.toFixed(1)} (manifest train ${manifest.timings?.trainSeconds?.toFixed(1)}) | |
|   save (${s.train.runMb} MB) | ${s.train.lastEpochToSaved.toFixed(1)} (manifest save ${manifest.timings?.saveSeconds?.toFixed(1)}; ${stagesText(s.train.saving)}) | |
| neighbours | ${s.neighbours.seconds.toFixed(1)} | ${s.neighbours.peakRssMb} MB |
| pca top 1000 | ${s.pca.seconds.toFixed(1)} | ${s.pca.peakRssMb} MB |
| cancel after loading | ${s['cancel after loading'].seconds?.toFixed(2)} (exit ${s['cancel after loading'].exit}) | |
| cancel while preparing | ${s['cancel while preparing'].seconds?.toFixed(2)} (exit ${s['cancel while preparing'].exit}, last event ${s['cancel while preparing'].lastEvent}) | |
| cancel while training | ${s['cancel training'].seconds?.toFixed(2)} (exit ${s['cancel training'].exit}) | |
| cancel while saving | ${s['cancel while saving'].seconds?.toFixed(2)} (exit ${s['cancel while saving'].exit}, last event ${s['cancel while saving'].lastEvent}) | |
valid RMSE after ${epochs} epoch(s): ${manifest.metrics.at(-1)?.validRmse?.toFixed(4)}`);
if (!values.keep) rmSync(work, { recursive: true, force: true });
