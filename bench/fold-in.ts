/**
 * Fold-in on MovieLens 100K (issue 15), run through bench/fold-in.mjs, which bundles this file.
 * - 100 users (seeded, among users with at least 25 ratings) held out entirely; the book's recipe
 *   (dot, 50 factors, 5 epochs, lr 5e-3, wd 0.1, bs 64, yRange (0, 5.5)) trained on everyone else.
 * - Each held-out user's ratings sorted by time (ties by file order); for m = 3, 5, 10, 20 the first
 *   m are folded in (src/core/analysis/fold-in.ts); the test rows are the same for every m: the
 *   ratings after the 20th (items the training rows never saw are left out of every figure).
 * - Compared with: the global mean of the training ratings; item bias only = that mean + the
 *   damped item bias of the project's biasOnly baseline (src/core/eval/baselines.ts, regI 10, the
 *   new user's bias 0); that baseline with the user bias from the m ratings ((sum of r - mean - b_i)
 *   / (15 + m), its regU); the model's average user (the no-ratings fallback) and zero user; and a
 *   model trained with the held-out users' first m ratings in its training rows.
 * - Speed: fold-in (10 ratings) + top-10 over a generated 60,000-item, 50-factor model through
 *   recommendForRatings (what the run service calls), median of 50 after 5 warm-up calls.
 *   node out/bench/fold-in.js   (prints one JSON line)
 */
import { join } from 'node:path';
import { loadavg } from 'node:os';
import { loadRatings } from '../src/core/csv/load';
import { buildDataset } from '../src/core/data/dataset';
import type { RatingsTable } from '../src/core/data/types';
import { seededRandom, normal } from '../src/core/data/random';
import { createModel } from '../src/core/model';
import type { EmbeddingDotBias } from '../src/core/model/dot';
import { sigmoidRange } from '../src/core/model/math';
import { fit } from '../src/core/train/fit';
import type { LoadedRun, TrainConfig } from '../src/core/run/types';
import { fitBiasOnly, ratingRowsOf } from '../src/core/eval/baselines';
import { foldInDot, userPrior } from '../src/core/analysis/fold-in';
import { createAnalysisIndex } from '../src/core/analysis/analysis-index';
import { recommendForRatings, runPrior } from '../src/core/analysis/person';

const ML100K = process.env.ML100K_DIR ?? '/work/shared/datasets/ml-100k';
const MS = [3, 5, 10, 20];
const BOOK: TrainConfig = {
  model: 'dot', factors: 50, layers: [], dropout: 0, epochs: 5, lr: 5e-3, wd: 0.1, bs: 64, validPct: 0, seed: 42, yRange: [0, 5.5],
};

function subset(table: RatingsTable, rows: number[]): RatingsTable {
  return {
    ...table, n: rows.length, timestamps: undefined,
    users: Int32Array.from(rows, (r) => table.users[r]), items: Int32Array.from(rows, (r) => table.items[r]),
    ratings: Float32Array.from(rows, (r) => table.ratings[r]), lines: Int32Array.from(rows, (r) => table.lines[r]),
  };
}

async function train(trainTable: RatingsTable, validTable: RatingsTable): Promise<{ model: EmbeddingDotBias; data: ReturnType<typeof buildDataset>; seconds: number; trainLoss: number }> {
  const data = buildDataset(trainTable, { validTable });
  const rows = ratingRowsOf(data);
  const model = createModel(BOOK, rows.nUsers, rows.nItems, BOOK.yRange!, BOOK.seed) as EmbeddingDotBias;
  const t0 = performance.now();
  const history = await fit(model, data, { config: BOOK, engine: 'auto', threads: 1 });
  return { model, data, seconds: (performance.now() - t0) / 1000, trainLoss: history[history.length - 1].trainLoss };
}

function predictDot(model: EmbeddingDotBias, u: ArrayLike<number>, bu: number, item: number): number {
  const { itemWeight, itemBias } = model.weights;
  const k = model.nFactors;
  let x = bu + itemBias[item];
  for (let f = 0; f < k; f++) x += u[f] * itemWeight[item * k + f];
  return sigmoidRange(x, model.yRange[0], model.yRange[1]);
}

