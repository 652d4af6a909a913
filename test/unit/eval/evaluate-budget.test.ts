/**
 * Issue 17, item 5: the evaluation a trained run stores ranks within a pair budget for every kind of
 * model (the dot model had none of its own), reports its stages and stops at a cancel; and the
 * pruning dot scorer that makes it fast ranks exactly as scoring every item does.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DOT_MAX_PAIRS, EVALUATION_PLAN, EVALUATION_STAGES, evaluateRun, evaluateRunWork, pairBudget } from '../../../src/core/eval/evaluate';
import { ratingRowsOf } from '../../../src/core/eval/baselines';
import { dotUserScorer } from '../../../src/core/eval/scorers';
import { dotTopScorer } from '../../../src/core/eval/dot-top';
import { rankingMetrics } from '../../../src/core/eval/ranking';
import { generatePlanted } from '../../../src/core/data/synthetic';
import { buildDataset } from '../../../src/core/data/dataset';
import { Pacer } from '../../../src/core/data/paced';
import type { RatingsDataset, RatingsTable } from '../../../src/core/data/types';
import { EmbeddingDotBias } from '../../../src/core/model/dot';
import { seededRandom } from '../../../src/core/data/random';

function planted(users: number, items: number, ratingsPerUser: number, seed = 3): RatingsDataset {
  const p = generatePlanted({ seed, users, items, ratingsPerUser });
  const table: RatingsTable = {
    file: 'planted.csv', n: p.n, users: Int32Array.from(p.users, (u) => u - 1), items: Int32Array.from(p.items, (i) => i - 1),
    ratings: p.ratings, lines: Int32Array.from({ length: p.n }, (_, r) => r + 2),
    userLabels: Array.from({ length: p.nUsers }, (_, u) => String(u + 1)), itemLabels: Array.from({ length: p.nItems }, (_, i) => String(i + 1)),
  };
  return buildDataset(table, { validPct: 0.2, seed: 1 });
}

/** A dot model whose scores spread widely (trained models' do; fresh ones are all near the middle). */
function spreadModel(data: RatingsDataset, factors: number, scale: number, seed = 2): EmbeddingDotBias {
  const m = EmbeddingDotBias.create(factors, data.userVocab.labels.length, data.itemVocab.labels.length, [0, 5.5], seededRandom(seed));
  for (const w of [m.weights.userWeight, m.weights.itemWeight]) for (let f = 0; f < w.length; f++) w[f] *= scale;
  for (let i = 0; i < m.weights.itemBias.length; i++) m.weights.itemBias[i] *= 50;
  return m;
}

test('above its pair budget the dot model is ranked for a seeded sample of users, said in sampledUsers, and the evaluation finishes', () => {
  // 24,000 users x 6,000 items: about 1.3e8 eligible-user x item pairs, over the dot budget (1e8).
  const data = planted(24_000, 6_000, 12);
  // Scores led by the item biases: the scorer leaves most pairs out, so the 1e8 pairs take well under a second.
  const model = spreadModel(data, 16, 1);
  const candidates = data.itemVocab.labels.length - 1;
  const result = evaluateRun(model, data);
  assert.ok('evaluation' in result, JSON.stringify(result));
  const { ranking, baselines } = result.evaluation;
  assert.ok(ranking.eligibleUsers * candidates > DOT_MAX_PAIRS, `${ranking.eligibleUsers} x ${candidates} pairs`);
  assert.equal(ranking.sampledUsers, Math.floor(DOT_MAX_PAIRS / candidates));
  assert.equal(ranking.users, ranking.sampledUsers);
  // The baselines rank the same users.
  assert.equal(baselines.biasOnly.ranking.sampledUsers, ranking.sampledUsers);
  assert.equal(baselines.popularity.ranking.users, ranking.users);
  assert.ok(ranking.precision > 0 && ranking.precision <= 1);
});

test('below the budget every eligible user is ranked (ML-100K\'s 943 x 1,664 is 1.6e6 pairs)', () => {
  const data = planted(943, 1_664, 100);
  const result = evaluateRun(spreadModel(data, 8, 30), data);
  assert.ok('evaluation' in result);
  assert.equal(result.evaluation.ranking.sampledUsers, undefined);
  assert.equal(result.evaluation.ranking.users, result.evaluation.ranking.eligibleUsers);
  assert.deepEqual(pairBudget({ kind: 'dot' } as EmbeddingDotBias), { maxPairs: DOT_MAX_PAIRS, samplePairs: DOT_MAX_PAIRS });
});

test('run on a Pacer the evaluation reports its stages in order and stops at a cancel', async () => {
  const data = planted(3_000, 2_000, 30);
  const model = spreadModel(data, 8, 30);
  const marks: { stage: string; fraction: number }[] = [];
  const done = await new Pacer({ plan: EVALUATION_PLAN, onProgress: (p) => marks.push(p), now: fakeClock() })
    .run(evaluateRunWork(model, data));
  assert.ok('evaluation' in done);
  assert.deepEqual([...new Set(marks.map((m) => m.stage))], EVALUATION_PLAN.map((s) => s.stage));
  for (let k = 1; k < marks.length; k++) assert.ok(marks[k].fraction >= marks[k - 1].fraction, 'the share done never goes down');
  assert.deepEqual(stripSeconds(done), stripSeconds(evaluateRun(model, data)), 'paced or not, the same figures');

  const controller = new AbortController();
  const cancel = new Pacer({
    signal: controller.signal, plan: EVALUATION_PLAN, now: fakeClock(),
    onProgress: (p) => { if (p.stage === EVALUATION_STAGES.ranking.stage) controller.abort(); },
  });
  await assert.rejects(cancel.run(evaluateRunWork(model, data)), (err: Error) => err.name === 'AbortError');
});

test('the pruning dot scorer ranks exactly as scoring every item, on spread, saturated and tied scores', () => {
  const data = planted(300, 400, 40);
  const rows = ratingRowsOf(data);
  const cases: [string, EmbeddingDotBias][] = [
    ['spread', spreadModel(data, 10, 30)],
    ['fresh (all near the middle)', spreadModel(data, 10, 1)],
    // sigmoid_range saturates: many items score exactly 5.5 and tie, broken by index
    ['saturated', spreadModel(data, 10, 3000)],
  ];
  const tied = spreadModel(data, 10, 30, 4);
  for (let i = 0; i < tied.weights.itemBias.length; i += 2) {
    // every other item a copy of item 1: equal raw scores
    tied.weights.itemBias[i] = tied.weights.itemBias[1];
    tied.weights.itemWeight.copyWithin(i * 10, 10, 20);
  }
  cases.push(['tied', tied]);
  for (const [what, model] of cases) {
    for (const k of [1, 10, 40, 100]) {
      assert.deepEqual(rankingMetrics(rows, dotTopScorer(model), { k }), rankingMetrics(rows, dotUserScorer(model), { k }), `${what}, k ${k}`);
    }
  }
});

/** A clock that moves 60 ms a reading: every mark is reported and every one gives the event loop a turn. */
function fakeClock(): () => number {
  let t = 0;
  return () => (t += 60);
}

function stripSeconds(r: ReturnType<typeof evaluateRun>): unknown {
  return 'evaluation' in r ? r.evaluation : r;
}
