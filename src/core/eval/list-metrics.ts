/**
 * The per-user side of the ranking metrics (ranking.ts defines them): each evaluated user's
 * candidate and relevant flags, and the sums of precision, recall, NDCG, MAP and hit rate over the
 * users' top-k lists, added in the order the users come. Small methods, one loop each: they are
 * compiled quickly in a fresh process, where the evaluation runs once.
 */
import type { RankingPlan } from './plan';

/** Flags and sums over the evaluated users of one plan. */
export class UserLists {
  /** skip[i] = 1: not a candidate of the current user (rated in training). */
  readonly skip: Uint8Array;
  private readonly relevant: Uint8Array;
  private readonly covered: Uint8Array;
  private coveredCount = 0;
  /** discount[i] = 1 / log2(i + 2) for 0-based rank i; idealDcg[m] = DCG of m hits at the top. */
  private readonly discount: Float64Array;
  private readonly idealDcg: Float64Array;
  precision = 0;
  recall = 0;
  ndcg = 0;
  map = 0;
  hitRate = 0;

  constructor(private readonly plan: RankingPlan) {
    const { k, nItems } = plan;
    this.skip = new Uint8Array(nItems);
    this.relevant = new Uint8Array(nItems);
    this.covered = new Uint8Array(nItems);
    this.discount = new Float64Array(k);
    this.idealDcg = new Float64Array(k + 1);
    for (let i = 0; i < k; i++) {
      this.discount[i] = 1 / Math.log2(i + 2);
      this.idealDcg[i + 1] = this.idealDcg[i] + this.discount[i];
    }
  }

  /** Sets (value 1) or clears (value 0) user u's skip and relevant flags: only the entries u has. */
  flag(u: number, value: number): void {
    const { trainStart, trainItems, relevantStart, relevantItems } = this.plan;
    const skip = this.skip, relevant = this.relevant;
    for (let t = trainStart[u], end = trainStart[u + 1]; t < end; t++) skip[trainItems[t]] = value;
    for (let r = relevantStart[u], end = relevantStart[u + 1]; r < end; r++) relevant[relevantItems[r]] = value;
  }

  /** Adds user u's list (its first `listed` entries of `top`, best first) to the sums and the coverage. */
  add(u: number, top: Int32Array, listed: number): void {
    const { k, relevantStart } = this.plan;
    const covered = this.covered, relevant = this.relevant, discount = this.discount;
    let hits = 0, dcg = 0, precisionSum = 0;
    for (let i = 0; i < listed; i++) {
      const item = top[i];
      if (!covered[item]) {
        covered[item] = 1;
        this.coveredCount++;
      }
      if (relevant[item]) {
        hits++;
        dcg += discount[i];
        precisionSum += hits / (i + 1);
      }
    }
    const nRelevant = relevantStart[u + 1] - relevantStart[u];
    const cut = Math.min(k, nRelevant);
    this.precision += hits / k;
    this.recall += hits / nRelevant;
    this.ndcg += dcg / this.idealDcg[cut];
    this.map += precisionSum / cut;
    this.hitRate += hits > 0 ? 1 : 0;
  }

  /** Distinct listed items over the candidate items (the training vocabulary without '#na#'). */
  coverage(): number {
    const { nItems } = this.plan;
    return nItems > 1 ? this.coveredCount / (nItems - 1) : NaN;
  }
}
