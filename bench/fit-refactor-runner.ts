/**
 * The in-process half of bench/fit-refactor.mjs: both fit loops in one process (the old one is bundled
 * in as the module 'old-fit'; everything they call is shared, so its compiled code is too), trained in
 * turn on one split, so the steady-state cost of the loop itself is compared without process start-up.
 *   fit-refactor-runner.js SPLIT --model dot|nn --rounds N
 * Prints one JSON line: per side, each round's fit seconds, CPU seconds and valid MSE.
 */
import { createModel } from '../src/core/model';
import { fit as newFit } from '../src/core/train/fit';
// @ts-expect-error bundled by bench/fit-refactor.mjs from the base commit's src/core/train/fit.ts
import { fit as oldFitUntyped } from 'old-fit';
import type { TrainConfig } from '../src/core/run/types';
import { readSplit } from './split-file';

const oldFit = oldFitUntyped as typeof newFit;

function option(args: string[], name: string, fallback: string): string {
  const at = args.indexOf(`--${name}`);
  return at >= 0 && at + 1 < args.length ? args[at + 1] : fallback;
}

async function main(args: string[]): Promise<void> {
  const data = readSplit(args[0]);
  const model = option(args, 'model', 'dot') as TrainConfig['model'];
  const rounds = Number(option(args, 'rounds', '10'));
  const config: TrainConfig = {
    model, factors: 50, layers: [100, 50], dropout: 0, epochs: 5, lr: 5e-3, wd: 0.1, bs: 64, validPct: 0.2, seed: 42, yRange: [0, 5.5],
  };
  const sides = { old: oldFit, new: newFit };
  const out: Record<string, { seconds: number[]; cpuSeconds: number[]; validMse: number[] }> = {
    old: { seconds: [], cpuSeconds: [], validMse: [] }, new: { seconds: [], cpuSeconds: [], validMse: [] },
  };
  for (let k = 0; k < rounds; k++) {
    for (const side of (k % 2 ? ['new', 'old'] : ['old', 'new']) as (keyof typeof sides)[]) {
      const m = createModel(config, data.userVocab.labels.length, data.itemVocab.labels.length, [0, 5.5], config.seed);
      const cpu0 = process.cpuUsage();
      const t0 = performance.now();
      const history = await sides[side](m, data, { config });
      const seconds = (performance.now() - t0) / 1000;
      const cpu = process.cpuUsage(cpu0);
      out[side].seconds.push(seconds);
      out[side].cpuSeconds.push((cpu.user + cpu.system) / 1e6);
      out[side].validMse.push(history[history.length - 1].validMse);
    }
  }
  console.log(JSON.stringify(out));
}

main(process.argv.slice(2)).catch((err: unknown) => {
  console.error(err instanceof Error ? err.stack : String(err));
  process.exitCode = 1;
});
