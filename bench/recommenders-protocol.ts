/**
 * Collab on the protocol of Microsoft Recommenders' MovieLens 100K benchmark
 * (recommenders-team/recommenders, examples/06_benchmarks/movielens.ipynb), so our figures can sit
 * beside their published table. Run through bench/recommenders-protocol.mjs, which bundles this file.
 *
 * Their protocol, as their code does it (read at commit b02c95e, 2025-09-29):
 * - u.data in file order; `python_stratified_split(df, ratio=0.75, min_rating=1, filter_by="item")`:
 *   np.random.seed(42), one np.random.rand() per row, rows sorted by (item, that number), the first
 *   round(0.75 * count) of each item to training (numpy rounding: half to even), the rest to test.
 *   So every item is in training; the split is stratified by item, not by user.
 * - Rating metrics on the test rows; ranking metrics at k = 10 over every test user, candidates = all
 *   training items the user did not rate in training, relevant = every test item of the user (no
 *   rating threshold): precision = hits / k, recall = hits / |relevant|, nDCG with binary gains and
 *   an ideal over min(k, |relevant|), and MAP as their `map` (not `map_at_k`): the sum over hits of
 *   precision at the hit's rank divided by |relevant|, where Collab's MAP@k divides by min(k, |relevant|).
 *
 * This file reproduces the split (Mersenne Twister seeded as numpy's legacy seeding, the same
 * uniform doubles), checks it against numpy (bench/recommenders_split.py) when python3 with numpy is
 * there, trains Collab's dot model (the book's recipe; their embdotbias parameters; the best of a
 * sweep chosen on a 10% validation split of the training rows, never on the test rows), and computes
 * their metrics with its own loop, checked against src/core/eval/ranking.ts for the shared ones.
 *   node out/bench/recommenders-protocol.js WORK_DIR [--no-sweep] [--python python3]
 * Prints one JSON line.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadavg } from 'node:os';
import { loadRatings } from '../src/core/csv/load';
import { buildDataset } from '../src/core/data/dataset';
import type { RatingsTable } from '../src/core/data/types';
import { createModel } from '../src/core/model';
import type { EmbeddingDotBias } from '../src/core/model/dot';
import { fit } from '../src/core/train/fit';
import type { TrainConfig } from '../src/core/run/types';
import { computeBaselines, fitBiasOnly, itemCounts, ratingRowsOf } from '../src/core/eval/baselines';
import { evaluateRanking, prepareRanking, type RatingRows, type UserScorer } from '../src/core/eval/ranking';
import { dotScorer, dotUserScorer, itemScoreScorer } from '../src/core/eval/scorers';
import { TopKSelector } from '../src/core/eval/select';
import { parseGrid } from '../src/core/tune/space';
import { runSweep } from '../src/core/tune/sweep';
import { inProcessExecutor } from '../src/core/tune/executor';

const ML100K = process.env.ML100K_DIR ?? '/work/shared/datasets/ml-100k';
const K = 10;

/** MT19937 with numpy's legacy integer seeding (init_genrand) and its 53-bit doubles (random_sample). */
class MersenneTwister {
  private readonly mt = new Uint32Array(624);
  private index = 624;

  constructor(seed: number) {
    this.mt[0] = seed >>> 0;
    for (let i = 1; i < 624; i++) {
      const prev = this.mt[i - 1] ^ (this.mt[i - 1] >>> 30);
      this.mt[i] = (Math.imul(1812433253, prev) + i) >>> 0;
    }
  }

  private next32(): number {
    const mt = this.mt;
    if (this.index >= 624) {
      for (let k = 0; k < 624; k++) {
        const y = (mt[k] & 0x80000000) | (mt[(k + 1) % 624] & 0x7fffffff);
        mt[k] = mt[(k + 397) % 624] ^ (y >>> 1) ^ (y & 1 ? 0x9908b0df : 0);
      }
      this.index = 0;
    }
    let y = mt[this.index++];
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }

  /** A uniform double in [0, 1) as numpy's rand(): (a >> 5, b >> 6) over 2^53. */
  double(): number {
    const a = this.next32() >>> 5, b = this.next32() >>> 6;
    return (a * 67108864 + b) / 9007199254740992;
  }
}

/** numpy's round(): half to even. */
function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** Their stratified split: per item, the rows ordered by a seeded uniform number, the first round(ratio * count) to training. */
function stratifiedByItem(table: RatingsTable, ratio: number, seed: number): Uint8Array {
  const fileOrder = Array.from({ length: table.n }, (_, r) => r).sort((a, b) => table.lines[a] - table.lines[b]);
  const random = new Float64Array(table.n);
  const mt = new MersenneTwister(seed);
  for (const r of fileOrder) random[r] = mt.double();
  const byItem = new Map<number, number[]>();
  for (let r = 0; r < table.n; r++) {
    const list = byItem.get(table.items[r]);
    if (list) list.push(r);
    else byItem.set(table.items[r], [r]);
  }
  const inTest = new Uint8Array(table.n);
  for (const rows of byItem.values()) {
    rows.sort((a, b) => random[a] - random[b]);
    const cut = roundHalfEven(ratio * rows.length);
    for (let j = cut; j < rows.length; j++) inTest[rows[j]] = 1;
  }
  return inTest;
}

