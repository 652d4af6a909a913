/**
 * Timings of the splits on a generated table (default 25M rows, Zipf-ish users, Unix-second times)
 * and of lr_find on MovieLens 100K (u.data). Prints figures and writes bench/results/splits-lr-find.json.
 *   npx esbuild bench/splits-lr-find.ts --bundle --platform=node --loader:.wasm=binary --target=node20 --outfile=/tmp/splits-lr-find.js
 *   node /tmp/splits-lr-find.js [rows] [path to ml-100k]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadRatings } from '../src/core/csv/load';
import { buildDataset } from '../src/core/data/dataset';
import { seededRandom } from '../src/core/data/random';
import { splitRows, type SplitSpec } from '../src/core/data/splits';
import { lrFind } from '../src/core/train/lr-find-run';
import type { TrainConfig } from '../src/core/run/types';

const n = Number(process.argv[2] ?? 25_000_000);
const ml100k = process.argv[3] ?? '/work/shared/datasets/ml-100k';
const seconds = (t0: number): number => +((performance.now() - t0) / 1000).toFixed(3);

async function main(): Promise<void> {
  const random = seededRandom(1);
  const nUsers = Math.max(1, Math.round(n / 150));
  const users = new Int32Array(n), timestamps = new Float64Array(n);
  for (let r = 0; r < n; r++) {
    users[r] = Math.floor(nUsers * random() ** 2);
    timestamps[r] = 789_000_000 + Math.floor(random() * 700_000_000);
  }
  const table = { n, users, timestamps, file: 'generated' };
  const specs: SplitSpec[] = [
    { kind: 'random', validPct: 0.2, seed: 42 }, { kind: 'temporal', validPct: 0.2, seed: 42 },
    { kind: 'user-last', holdout: 1, seed: 42 }, { kind: 'user-random', validPct: 0.2, seed: 42 },
    { kind: 'random', folds: 5, fold: 0, seed: 42 },
  ];
  const splits: Record<string, { seconds: number; valid: number }> = {};
  for (const spec of specs) {
    const t0 = performance.now();
    const { valid } = splitRows(table, spec);
    const name = spec.folds ? `${spec.folds}-fold` : spec.kind;
    splits[name] = { seconds: seconds(t0), valid: valid.length };
    console.log(`${name.padEnd(12)} ${n} rows: ${splits[name].seconds} s, ${valid.length} validation rows`);
  }

  const { table: ratings } = await loadRatings(join(ml100k, 'u.data'), {});
  const data = buildDataset(ratings, { validPct: 0.2, seed: 42 });
  const config: TrainConfig = { model: 'dot', factors: 50, layers: [100, 50], dropout: 0, epochs: 5, lr: 5e-3, wd: 0.1, bs: 64,
    validPct: 0.2, seed: 42 };
  const lrFinds: Record<string, unknown> = {};
  for (const model of ['dot', 'nn'] as const) {
    const t0 = performance.now();
    const result = await lrFind(data, { ...config, model });
    const s = seconds(t0);
    const found = Object.fromEntries(Object.entries(result.suggestions).map(([k, v]) => [k, +v.lr.toPrecision(4)]));
    lrFinds[model] = { seconds: s, batches: result.lrs.length, engine: result.engine, suggestions: found };
    console.log(`lr_find ${model} on ML-100K: ${s} s, ${result.lrs.length} batches (${result.engine}), suggestions ${JSON.stringify(found)}`);
  }
  mkdirSync(join(__dirname, 'results'), { recursive: true });
  const out = join(process.cwd(), 'bench', 'results', 'splits-lr-find.json');
  writeFileSync(out, JSON.stringify({ date: new Date().toISOString(), rows: n, splits, lrFind: lrFinds }, null, 1));
  console.log('wrote', out);
}

void main();
