/**
 * Ranking metrics at k on the validation rows, defined exactly (issue 13, section 2).
 *
 * - Candidates for user u: every item of the training vocabulary except '#na#' (index 0) that u did
 *   not rate in training. "Candidate items" (coverage's denominator) are the training vocabulary's
 *   items, nItems - 1. Candidates are ranked by the scorer's predicted rating, higher first, ties by
 *   the smaller vocabulary index.
 * - Relevant items of u: the distinct candidates u rated >= `threshold` in validation. Validation
 *   rows no model can rank (item or user unknown in training, or an item u also rated in training)
 *   are left out and counted in `unrankableRelevant`. Default threshold: the value at 70% of the
 *   rating range rounded to the scale's step, i.e. 4 on 1-5 stars (see threshold.ts).
 * - Users evaluated: users known in training (index > 0) with at least one relevant item; above
 *   `maxPairs` (1e9) evaluated-user x candidate-item pairs, a seeded sample of floor(samplePairs
 *   (2e8) / candidate items) of them, reported as `sampledUsers` (about 3,400 users on MovieLens
 *   25M: its metrics then take seconds).
 * - With hits = relevant items among the top k, R = |relevant|, rel_i = 1 when rank i is relevant:
 *   precision@k = hits / k (k even when u has fewer than k candidates), recall@k = hits / R — both
 *   as Microsoft Recommenders' `precision_at_k` / `recall_at_k` (recommenders/evaluation/
 *   python_evaluation.py, which follows Spark's RankingMetrics);
 *   NDCG@k with binary gains: DCG = sum over ranks i <= k of rel_i / log2(i + 1), IDCG = the DCG of
 *   min(k, R) hits at ranks 1..min(k, R), NDCG = DCG / IDCG — Recommenders' `ndcg_at_k` with
 *   score_type 'binary' (its default log base e cancels in the ratio);
 *   MAP@k = (1 / min(k, R)) * sum over relevant ranks i <= k of precision@i — Recommenders'
 *   `map_at_k` (Spark's meanAveragePrecisionAt);
 *   hitRate@k = 1 when hits > 0, else 0 (LensKit's `lenskit.metrics.Hit`).
 *   Each is averaged over the evaluated users (NaN when there are none).
 * - coverage@k = distinct items in the evaluated users' top-k lists / candidate items (catalogue
 *   coverage, as Recommenders' `catalog_coverage` with the training vocabulary as the catalogue).
 */
import { runNow, type PacedWork } from '../data/paced';
import { prepareRanking, type RankingOptions, type RankingPlan, type RatingRows } from './plan';
import { TopKSelector } from './select';
import { UserLists } from './list-metrics';
import type { RankingMetrics } from './figures';

export { prepareRanking, prepareRankingWork, DEFAULT_K, DEFAULT_MAX_PAIRS, DEFAULT_SAMPLE_PAIRS, type RankingOptions, type RankingPlan, type RatingRows } from './plan';
export { defaultThreshold, ratingStep } from './threshold';
export type { RankingMetrics } from './figures';

/**
 * Scores one user against every item: writes the predicted rating of item i (0 <= i < nItems) into
 * out[i]. Float64 so that no two items tie merely by float32 rounding.
 */
export type UserScorer = (user: number, out: Float64Array) => void;

/**
 * Scores up to `blockSize` users at once (a dot model reads each item row once for all of them):
 * writes user users[j]'s score of item i into out[j * nItems + i] for j < count.
 */
export interface BlockScorer {
  blockSize: number;
  score(users: Int32Array, count: number, out: Float64Array): void;
  /**
   * When present, `score` writes raw values and an item's score is link(raw), link non-decreasing
   * (the dot model's sigmoid_range): the top-k applies it only to items that may enter the list.
   */
  link?: (raw: number) => number;
}

/**
 * Scores one user's candidates (skip[i] = 1: not a candidate) for a list of `k`: writes raw values
 * (the score is link(raw), link non-decreasing) and may write -Infinity for an item it has proved
 * scores strictly below k candidates, which leaves the list unchanged (dot-top.ts).
 */
export interface TopScorer {
  link: (raw: number) => number;
  scoreTop(user: number, skip: Uint8Array, k: number, out: Float64Array): void;
}

/**
 * One ranking for every user (popularity, item bias): the item indices best first (ties by
 * index). Each user's list is then the first k entries not rated in training: O(k + |train|) a
 * user instead of O(items).
 */
export interface FixedOrder {
  itemOrder: Int32Array;
}

/** Any kind of scorer. */
export type Scorer = UserScorer | BlockScorer | FixedOrder | TopScorer;

