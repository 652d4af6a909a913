// One process of bench/eval-speed.mjs: ML-100K (u.data keyed by title from u.item, the job's own
// loading), the default recipe's model trained once, then evaluateRun timed: its first call (cold,
// as in a `collab train` process) and `--warm N` more. Prints one JSON line with the figures.
import { loadSource } from '../src/trainer/load-source';
import { trainModel } from '../src/trainer/train-model';
import { DEFAULT_CONFIG } from '../src/trainer/defaults';
import { evaluateRun } from '../src/core/eval/evaluate';

const args = process.argv.slice(2);
const opt = (name: string, fallback: string): string => (args.includes(`--${name}`) ? args[args.indexOf(`--${name}`) + 1] : fallback);
const data = opt('data', '/work/shared/datasets/ml-100k');
const model = opt('model', 'dot') as 'dot' | 'nn';
const warm = Number(opt('warm', '3'));

async function main(): Promise<void> {
  const signal = new AbortController().signal;
  const config = { ...DEFAULT_CONFIG, model };
  const source = await loadSource({ file: `${data}/u.data`, itemsFile: `${data}/u.item`, config }, signal, () => {});
  const trained = await trainModel(source.dataset, config, { signal, onBatch: () => {}, onEpoch: () => {}, onLog: () => {} });
  const seconds: number[] = [], cpuSeconds: number[] = [];
  let result: ReturnType<typeof evaluateRun> | undefined;
  for (let rep = 0; rep <= warm; rep++) {
    const t = performance.now(), c = process.cpuUsage();
    result = evaluateRun(trained.model, source.dataset);
    seconds.push((performance.now() - t) / 1000);
    const used = process.cpuUsage(c);
    cpuSeconds.push((used.user + used.system) / 1e6);
  }
  console.log(JSON.stringify({ cold: seconds[0], warm: seconds.slice(1), coldCpu: cpuSeconds[0], warmCpu: cpuSeconds.slice(1), result }));
}
void main();
