/**
 * Tuning sweep benchmark (bench/tune.mjs builds and runs this; needs `npm run build` for dist/tune-worker.js):
 *   grid     a 48-configuration grid of the dot model on ML-100K (u.data + u.item), 5 epochs, P workers
 *   u1       `collab tune u1.base --valid u1.test --budget 60` (the default space): best RMSE and configuration
 *   startup  how long a worker thread and a child process take to be ready
 * Prints one JSON line.
 */
import { join, resolve } from 'node:path';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir, cpus } from 'node:os';
import { Worker } from 'node:worker_threads';
import { runTune, type TuneRequest } from '../src/core/tune/tune';
import { describeParams } from '../src/core/tune/space';

const ML100K = process.env.ML100K_DIR ?? '/work/shared/datasets/ml-100k';
const ROOT = resolve(__dirname, '../..');
const WORKER = join(ROOT, 'dist', 'tune-worker.js');
const GRID = 'factors=20,50,100 wd=0.01,0.05,0.1,0.2 lr=3e-3,5e-3,1e-2,2e-2 epochs=5';

const loadAverage = (): number[] => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).map(Number);

/** One sweep, timed: wall seconds, CPU seconds of this process (all its threads), load average before and after. */
async function timed(request: Omit<TuneRequest, 'runsDir' | 'workerPath'>) {
  const runsDir = join(mkdtempSync(join(tmpdir(), 'collab-tune-bench-')), '.collab', 'runs');
  const load = loadAverage();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const { manifest, outcome } = await runTune({ ...request, runsDir, workerPath: WORKER });
  const wall = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const best = outcome.results[outcome.best];
  return {
    configs: manifest.space.count, finished: manifest.results.length, end: manifest.end, parallel: manifest.parallel,
    wallSeconds: wall, sweepSeconds: manifest.seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6,
    meanFitSeconds: manifest.results.reduce((a, r) => a + r.seconds, 0) / Math.max(1, manifest.results.length),
    loadBefore: load, loadAfter: loadAverage(),
    best: best && { params: describeParams(best.params), config: best.config, metrics: best.metrics },
  };
}

/** Milliseconds until a worker thread of dist/tune-worker.js says it is ready (its datasets: none). */
function workerStartMs(): Promise<number> {
  const t0 = performance.now();
  return new Promise((done, fail) => {
    const w = new Worker(WORKER, { workerData: { datasets: [] } });
    w.once('message', () => { const ms = performance.now() - t0; void w.terminate().then(() => done(ms)); });
    w.once('error', fail);
  });
}

/** Milliseconds until a child process running dist/trainer.js is connected and waiting for its request. */
function childStartMs(): Promise<number> {
  const t0 = performance.now();
  return new Promise((done, fail) => {
    // The trainer waits for a train/start message; it is ready once it has loaded and set up IPC. The
    // `-e` wrapper says so after requiring the bundle, so its module load is timed too.
    const child = spawn(process.execPath, ['-e', `require(${JSON.stringify(join(ROOT, 'dist', 'trainer.js'))}); process.send('ready')`],
      { stdio: ['ignore', 'ignore', 'ignore', 'ipc'] });
    child.once('message', () => { const ms = performance.now() - t0; child.kill(); done(ms); });
    child.once('error', fail);
  });
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main(): Promise<void> {
  const parts = (process.argv[2] ?? 'startup,grid,u1').split(',');
  const out: Record<string, unknown> = { cores: cpus().length, node: process.version };
  if (parts.includes('startup')) {
    const w: number[] = [], c: number[] = [];
    for (let i = 0; i < 5; i++) { w.push(await workerStartMs()); c.push(await childStartMs()); }
    out.startup = { workerThreadMs: median(w), childProcessMs: median(c), samples: { worker: w, child: c } };
  }
  if (parts.includes('grid')) {
    const file = join(ML100K, 'u.data'), itemsFile = join(ML100K, 'u.item');
    out.grid = {
      spec: GRID,
      p2: await timed({ file, itemsFile, grid: GRID, parallel: 2 }),
      p2ErrorsOnly: await timed({ file, itemsFile, grid: GRID, parallel: 2, ranking: false }),
      p1: await timed({ file, itemsFile, grid: GRID, parallel: 1 }),
    };
  }
  if (parts.includes('u1')) {
    out.u1 = await timed({ file: join(ML100K, 'u1.base'), validFile: join(ML100K, 'u1.test'), budgetSeconds: 60, parallel: 2 });
  }
  console.log(JSON.stringify(out));
}

main().catch((e: unknown) => { console.error(e); process.exit(1); });
