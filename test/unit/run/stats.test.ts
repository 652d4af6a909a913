/**
 * A run's statistics and source-line indexes, built paced (progress, turns of the event loop,
 * cancellation), are those of the original one-pass implementation (kept below as the reference:
 * saved runs depend on them, to the bit).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { EVALUATION_STAGES } from '../../../src/core/eval/evaluate';
import { buildLineIndex } from '../../../src/core/run/binary';
import { shareBefore } from '../../../src/core/data/paced';
import { runStatsWork, SAVE_PLAN, SAVE_STAGES, sourceLineIndexes, trainingStats, type RunStats } from '../../../src/core/run/stats';
import { Pacer, type PlanProgress } from '../../../src/core/data/paced';
import { seededRandom } from '../../../src/core/data/random';
import { randomSplit } from '../../../src/core/data/dataset';
import type { RatingsDataset } from '../../../src/core/data/types';

/** The original trainingStats (number[] counts, one loop). */
function referenceStats(data: RatingsDataset): RunStats {
  const nUsers = data.userVocab.labels.length;
  const nItems = data.itemVocab.labels.length;
  const userCount = new Array<number>(nUsers).fill(0);
  const userSum = new Float64Array(nUsers);
  const itemCount = new Array<number>(nItems).fill(0);
  const itemSum = new Float64Array(nItems);
  for (let k = 0; k < data.train.length; k++) {
    const r = data.train[k];
    const u = data.users[r];
    const i = data.items[r];
    userCount[u]++; userSum[u] += data.ratings[r];
    itemCount[i]++; itemSum[i] += data.ratings[r];
  }
  const mean = (sum: Float64Array, count: number[]): number[] =>
    count.map((c, idx) => (c ? Math.round((sum[idx] / c) * 1e4) / 1e4 : 0));
  return { userCount, userMean: mean(userSum, userCount), itemCount, itemMean: mean(itemSum, itemCount) };
}

/** A dataset of `n` rows over many users and items (more than one chunk of rows), ratings not on a grid. */
function bigDataset(n: number, nUsers: number, nItems: number, seed: number): RatingsDataset {
  const random = seededRandom(seed);
  const users = new Int32Array(n), items = new Int32Array(n), ratings = new Float32Array(n), lines = new Int32Array(n);
  let line = 1;
  for (let r = 0; r < n; r++) {
    users[r] = 1 + Math.floor(random() ** 2 * nUsers);
    items[r] = 1 + Math.floor(random() ** 3 * nItems);
    ratings[r] = 0.5 + random() * 4.5;
    line += 1 + (random() < 0.01 ? 3 : 0); // a few skipped lines
    lines[r] = line;
  }
  const { train, valid } = randomSplit(n, Math.floor(0.2 * n), seed);
  const labels = (k: number): string[] => Array.from({ length: k + 1 }, (_, i) => (i ? String(i) : '#na#'));
  return {
    n, users, items, ratings, lines, train, valid,
    userVocab: { labels: labels(nUsers), index: new Map() }, itemVocab: { labels: labels(nItems), index: new Map() },
    ratingRange: [0.5, 5], unknownInValid: { users: 0, items: 0 }, seed,
  };
}

const sameIndex = (actual: { offsets: Int32Array; lines: Int32Array }, expected: { offsets: Int32Array; lines: Int32Array }): void => {
  assert.deepEqual(actual.offsets, expected.offsets);
  assert.deepEqual(actual.lines, expected.lines);
};

test('trainingStats gives the original counts and means, to the bit', () => {
  for (const [n, users, items] of [[300_000, 9_000, 5_000], [1_000, 30, 20], [0, 3, 3]] as const) {
    const data = bigDataset(n, users, items, 11 + n);
    assert.deepEqual(trainingStats(data), referenceStats(data));
  }
});

test('sourceLineIndexes is the CSR index by item and user, lines in row order (all rows, ascending rows, shuffled rows)', () => {
  const data = bigDataset(200_000, 20_000, 3_000, 5);
  const all = sourceLineIndexes(data);
  sameIndex(all.items, buildLineIndex(data.items, data.lines, data.itemVocab.labels.length));
  sameIndex(all.users, buildLineIndex(data.users, data.lines, data.userVocab.labels.length));
  const train = sourceLineIndexes(data, data.train);
  sameIndex(train.users, buildLineIndex(data.users, data.lines, data.userVocab.labels.length, data.train));
  // Rows in any order index the same lines (in row order), and the caller's array is left alone.
  const shuffled = data.train.slice().reverse();
  const before = shuffled.slice();
  const fromShuffled = sourceLineIndexes(data, shuffled);
  sameIndex(fromShuffled.items, train.items);
  sameIndex(fromShuffled.users, train.users);
  assert.deepEqual(shuffled, before);
});

test('run paced, the statistics and indexes are the same, progress goes through SAVE_PLAN only upwards, and a cancel stops it', async () => {
  const data = bigDataset(400_000, 10_000, 4_000, 3);
  const seen: PlanProgress[] = [];
  let clock = 0;
  // A clock that moves 60 ms a reading: every mark is due for a report and a turn of the event loop.
  const pacer = new Pacer({ plan: SAVE_PLAN, onProgress: (p) => seen.push(p), now: () => (clock += 60) });
  const paced = await pacer.run(runStatsWork(data, data.train));
  assert.deepEqual(paced.stats, referenceStats(data));
  sameIndex(paced.lineIndexes.items, sourceLineIndexes(data, data.train).items);
  sameIndex(paced.lineIndexes.users, sourceLineIndexes(data, data.train).users);
  // The last stage of the plan, writing the run folder, is the caller's.
  assert.deepEqual([...new Set(seen.map((p) => p.stage))], [SAVE_STAGES.stats.stage, SAVE_STAGES.lines.stage]);
  for (let k = 1; k < seen.length; k++) assert.ok(seen[k].fraction >= seen[k - 1].fraction, 'share done never goes down');
  assert.ok(seen.every((p) => p.fraction >= 0 && p.fraction <= 1));
  const writeStarts = shareBefore(SAVE_PLAN, SAVE_STAGES.write.stage);
  assert.ok(seen.at(-1)!.fraction > writeStarts - 0.05 && seen.at(-1)!.fraction <= writeStarts, `ends where writing starts: ${seen.at(-1)!.fraction}`);

  const controller = new AbortController();
  const cancelled = new Pacer({
    signal: controller.signal, plan: SAVE_PLAN, now: () => (clock += 60),
    onProgress: (p) => { if (p.stage === SAVE_STAGES.lines.stage) controller.abort(); },
  });
  await assert.rejects(cancelled.run(runStatsWork(data)), (err: Error) => err.name === 'AbortError');
});

test('shareBefore: the share of a plan done when a stage starts', () => {
  // The evaluation (weights 1 + 4 + 2) comes first, then the statistics (1), the indexes (3) and the write (2).
  assert.equal(shareBefore(SAVE_PLAN, EVALUATION_STAGES.lists.stage), 0);
  assert.equal(shareBefore(SAVE_PLAN, SAVE_STAGES.stats.stage), 7 / 13);
  assert.equal(shareBefore(SAVE_PLAN, SAVE_STAGES.lines.stage), 8 / 13);
  assert.equal(shareBefore(SAVE_PLAN, SAVE_STAGES.write.stage), 11 / 13);
  assert.equal(shareBefore(SAVE_PLAN, 'not a stage'), 0);
});
