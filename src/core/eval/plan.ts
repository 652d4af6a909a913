/**
 * Everything ranking metrics need from the split, built once and shared by the model and the
 * baselines: each user's training items and relevant validation items (compressed rows), the
 * users to evaluate (a seeded sample above `maxPairs` user-item pairs).
 */
import { ROWS_PER_MARK, runNow, type PacedWork } from '../data/paced';
import { seededRandom } from '../data/random';
import { checkK, checkThreshold, defaultThreshold, ratingStep } from './threshold';

/** The split, column by column, as in RatingsDataset: vocabulary indices, 0 = '#na#'. */
export interface RatingRows {
  users: Int32Array;
  items: Int32Array;
  ratings: Float32Array;
  /** Row indices of the training and validation rows. */
  train: Uint32Array;
  valid: Uint32Array;
  /** Vocabulary sizes, '#na#' included. */
  nUsers: number;
  nItems: number;
  ratingRange: [number, number];
}

export interface RankingOptions {
  /** List length (default 10). */
  k?: number;
  /** A validation rating >= threshold is relevant (default: defaultThreshold of the range and step). */
  threshold?: number;
  /** Above this many evaluated-user x candidate-item pairs, evaluate a seeded sample of users (default 1e9). */
  maxPairs?: number;
  /**
   * The sample's size in pairs (default 2e8, at most maxPairs): floor(samplePairs / candidate items)
   * users. Smaller than maxPairs so that a 25M-rating run's metrics take seconds, not a minute.
   */
  samplePairs?: number;
  /** Seed of that sample (default 42). */
  seed?: number;
}

export const DEFAULT_K = 10;
export const DEFAULT_MAX_PAIRS = 1e9;
export const DEFAULT_SAMPLE_PAIRS = 2e8;

/** One user's lists, as offsets into shared arrays (compressed sparse rows). */
export interface RankingPlan {
  k: number;
  threshold: number;
  nItems: number;
  /** trainItems[trainStart[u] .. trainStart[u + 1]) are the items u rated in training. */
  trainStart: Uint32Array;
  trainItems: Int32Array;
  /** relevantItems[relevantStart[u] .. relevantStart[u + 1]): distinct candidates u rated >= threshold in validation. */
  relevantStart: Uint32Array;
  relevantItems: Int32Array;
  /** Users with at least one relevant item, ascending. */
  eligibleUsers: number;
  /** The users evaluated: all eligible ones, or a seeded sample of them. */
  evaluated: Int32Array;
  sampled: boolean;
  /** Relevant validation rows no model can rank: item unknown in training ('#na#') or already rated in training. */
  unrankableRelevant: number;
}

/** Builds the plan; throws a RangeError for k < 1 or a threshold outside the rating range. */
export function prepareRanking(rows: RatingRows, options: RankingOptions = {}): RankingPlan {
  return runNow(prepareRankingWork(rows, options, 'listing each user\'s items'));
}

/**
 * prepareRanking as paced work: marks of `stage` every ROWS_PER_MARK rows of its passes over the
 * training and validation rows (fraction: rows done). Throws as prepareRanking before any mark.
 */
export function* prepareRankingWork(rows: RatingRows, options: RankingOptions, stage: string): PacedWork<RankingPlan> {
  const k = options.k ?? DEFAULT_K;
  checkK(k);
  const threshold = options.threshold ?? defaultThreshold(rows.ratingRange, ratingStep(rows.ratings, rows.train));
  checkThreshold(threshold, rows.ratingRange);
  const { nUsers, nItems } = rows;
  const total = 2 * (rows.train.length + rows.valid.length) + 1;
  const train = yield* byUser(rows.users, rows.items, rows.train, nUsers, undefined, stage, 0, total);
  const validRows = yield* byUser(rows.users, rows.items, rows.valid, nUsers, { ratings: rows.ratings, threshold },
    stage, 2 * rows.train.length, total);
  yield { stage, fraction: 1 - 1 / total };
  const { relevantStart, relevantItems, unrankable, eligible } = relevantLists(train, validRows, nUsers, nItems);
  const users = new Int32Array(eligible);
  for (let u = 1, e = 0; u < nUsers; u++) if (relevantStart[u + 1] > relevantStart[u]) users[e++] = u;
  const candidates = Math.max(0, nItems - 1);
  const maxPairs = options.maxPairs ?? DEFAULT_MAX_PAIRS;
  const sampled = eligible * candidates > maxPairs;
  const samplePairs = Math.min(maxPairs, options.samplePairs ?? DEFAULT_SAMPLE_PAIRS);
  const evaluated = sampled ? sampleUsers(users, Math.max(1, Math.floor(samplePairs / candidates)), options.seed ?? 42) : users;
  return {
    k, threshold, nItems, trainStart: train.start, trainItems: train.items, relevantStart,
    relevantItems, eligibleUsers: eligible, evaluated, sampled, unrankableRelevant: unrankable,
  };
}

