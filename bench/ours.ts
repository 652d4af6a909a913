/**
 * Our side of the benchmark, one task per process (so peak RSS is the task's own):
 *   prepare-ml100k OUT [--seed 42]   u.data + u.item titles (items keyed by title), random 80/20
 *   prepare-u1 OUT                   u1.base / u1.test (items by id)
 *   prepare-synth OUT [--rows N]     generated set (bench/synth.ts)
 *   train SPLIT [--model dot|nn] [--epochs 5] [--bs 64] [--lr 5e-3] [--wd 0.1] [--factors 50]
 *         [--layers 100,50] [--seed 42] [--engine auto|wasm|wasm-simd|ts] [--threads 1] [--nn-threads auto|1|2] [--y-range 0,5.5]
 *   wd-mode SPLIT [--modes touched,catch-up,dense] [--bs 64] [--epochs 5]   (bench/wd-mode.ts)
 * Prints one JSON line.
 */
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { loadRatings } from '../src/core/csv/load';
import { buildDataset } from '../src/core/data/dataset';
import { createModel, defaultYRange } from '../src/core/model';
import { fit } from '../src/core/train/fit';
import type { TrainConfig } from '../src/core/run/types';
import type { KernelPreference } from '../src/kernels';
import type { NnThreads } from '../src/core/train/engines';
import { readSplit, writeSplit, writeSplitData } from './split-file';
import { generateSynthetic } from './synth';
import { trainWdMode, type WdMode } from './wd-mode';

const ML100K = process.env.ML100K_DIR ?? '/work/shared/datasets/ml-100k';

function option(args: string[], name: string, fallback: string): string {
  const at = args.indexOf(`--${name}`);
  return at >= 0 && at + 1 < args.length ? args[at + 1] : fallback;
}

/** Peak resident set of this process in MiB (Linux VmHWM). */
function peakRssMiB(): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

function nnThreadsOption(text: string): NnThreads {
  if (text === 'auto' || text === '1' || text === '2') return text === 'auto' ? text : (Number(text) as 1 | 2);
  throw new Error(`--nn-threads takes 1, 2 or auto, not '${text}'`);
}

async function train(args: string[]): Promise<void> {
  const data = readSplit(args[0]);
  const yRangeText = option(args, 'y-range', '');
  const yRange = yRangeText ? (yRangeText.split(',').map(Number) as [number, number]) : defaultYRange(data.ratingRange);
  const config: TrainConfig = {
    model: option(args, 'model', 'dot') as TrainConfig['model'],
    factors: Number(option(args, 'factors', '50')),
    layers: option(args, 'layers', '100,50').split(',').filter(Boolean).map(Number),
    dropout: Number(option(args, 'dropout', '0')),
    epochs: Number(option(args, 'epochs', '5')),
    lr: Number(option(args, 'lr', '5e-3')),
    wd: Number(option(args, 'wd', '0.1')),
    bs: Number(option(args, 'bs', '64')),
    validPct: 0.2,
    seed: Number(option(args, 'seed', '42')),
    yRange,
  };
  const model = createModel(config, data.userVocab.labels.length, data.itemVocab.labels.length, yRange, config.seed);
  let engine = '';
  const started = performance.now();
  const cpu0 = process.cpuUsage();
  const history = await fit(model, data, {
    config, engine: option(args, 'engine', 'auto') as KernelPreference, threads: Number(option(args, 'threads', '1')),
    nnThreads: nnThreadsOption(option(args, 'nn-threads', 'auto')),
    callbacks: { onTrainBegin: (info) => { engine = info.engine; } },
  });
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const last = history[history.length - 1];
  const steps = Math.floor(data.train.length / config.bs) * config.epochs;
  console.log(JSON.stringify({
    impl: `collab-${engine}`, model: config.model, seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6, steps, ratingsPerSecond: (steps * config.bs) / seconds,
    validMse: last.validMse, validRmse: last.validRmse, validMae: last.validMae, peakRssMiB: peakRssMiB(),
    epochs: history.map((h) => ({ epoch: h.epoch, trainLoss: h.trainLoss, validMse: h.validMse, seconds: h.seconds })),
  }));
}

async function main(argv: string[]): Promise<void> {
  const [task, ...args] = argv;
  if (task === 'prepare-ml100k') {
    const { table } = await loadRatings(join(ML100K, 'u.data'), { itemsFile: join(ML100K, 'u.item'), itemKey: 'title' });
    const split = writeSplit(args[0], buildDataset(table, { validPct: 0.2, seed: Number(option(args, 'seed', '42')) }));
    console.log(JSON.stringify({ nTrain: split.nTrain, nValid: split.nValid, nUsers: split.nUsers, nItems: split.nItems }));
  } else if (task === 'prepare-u1') {
    const base = await loadRatings(join(ML100K, 'u1.base'), { itemKey: 'id' });
    const test = await loadRatings(join(ML100K, 'u1.test'), { itemKey: 'id' });
    const split = writeSplit(args[0], buildDataset(base.table, { validTable: test.table }));
    console.log(JSON.stringify({ nTrain: split.nTrain, nValid: split.nValid, nUsers: split.nUsers, nItems: split.nItems }));
  } else if (task === 'prepare-synth') {
    const rows = Number(option(args, 'rows', '10000000'));
    const split = generateSynthetic({ rows, users: Number(option(args, 'users', '100000')), items: Number(option(args, 'items', '20000')), seed: 123 });
    writeSplitData(args[0], split);
    console.log(JSON.stringify({ nTrain: split.nTrain, nValid: split.nValid, nUsers: split.nUsers, nItems: split.nItems }));
  } else if (task === 'train') {
    await train(args);
  } else if (task === 'wd-mode') {
    const data = readSplit(args[0]);
    const result: Record<string, { validMse: number; seconds: number }> = {};
    for (const mode of option(args, 'modes', 'touched,catch-up,dense').split(',') as WdMode[]) {
      const started = performance.now();
      const validMse = trainWdMode(data, mode, { epochs: Number(option(args, 'epochs', '5')), lr: 5e-3, wd: 0.1,
        bs: Number(option(args, 'bs', '64')), k: 50, seed: 42 });
      result[mode] = { validMse, seconds: (performance.now() - started) / 1000 };
    }
    console.log(JSON.stringify(result));
  } else {
    throw new Error(`unknown task '${task}'`);
  }
}

main(process.argv.slice(2)).catch((err: unknown) => {
  console.error(err instanceof Error ? err.stack : String(err));
  process.exitCode = 1;
});