function asBlock(scorer: UserScorer | BlockScorer | TopScorer): BlockScorer | undefined {
  if ('scoreTop' in scorer) return undefined;
  if (typeof scorer !== 'function') return scorer;
  return { blockSize: 1, score: (users, _count, out) => scorer(users[0], out) };
}

/** The items 1..n-1 ordered by `scores`, highest first, ties by the smaller index. */
export function orderByScore(scores: ArrayLike<number>): FixedOrder {
  const itemOrder = Int32Array.from({ length: Math.max(0, scores.length - 1) }, (_, i) => i + 1);
  itemOrder.sort((a, b) => scores[b] - scores[a] || a - b);
  return { itemOrder };
}

/** Writes into `top` the first entries of `order` whose `skip` flag is 0; returns how many. */
function firstUnskipped(order: Int32Array, skip: Uint8Array, top: Int32Array): number {
  let n = 0;
  for (let p = 0; p < order.length && n < top.length; p++) if (!skip[order[p]]) top[n++] = order[p];
  return n;
}


/** Ranking metrics of `scorer` on the rows' validation split (see the module comment for the definitions). */
export function rankingMetrics(rows: RatingRows, scorer: Scorer, options: RankingOptions = {}): RankingMetrics {
  return evaluateRanking(prepareRanking(rows, options), scorer);
}

/** Ranking metrics of `scorer` over a prepared plan (prepare once, evaluate the model and each baseline). */
export function evaluateRanking(plan: RankingPlan, scorer: Scorer): RankingMetrics {
  return runNow(evaluateRankingWork(plan, scorer, 'ranking'));
}

/** Users between two marks of a fixed order (a few microseconds each). */
const FIXED_USERS_PER_MARK = 4096;
/** User-item pairs a TopScorer scores between two marks (a few milliseconds at most). */
const ITEMS_PER_MARK = 1 << 16;

/**
 * evaluateRanking as paced work: a mark of `stage` (fraction: users done) before each block of
 * users a block scorer scores, and every few milliseconds' worth of users otherwise.
 */
export function* evaluateRankingWork(plan: RankingPlan, scorer: Scorer, stage: string): PacedWork<RankingMetrics> {
  const { k, nItems, evaluated } = plan;
  const fixed = 'itemOrder' in scorer ? scorer.itemOrder : undefined;
  const pruning = typeof scorer !== 'function' && 'scoreTop' in scorer ? scorer : undefined;
  const block = fixed ? undefined : asBlock(scorer as UserScorer | BlockScorer | TopScorer);
  const blockSize = Math.max(1, block?.blockSize ?? 1);
  const blockScores = new Float64Array(block || pruning ? blockSize * nItems : 0);
  // A mark every few milliseconds: a fixed order costs microseconds a user, a scorer about one item row each.
  const usersPerMark = fixed ? FIXED_USERS_PER_MARK : Math.max(1, Math.floor(ITEMS_PER_MARK / nItems));
  const blockUsers = new Int32Array(blockSize);
  const userScores = Array.from({ length: blockSize }, (_, j) => blockScores.subarray(j * nItems, (j + 1) * nItems));
  const lists = new UserLists(plan);
  const { skip } = lists;
  const top = new Int32Array(k);
  const selector = new TopKSelector(k);
  const link = pruning ? pruning.link : block?.link;
  for (let e = 0; e < evaluated.length; e++) {
    const j = e % blockSize;
    if (!block && e % usersPerMark === 0) yield { stage, fraction: e / evaluated.length };
    if (block && j === 0) {
      yield { stage, fraction: e / evaluated.length };
      const count = Math.min(blockSize, evaluated.length - e);
      for (let b = 0; b < count; b++) blockUsers[b] = evaluated[e + b];
      block.score(blockUsers, count, blockScores);
    }
    const u = evaluated[e];
    lists.flag(u, 1);
    if (pruning) pruning.scoreTop(u, skip, k, blockScores);
    const listed = fixed ? firstUnskipped(fixed, skip, top) : selector.select(userScores[j], skip, top, link);
    lists.add(u, top, listed);
    lists.flag(u, 0);
  }
  const n = evaluated.length;
  return {
    k, threshold: plan.threshold, users: n,
    precision: lists.precision / n, recall: lists.recall / n, ndcg: lists.ndcg / n, map: lists.map / n, hitRate: lists.hitRate / n,
    coverage: lists.coverage(),
    eligibleUsers: plan.eligibleUsers,
    ...(plan.sampled ? { sampledUsers: n } : {}),
    unrankableRelevant: plan.unrankableRelevant,
  };
}