function subset(table: RatingsTable, keep: (r: number) => boolean): RatingsTable {
  const rows = Uint32Array.from({ length: table.n }, (_, r) => r).filter(keep);
  return {
    ...table, n: rows.length, timestamps: undefined,
    users: Int32Array.from(rows, (r) => table.users[r]), items: Int32Array.from(rows, (r) => table.items[r]),
    ratings: Float32Array.from(rows, (r) => table.ratings[r]), lines: Int32Array.from(rows, (r) => table.lines[r]),
  };
}

/** Their ranking metrics (and ours for the shared ones) from each test user's top-k list. */
function theirRanking(rows: RatingRows, scorer: UserScorer): Record<string, number> {
  const trainOf: number[][] = Array.from({ length: rows.nUsers }, () => []);
  const testOf: Set<number>[] = Array.from({ length: rows.nUsers }, () => new Set());
  for (const r of rows.train) trainOf[rows.users[r]].push(rows.items[r]);
  for (const r of rows.valid) if (rows.users[r] > 0 && rows.items[r] > 0) testOf[rows.users[r]].add(rows.items[r]);
  const scores = new Float64Array(rows.nItems), skip = new Uint8Array(rows.nItems), top = new Int32Array(K);
  const selector = new TopKSelector(K);
  let users = 0, precision = 0, recall = 0, ndcg = 0, map = 0, mapAtK = 0;
  for (let u = 1; u < rows.nUsers; u++) {
    const relevant = testOf[u];
    if (relevant.size === 0) continue;
    users++;
    scorer(u, scores);
    skip.fill(0);
    for (const i of trainOf[u]) skip[i] = 1;
    const n = selector.select(scores, skip, top);
    let hits = 0, dcg = 0, precisionSum = 0;
    for (let rank = 1; rank <= n; rank++) {
      if (!relevant.has(top[rank - 1])) continue;
      hits++;
      dcg += 1 / Math.log2(rank + 1);
      precisionSum += hits / rank;
    }
    let idcg = 0;
    for (let rank = 1; rank <= Math.min(K, relevant.size); rank++) idcg += 1 / Math.log2(rank + 1);
    precision += hits / K;
    recall += hits / relevant.size;
    ndcg += dcg / idcg;
    map += precisionSum / relevant.size;
    mapAtK += precisionSum / Math.min(K, relevant.size);
  }
  return { users, map: map / users, ndcg: ndcg / users, precision: precision / users, recall: recall / users, mapAtK: mapAtK / users };
}

const BOOK: TrainConfig = {
  model: 'dot', factors: 50, layers: [], dropout: 0, epochs: 5, lr: 5e-3, wd: 0.1, bs: 64, validPct: 0, seed: 42, yRange: [0, 5.5],
};

/** Trains `config` on the split's training rows; its figures on the test rows: theirs, and ours from ranking.ts. */
async function dotRow(data: ReturnType<typeof buildDataset>, config: TrainConfig): Promise<Record<string, number>> {
  const rows = ratingRowsOf(data);
  const model = createModel(config, rows.nUsers, rows.nItems, config.yRange!, config.seed) as EmbeddingDotBias;
  const t0 = performance.now();
  const history = await fit(model, data, { config, engine: 'auto', threads: 1 });
  const trainSeconds = (performance.now() - t0) / 1000;
  const last = history[history.length - 1];
  const theirs = theirRanking(rows, dotUserScorer(model));
  const ours = evaluateRanking(prepareRanking(rows, { k: K, threshold: rows.ratingRange[0] }), dotScorer(model));
  return {
    rmse: last.validRmse, mae: last.validMae, ...theirs, trainSeconds,
    oursDiff: Math.max(...(['precision', 'recall', 'ndcg'] as const).map((m) => Math.abs(ours[m] - theirs[m])), Math.abs(ours.map - theirs.mapAtK)),
  };
}

function option(args: string[], name: string, fallback: string): string {
  const at = args.indexOf(`--${name}`);
  return at >= 0 && at + 1 < args.length ? args[at + 1] : fallback;
}