async function main(): Promise<void> {
  const whole = (await loadRatings(join(ML100K, 'u.data'), { itemKey: 'id' })).table;
  const byUser = new Map<number, number[]>();
  for (let r = 0; r < whole.n; r++) {
    const list = byUser.get(whole.users[r]) ?? [];
    list.push(r);
    byUser.set(whole.users[r], list);
  }
  for (const list of byUser.values()) list.sort((a, b) => whole.timestamps![a] - whole.timestamps![b] || a - b);
  const eligible = [...byUser.keys()].filter((u) => byUser.get(u)!.length >= 25).sort((a, b) => a - b);
  const random = seededRandom(2026);
  for (let i = eligible.length - 1; i > 0; i--) { const j = Math.floor(random() * (i + 1)); [eligible[i], eligible[j]] = [eligible[j], eligible[i]]; }
  const heldOut = eligible.slice(0, 100);
  const held = new Set(heldOut);
  const rest = Array.from({ length: whole.n }, (_, r) => r).filter((r) => !held.has(whole.users[r]));
  const testRows = heldOut.flatMap((u) => byUser.get(u)!.slice(20));
  const testTable = subset(whole, testRows);

  const base = await train(subset(whole, rest), testTable);
  const { model, data } = base;
  const itemIndex = data.itemVocab.index;
  const vocabItem = (r: number): number => itemIndex.get(whole.itemLabels[whole.items[r]]) ?? 0;
  const bias = fitBiasOnly(ratingRowsOf(data));
  const items = { vectors: model.weights.itemWeight, bias: model.weights.itemBias, k: model.nFactors, yRange: model.yRange };
  const lambdas = [3, 10, 30];
  const fixed = [1, 3, 10, 30];
  const prior = userPrior(model.weights.userWeight, model.weights.userBias, model.nFactors, base.trainLoss, 0);

  type Acc = { se: number; n: number };
  const acc = new Map<string, Acc>();
  const add = (name: string, err: number): void => { const a = acc.get(name) ?? { se: 0, n: 0 }; a.se += err * err; a.n++; acc.set(name, a); };
  let foldMicros = 0, folds = 0, iterations = 0;
  for (const u of heldOut) {
    const list = byUser.get(u)!;
    const tests = list.slice(20).filter((r) => vocabItem(r) > 0);
    for (const r of tests) {
      add('global mean', bias.mean - whole.ratings[r]);
      add('item bias only', bias.mean + bias.itemBias[vocabItem(r)] - whole.ratings[r]);
      add('model, zero user', predictDot(model, new Float64Array(model.nFactors), 0, vocabItem(r)) - whole.ratings[r]);
      add('model, average user', predictDot(model, prior.vector, prior.bias, vocabItem(r)) - whole.ratings[r]);
    }
    for (const m of MS) {
      const known = list.slice(0, m).map((r) => ({ item: vocabItem(r), rating: whole.ratings[r] })).filter((x) => x.item > 0);
      const t0 = performance.now();
      const folded = foldInDot(items, known, { wd: BOOK.wd, prior });
      foldMicros += (performance.now() - t0) * 1000; folds++;
      const bu = known.reduce((s, x) => s + x.rating - bias.mean - bias.itemBias[x.item], 0) / (15 + known.length);
      const zeroCentred = foldInDot(items, known, { wd: BOOK.wd });
      const bookAtMean = foldInDot(items, known, { lambda: known.length * BOOK.wd, prior });
      const alt2 = fixed.map((lambda) => foldInDot(items, known, { lambda, prior }));
      iterations += folded.iterations;
      const alt = lambdas.map((mult) => foldInDot(items, known, { lambda: mult * known.length * BOOK.wd, prior }));
      for (const r of tests) {
        const i = vocabItem(r);
        add(`fold-in m=${m}`, predictDot(model, folded.vector, folded.bias, i) - whole.ratings[r]);
        add(`book L2 at the mean user m=${m}`, predictDot(model, bookAtMean.vector, bookAtMean.bias, i) - whole.ratings[r]);
        add(`fold-in centred on 0 m=${m}`, predictDot(model, zeroCentred.vector, zeroCentred.bias, i) - whole.ratings[r]);
        add(`bias baseline + user bias m=${m}`, bias.mean + bu + bias.itemBias[i] - whole.ratings[r]);
        alt2.forEach((f, j) => add(`fold-in m=${m} fixed lambda ${fixed[j]}`, predictDot(model, f.vector, f.bias, i) - whole.ratings[r]));
        alt.forEach((f, j) => add(`fold-in m=${m} lambda x${lambdas[j]}`, predictDot(model, f.vector, f.bias, i) - whole.ratings[r]));
      }
    }
  }
  // Models trained with the held-out users' first m ratings among their training rows.
  const retrained: Record<string, number> = {};
  for (const m of MS) {
    const rows = rest.concat(heldOut.flatMap((u) => byUser.get(u)!.slice(0, m)));
    const withUsers = await train(subset(whole, rows), testTable);
    const userIndex = withUsers.data.userVocab.index;
    const itemIdx = withUsers.data.itemVocab.index;
    const k = withUsers.model.nFactors;
    for (const u of heldOut) {
      const uu = userIndex.get(whole.userLabels[u])!;
      const uw = withUsers.model.weights.userWeight.subarray(uu * k, (uu + 1) * k);
      for (const r of byUser.get(u)!.slice(20)) {
        if (vocabItem(r) <= 0) continue;
        const i = itemIdx.get(whole.itemLabels[whole.items[r]]) ?? 0;
        add(`retrained with m=${m}`, predictDot(withUsers.model, uw, withUsers.model.weights.userBias[uu], i) - whole.ratings[r]);
      }
    }
    retrained[`m=${m}`] = withUsers.seconds;
  }
  const rmse: Record<string, number> = {};
  let testCount = 0;
  for (const [name, a] of acc) { rmse[name] = Math.sqrt(a.se / a.n); testCount = Math.max(testCount, a.n); }

  console.log(JSON.stringify({
    heldOutUsers: heldOut.length, trainRows: rest.length, testRatings: testCount, trainSeconds: base.seconds, retrainSeconds: retrained,
    rmse, foldInMicrosMean: foldMicros / folds, prior: { noise: base.trainLoss, lambdaMean: prior.lambda.slice(0, -1).reduce((a, b) => a + b, 0) / (prior.lambda.length - 1), lambdaBias: prior.lambda[prior.lambda.length - 1] }, foldInIterationsMean: iterations / folds, speed: speed(), loadAverage: loadavg().map((x) => x.toFixed(2)).join(' '),
  }));
}

