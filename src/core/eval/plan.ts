/**
 * Everything ranking metrics need from the split, built once and shared by the model and the
 * baselines: each user's training items and relevant validation items (compressed rows), the
 * users to evaluate (a seeded sample above `maxPairs` user-item pairs).
 */
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
  const k = options.k ?? DEFAULT_K;
  checkK(k);
  const threshold = options.threshold ?? defaultThreshold(rows.ratingRange, ratingStep(rows.ratings, rows.train));
  checkThreshold(threshold, rows.ratingRange);
  const { nUsers, nItems } = rows;
  const train = byUser(rows.users, rows.items, rows.train, nUsers, () => true);
  const validRows = byUser(rows.users, rows.items, rows.valid, nUsers, (r) => rows.ratings[r] >= threshold);
  // Keep the distinct validation items that are candidates (known, not rated in training).
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
  const users = new Int32Array(eligible);
  for (let u = 1, e = 0; u < nUsers; u++) if (relevantStart[u + 1] > relevantStart[u]) users[e++] = u;
  const candidates = Math.max(0, nItems - 1);
  const maxPairs = options.maxPairs ?? DEFAULT_MAX_PAIRS;
  const sampled = eligible * candidates > maxPairs;
  const samplePairs = Math.min(maxPairs, options.samplePairs ?? DEFAULT_SAMPLE_PAIRS);
  const evaluated = sampled ? sampleUsers(users, Math.max(1, Math.floor(samplePairs / candidates)), options.seed ?? 42) : users;
  return {
    k, threshold, nItems, trainStart: train.start, trainItems: train.items, relevantStart,
    relevantItems: relevantItems.slice(0, at), eligibleUsers: eligible, evaluated, sampled, unrankableRelevant: unrankable,
  };
}

/** The items of the rows that pass `keep`, grouped by user (a counting sort; order within a user kept). */
function byUser(users: Int32Array, items: Int32Array, rowIds: Uint32Array, nUsers: number,
  keep: (row: number) => boolean): { start: Uint32Array; items: Int32Array } {
  const start = new Uint32Array(nUsers + 1);
  let kept = 0;
  for (let k = 0; k < rowIds.length; k++) {
    const r = rowIds[k];
    if (!keep(r)) continue;
    start[users[r] + 1]++;
    kept++;
  }
  for (let u = 0; u < nUsers; u++) start[u + 1] += start[u];
  const fill = start.slice(0, nUsers);
  const out = new Int32Array(kept);
  for (let k = 0; k < rowIds.length; k++) {
    const r = rowIds[k];
    if (keep(r)) out[fill[users[r]]++] = items[r];
  }
  return { start, items: out };
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