async function main(args: string[]): Promise<void> {
  const work = args[0];
  mkdirSync(work, { recursive: true });
  const whole = (await loadRatings(join(ML100K, 'u.data'), { itemKey: 'id' })).table;
  const inTest = stratifiedByItem(whole, 0.75, 42);
  const trainTable = subset(whole, (r) => !inTest[r]);
  const testTable = subset(whole, (r) => inTest[r] === 1);

  // The split against numpy: the same rows in the test set, by their line in u.data.
  const firstLine = whole.lines.reduce((a, b) => Math.min(a, b), Infinity);
  const testLines = Array.from(testTable.lines, (line) => line - firstLine).sort((a, b) => a - b);
  writeFileSync(join(work, 'test-lines.json'), JSON.stringify(testLines));
  const python = option(args, 'python', process.env.COLLAB_PYTHON ?? 'python3');
  const py = spawnSync(python, [join(__dirname, '..', '..', 'bench', 'recommenders_split.py'), join(ML100K, 'u.data'), join(work, 'test-lines.json')],
    { encoding: 'utf8', maxBuffer: 1 << 24 });
  const splitCheck = py.status === 0 ? JSON.parse(py.stdout.trim().split('\n').pop()!) : { error: py.stderr.trim().slice(-400) || `${python} not run` };

  // The split as files, for `collab train train.tsv --valid test.tsv` (outside the repository).
  const tsv = (t: RatingsTable): string => Array.from({ length: t.n }, (_, r) =>
    `${t.userLabels[t.users[r]]}\t${t.itemLabels[t.items[r]]}\t${t.ratings[r]}`).join('\n');
  writeFileSync(join(work, 'train.tsv'), `${tsv(trainTable)}\n`);
  writeFileSync(join(work, 'test.tsv'), `${tsv(testTable)}\n`);

  const data = buildDataset(trainTable, { validTable: testTable });
  const rows = ratingRowsOf(data);
  const results: Record<string, Record<string, unknown>> = {};
  results.book = { config: 'dot, 50 factors, 5 epochs, lr 5e-3, wd 0.1, bs 64', ...(await dotRow(data, BOOK)) };
  const theirParams: TrainConfig = { ...BOOK, factors: 40, epochs: 15 };
  results.theirEmbdotbiasParams = { config: 'dot, 40 factors, 15 epochs, lr 5e-3, wd 0.1, bs 64', ...(await dotRow(data, theirParams)) };

  const baselines = computeBaselines(rows, { k: K, threshold: rows.ratingRange[0] });
  results.popularity = { ...theirRanking(rows, itemScoreScorer(itemCounts(rows))) };
  results.biasOnly = { rmse: baselines.biasOnly.rmse, mae: baselines.biasOnly.mae, ...theirRanking(rows, itemScoreScorer(fitBiasOnly(rows).itemBias)) };

  let sweep: Record<string, unknown> | undefined;
  if (!args.includes('--no-sweep')) {
    // Chosen on a seeded 10% of the training rows (as their embdotbias holds out valid_pct 0.1), never on the test rows.
    const inner = buildDataset(trainTable, { validPct: 0.1, seed: 42 });
    const grid = 'factors=20,50,100 wd=0.05,0.1,0.2,0.4 lr=3e-3,5e-3,1e-2 epochs=5,10';
    const space = parseGrid(grid, { base: { yRange: [0, 5.5], validPct: 0.1 } });
    const t0 = performance.now();
    const outcome = await runSweep(space, {
      executor: inProcessExecutor({ datasets: [inner], ranking: { k: K, threshold: rows.ratingRange[0] } }), metric: 'ndcg', folds: 1,
    });
    const sweepSeconds = (performance.now() - t0) / 1000;
    const bestByRmse = outcome.results.reduce((a, b) => (b.metrics.rmse < a.metrics.rmse ? b : a));
    const bestByNdcg = outcome.results[outcome.best];
    sweep = { grid, configurations: space.length, seconds: sweepSeconds, bestByNdcg: bestByNdcg.params, bestByRmse: bestByRmse.params };
    results.sweepBestNdcg = { config: `dot, ${JSON.stringify(bestByNdcg.params)} (best validation NDCG@10 of the sweep)`,
      ...(await dotRow(data, { ...bestByNdcg.config, validPct: 0 })) };
    results.sweepBestRmse = { config: `dot, ${JSON.stringify(bestByRmse.params)} (best validation RMSE of the sweep)`,
      ...(await dotRow(data, { ...bestByRmse.config, validPct: 0 })) };
  }
  console.log(JSON.stringify({
    dataset: 'MovieLens 100K u.data', protocol: 'Microsoft Recommenders examples/06_benchmarks/movielens.ipynb: python_stratified_split(ratio=0.75, filter_by="item", seed=42), k=10, relevant = every test item',
    nTrain: trainTable.n, nTest: testTable.n, nUsers: rows.nUsers - 1, nItems: rows.nItems - 1, splitCheck, results, sweep,
    files: { train: join(work, 'train.tsv'), test: join(work, 'test.tsv') }, loadAverage: loadavg().map((x) => x.toFixed(2)).join(' '),
  }));
}

main(process.argv.slice(2)).catch((err: unknown) => {
  console.error(err instanceof Error ? err.stack : String(err));
  process.exit(1);
});