/** fold-in + top-10 over a 60,000-item, 50-factor model shape (random factors), through recommendForRatings. */
function speed(): Record<string, number> {
  const nItems = 60_000, k = 50, nUsers = 1000;
  const random = seededRandom(7);
  const itemWeight = Float32Array.from({ length: nItems * k }, () => 0.3 * normal(random));
  const itemBias = Float32Array.from({ length: nItems }, () => 0.3 * normal(random));
  const items = ['#na#', ...Array.from({ length: nItems - 1 }, (_, i) => `Item ${i + 1}`)];
  const itemCount = Array.from({ length: nItems }, (_, i) => (i === 0 ? 0 : 1 + Math.floor(1000 * random() ** 3)));
  const run: LoadedRun = {
    dir: '',
    manifest: {
      version: 1, id: 'shape', createdAt: '', origin: 'trained', config: { ...BOOK },
      vocab: { users: Array.from({ length: nUsers }, (_, i) => `u${i}`), items },
      stats: { userCount: new Array(nUsers).fill(1), userMean: new Array(nUsers).fill(3), itemCount, itemMean: new Array(nItems).fill(3.5) },
      tensors: [], metrics: [{ epoch: 1, trainLoss: 0.6, validMse: 0.8, validRmse: 0.9, validMae: 0.7, seconds: 1 }],
    },
    tensors: new Map([
      ['userWeight', { shape: [nUsers, k], data: Float32Array.from({ length: nUsers * k }, () => 0.3 * normal(random)) }],
      ['itemWeight', { shape: [nItems, k], data: itemWeight }],
      ['userBias', { shape: [nUsers], data: Float32Array.from({ length: nUsers }, () => 0.3 * normal(random)) }],
      ['itemBias', { shape: [nItems], data: itemBias }],
    ]),
  };
  const index = createAnalysisIndex(run);
  const t0 = performance.now();
  index.side('items');
  const indexMs = performance.now() - t0;
  // The run service computes the prior once per loaded run, as it keeps the index.
  const prior = runPrior(index);
  const times: number[] = [];
  for (let call = 0; call < 55; call++) {
    const rated = Array.from({ length: 10 }, (_, j) => {
      const item = 1 + ((call * 7919 + j * 104729) % (nItems - 1));
      return { item, rating: 1 + ((call + j) % 5), label: items[item] };
    });
    const s = performance.now();
    recommendForRatings(index, rated, { k: 10, minCount: 10, prior });
    if (call >= 5) times.push(performance.now() - s);
  }
  times.sort((a, b) => a - b);
  return { items: nItems, factors: k, indexBuildMs: indexMs, medianMs: times[times.length >> 1], p90Ms: times[Math.floor(times.length * 0.9)], maxMs: times[times.length - 1] };
}

main().catch((err) => { console.error(err); process.exit(1); });