/** Items grouped by user (byUser's result). */
interface UserGroups {
  start: Uint32Array;
  items: Int32Array;
}

/**
 * Each user's relevant items: the distinct validation items that are candidates (known, not rated
 * in training); the others are unrankable, as are unknown users' rows. Eligible: users with one.
 */
function relevantLists(train: UserGroups, validRows: UserGroups, nUsers: number, nItems: number):
{ relevantStart: Uint32Array; relevantItems: Int32Array; unrankable: number; eligible: number } {
  const seen = new Uint8Array(nItems);
  const relevantStart = new Uint32Array(nUsers + 1);
  const relevantItems = new Int32Array(validRows.items.length);
  let at = 0, unrankable = 0, eligible = 0;
  for (let u = 0; u < nUsers; u++) {
    relevantStart[u] = at;
    const t0 = train.start[u], t1 = train.start[u + 1], v0 = validRows.start[u], v1 = validRows.start[u + 1];
    if (u === 0) {
      unrankable += v1 - v0; // unknown users: no model knows them
      continue;
    }
    if (v0 === v1) continue;
    for (let t = t0; t < t1; t++) seen[train.items[t]] = 1;
    const first = at;
    for (let v = v0; v < v1; v++) {
      const item = validRows.items[v];
      if (item === 0 || seen[item] === 1) {
        unrankable++;
        continue;
      }
      if (seen[item] === 2) continue; // the same item twice in validation counts once
      seen[item] = 2;
      relevantItems[at++] = item;
    }
    for (let t = t0; t < t1; t++) seen[train.items[t]] = 0;
    for (let r = first; r < at; r++) seen[relevantItems[r]] = 0;
    if (at > first) eligible++;
  }
  relevantStart[nUsers] = at;
  return { relevantStart, relevantItems: relevantItems.slice(0, at), unrankable, eligible };
}

/** Only rows rated at least `threshold` (the relevant validation rows). */
interface RatingFloor {
  ratings: Float32Array;
  threshold: number;
}

/**
 * The items of the rows (those rated >= floor.threshold when given), grouped by user: a counting
 * sort, order within a user kept. Marks every ROWS_PER_MARK rows of its two passes, `done` rows of
 * `total` before it.
 */
function* byUser(users: Int32Array, items: Int32Array, rowIds: Uint32Array, nUsers: number, floor: RatingFloor | undefined,
  stage: string, done: number, total: number): PacedWork<UserGroups> {
  const start = new Uint32Array(nUsers + 1);
  let kept = 0;
  for (let from = 0; from < rowIds.length; from += ROWS_PER_MARK) {
    yield { stage, fraction: (done + from) / total };
    kept += countByUser(users, rowIds, from, Math.min(rowIds.length, from + ROWS_PER_MARK), floor, start);
  }
  for (let u = 0; u < nUsers; u++) start[u + 1] += start[u];
  const fill = start.slice(0, nUsers);
  const out = new Int32Array(kept);
  for (let from = 0; from < rowIds.length; from += ROWS_PER_MARK) {
    yield { stage, fraction: (done + rowIds.length + from) / total };
    placeByUser(users, items, rowIds, from, Math.min(rowIds.length, from + ROWS_PER_MARK), floor, fill, out);
  }
  return { start, items: out };
}

/** start[user + 1]++ for each kept row of rowIds[from..to); returns how many were kept. */
function countByUser(users: Int32Array, rowIds: Uint32Array, from: number, to: number, floor: RatingFloor | undefined,
  start: Uint32Array): number {
  let kept = 0;
  for (let k = from; k < to; k++) {
    const r = rowIds[k];
    if (floor && !(floor.ratings[r] >= floor.threshold)) continue;
    start[users[r] + 1]++;
    kept++;
  }
  return kept;
}

/** out[fill[user]++] = item for each kept row of rowIds[from..to). */
function placeByUser(users: Int32Array, items: Int32Array, rowIds: Uint32Array, from: number, to: number,
  floor: RatingFloor | undefined, fill: Uint32Array, out: Int32Array): void {
  for (let k = from; k < to; k++) {
    const r = rowIds[k];
    if (floor && !(floor.ratings[r] >= floor.threshold)) continue;
    out[fill[users[r]]++] = items[r];
  }
}

/** `count` of `users` drawn without replacement (seeded partial Fisher-Yates), ascending. */
function sampleUsers(users: Int32Array, count: number, seed: number): Int32Array {
  if (count >= users.length) return users;
  const pool = users.slice();
  const random = seededRandom(seed);
  for (let i = 0; i < count; i++) {
    const j = i + Math.floor(random() * (pool.length - i));
    const t = pool[i];
    pool[i] = pool[j];
    pool[j] = t;
  }
  return pool.slice(0, count).sort();
}
