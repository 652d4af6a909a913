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
import { prepareRanking, type RankingOptions, type RankingPlan, type RatingRows } from './plan';
import { TopKSelector } from './select';

export { prepareRanking, DEFAULT_K, DEFAULT_MAX_PAIRS, DEFAULT_SAMPLE_PAIRS, type RankingOptions, type RankingPlan, type RatingRows } from './plan';
export { defaultThreshold, ratingStep } from './threshold';

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
export type Scorer = UserScorer | BlockScorer | FixedOrder;

function asBlock(scorer: UserScorer | BlockScorer): BlockScorer {
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

/** The figures stored as `ranking` (run.json, the done event, baselines). */
export interface RankingMetrics {
  k: number;
  threshold: number;
  /** Users the figures average over. */
  users: number;
  precision: number;
  recall: number;
  ndcg: number;
  map: number;
  hitRate: number;
  coverage: number;
  /** Users with a relevant item (all of them are evaluated unless sampled). */
  eligibleUsers: number;
  /** Present when only a seeded sample of the eligible users was evaluated: its size. */
  sampledUsers?: number;
  /** Relevant validation rows that no model could rank (unknown user or item, or rated in training). */
  unrankableRelevant: number;
}

/** Ranking metrics of `scorer` on the rows' validation split (see the module comment for the definitions). */
export function rankingMetrics(rows: RatingRows, scorer: Scorer, options: RankingOptions = {}): RankingMetrics {
  return evaluateRanking(prepareRanking(rows, options), scorer);
}

/** Ranking metrics of `scorer` over a prepared plan (prepare once, evaluate the model and each baseline). */
export function evaluateRanking(plan: RankingPlan, scorer: Scorer): RankingMetrics {
  const { k, nItems, trainStart, trainItems, relevantStart, relevantItems, evaluated } = plan;
  const fixed = 'itemOrder' in scorer ? scorer.itemOrder : undefined;
  const block = fixed ? undefined : asBlock(scorer as UserScorer | BlockScorer);
  const blockSize = Math.max(1, block?.blockSize ?? 1);
  const blockScores = new Float64Array(block ? blockSize * nItems : 0);
  const blockUsers = new Int32Array(blockSize);
  const skip = new Uint8Array(nItems);
  const relevant = new Uint8Array(nItems);
  const covered = new Uint8Array(nItems);
  const top = new Int32Array(k);
  const selector = new TopKSelector(k);
  // discount[i] = 1 / log2(i + 2) for 0-based rank i; idealDcg[m] = DCG of m hits at the top.
  const discount = new Float64Array(k);
  const idealDcg = new Float64Array(k + 1);
  for (let i = 0; i < k; i++) {
    discount[i] = 1 / Math.log2(i + 2);
    idealDcg[i + 1] = idealDcg[i] + discount[i];
  }
  let precision = 0, recall = 0, ndcg = 0, map = 0, hitRate = 0, coveredCount = 0;
  for (let e = 0; e < evaluated.length; e++) {
    const j = e % blockSize;
    if (block && j === 0) {
      const count = Math.min(blockSize, evaluated.length - e);
      for (let b = 0; b < count; b++) blockUsers[b] = evaluated[e + b];
      block.score(blockUsers, count, blockScores);
    }
    const u = evaluated[e];
    const t0 = trainStart[u], t1 = trainStart[u + 1], r0 = relevantStart[u], r1 = relevantStart[u + 1];
    for (let t = t0; t < t1; t++) skip[trainItems[t]] = 1;
    for (let r = r0; r < r1; r++) relevant[relevantItems[r]] = 1;
    const listed = fixed ? firstUnskipped(fixed, skip, top)
      : selector.select(blockSize === 1 ? blockScores : blockScores.subarray(j * nItems, (j + 1) * nItems), skip, top);
    let hits = 0, dcg = 0, precisionSum = 0;
    for (let i = 0; i < listed; i++) {
      const item = top[i];
      if (!covered[item]) {
        covered[item] = 1;
        coveredCount++;
      }
      if (relevant[item]) {
        hits++;
        dcg += discount[i];
        precisionSum += hits / (i + 1);
      }
    }
    const nRelevant = r1 - r0;
    const cut = Math.min(k, nRelevant);
    precision += hits / k;
    recall += hits / nRelevant;
    ndcg += dcg / idealDcg[cut];
    map += precisionSum / cut;
    hitRate += hits > 0 ? 1 : 0;
    // Cheap reset: only the entries this user set.
    for (let t = t0; t < t1; t++) skip[trainItems[t]] = 0;
    for (let r = r0; r < r1; r++) relevant[relevantItems[r]] = 0;
  }
  const n = evaluated.length;
  return {
    k, threshold: plan.threshold, users: n,
    precision: precision / n, recall: recall / n, ndcg: ndcg / n, map: map / n, hitRate: hitRate / n,
    coverage: nItems > 1 ? coveredCount / (nItems - 1) : NaN,
    eligibleUsers: plan.eligibleUsers,
    ...(plan.sampled ? { sampledUsers: n } : {}),
    unrankableRelevant: plan.unrankableRelevant,
  };
}
