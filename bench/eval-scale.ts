/**
 * Ranking metrics and baselines at MovieLens 25M's size (25M ratings, 162,541 users, 59,047 items,
 * random 80/20), on generated ratings (bench/synth.ts) and a dot model, as a trained run is
 * evaluated (evaluate.ts: the dot model's pair budget, DOT_MAX_PAIRS, and its pruning scorer).
 * Two models: fresh weights (scores led by the biases: the scorer leaves out nearly every pair) and
 * weights scaled by --spread (default 30: scores spread as a trained model's, fewer pairs left out).
 * Run through bench/eval-scale.mjs; prints one JSON line.
 *   node out/bench/eval-scale.js [--rows 25000000] [--users 162541] [--items 59047] [--spread 30]
 */
import { cpus, loadavg } from 'node:os';
import { EmbeddingDotBias } from '../src/core/model/dot';
import { seededRandom } from '../src/core/data/random';
import { computeBaselines, type BaselineOptions } from '../src/core/eval/baselines';
import { evaluateRanking, prepareRanking, type RatingRows } from '../src/core/eval/ranking';
import { scorerFor } from '../src/core/eval/scorers';
import { pairBudget } from '../src/core/eval/evaluate';
import { generateSynthetic } from './synth';

function option(args: string[], name: string, fallback: string): string {
  const at = args.indexOf(`--${name}`);
  return at >= 0 && at + 1 < args.length ? args[at + 1] : fallback;
}

function timed<T>(work: () => T): { value: T; seconds: number; cpuSeconds: number } {
  const t0 = performance.now(), c0 = process.cpuUsage();
  const value = work();
  const c = process.cpuUsage(c0);
  return { value, seconds: (performance.now() - t0) / 1000, cpuSeconds: (c.user + c.system) / 1e6 };
}

const args = process.argv.slice(2);
const split = generateSynthetic({
  rows: Number(option(args, 'rows', '25000000')), users: Number(option(args, 'users', '162541')),
  items: Number(option(args, 'items', '59047')), seed: 123,
});
const rows: RatingRows = {
  users: split.users, items: split.items, ratings: split.ratings,
  train: Uint32Array.from({ length: split.nTrain }, (_, r) => r),
  valid: Uint32Array.from({ length: split.nValid }, (_, r) => split.nTrain + r),
  nUsers: split.nUsers, nItems: split.nItems, ratingRange: [1, 5],
};
const spread = Number(option(args, 'spread', '30'));
const fresh = EmbeddingDotBias.create(50, rows.nUsers, rows.nItems, [0, 5.5], seededRandom(1));
const spreadModel = EmbeddingDotBias.create(50, rows.nUsers, rows.nItems, [0, 5.5], seededRandom(1));
for (const w of [spreadModel.weights.userWeight, spreadModel.weights.itemWeight]) for (let f = 0; f < w.length; f++) w[f] *= spread;
const options: BaselineOptions = { k: 10, ...pairBudget(fresh) };
const plan = timed(() => prepareRanking(rows, options));
const ranking = timed(() => evaluateRanking(plan.value, scorerFor(fresh)));
const rankingSpread = timed(() => evaluateRanking(plan.value, scorerFor(spreadModel)));
const baselines = timed(() => computeBaselines(rows, options, plan.value));
const total = plan.seconds + ranking.seconds + baselines.seconds;
console.log(JSON.stringify({
  rows: split.nTrain + split.nValid, users: rows.nUsers - 1, items: rows.nItems - 1, maxPairs: options.maxPairs,
  eligibleUsers: ranking.value.eligibleUsers, sampledUsers: ranking.value.sampledUsers,
  planSeconds: plan.seconds, rankingSeconds: ranking.seconds, rankingCpuSeconds: ranking.cpuSeconds,
  rankingSpreadSeconds: rankingSpread.seconds, rankingSpreadCpuSeconds: rankingSpread.cpuSeconds,
  baselineSeconds: baselines.seconds, baselineCpuSeconds: baselines.cpuSeconds, totalSeconds: total,
  cores: cpus().length, loadAverage: loadavg().map((x) => x.toFixed(2)).join(' '),
}));
