/**
 * "Why this item": how a predicted rating is made, and which of the person's rated items pull it up.
 *
 * Parts of the prediction (dot model). yhat = sigmoid_range(x, lo, hi) with the logit
 *   x = 0 + b_i + b_u + u . i
 * The global offset is the logit 0, i.e. sigmoid_range(0) = (lo + hi) / 2 in ratings: what the model
 * predicts when every learned term is zero. In logit space the four parts add up to x exactly. In
 * ratings they are read as steps along that sum in this order: offset = sigmoid_range(0), item bias
 * = s(b_i) - s(0), user bias = s(b_i + b_u) - s(b_i), interaction = s(x) - s(b_i + b_u); the steps
 * telescope, so they add up to the prediction exactly (test/unit/analysis/fold-in.test.ts).
 *
 * Contributions of rated items. For a folded-in dot user the optimum has u_j = c_j + sum_r w_r i_rj /
 * lambda_j (fold-in.ts), so the interaction term splits exactly: u . i = c . i (the average user's
 * taste) + sum_r w_r sum_j i_rj i_j / lambda_j; an item's contribution is its term of that sum, and
 * the average taste plus the contributions add up to the interaction logit. Otherwise (an
 * NN user, a trained user whose ratings the run does not hold) the contribution is cos(i_r, i) times
 * the rating centred on the person's mean rating (implicit's explain idea, similarity weighted by
 * how the person rated), and it is a ranking aid, not a sum.
 */
import { sigmoidRange } from '../model/math';

/** The prediction's parts in logit space and as rating steps (offset, then item bias, user bias, interaction). */
export interface PredictionParts {
  logit: { offset: number; itemBias: number; userBias: number; interaction: number };
  /** Rating-space steps; they add up to `prediction` (absent without a yRange). */
  rating?: { offset: number; itemBias: number; userBias: number; interaction: number };
  prediction: number;
  /** False for imported factors without biases: there are no bias terms to show. */
  hasBiases: boolean;
}

/** Splits sigmoid_range(0 + b_i + b_u + dot) into its parts. */
export function predictionParts(itemBias: number, userBias: number, dot: number, yRange: readonly [number, number] | undefined, hasBiases = true): PredictionParts {
  const logit = { offset: 0, itemBias, userBias, interaction: dot };
  const x = itemBias + userBias + dot;
  if (!yRange) return { logit, prediction: x, hasBiases };
  const s = (v: number): number => sigmoidRange(v, yRange[0], yRange[1]);
  const rating = {
    offset: s(0), itemBias: s(itemBias) - s(0), userBias: s(itemBias + userBias) - s(itemBias),
    interaction: s(x) - s(itemBias + userBias),
  };
  return { logit, rating, prediction: s(x), hasBiases };
}

/** One rated item's pull on a recommendation. */
export interface Contribution {
  index: number;
  label: string;
  rating: number;
  /** Logit share of the interaction (exact kind), or cosine x centred rating (similarity kind). */
  contribution: number;
}

/** Which definition produced the contributions. */
export type ContributionKind = 'exact' | 'similarity';

/** Exact shares w_r sum_f i_rf i_f / lambda_f of the interaction term, one per rated item, in rating order. */
export function exactShares(vectors: Float32Array, k: number, rated: readonly number[], weights: ArrayLike<number>, lambda: ArrayLike<number>, item: number): Float64Array {
  const out = new Float64Array(rated.length);
  rated.forEach((r, j) => {
    let dot = 0;
    for (let f = 0; f < k; f++) dot += vectors[r * k + f] * vectors[item * k + f] / lambda[f];
    out[j] = weights[j] * dot;
  });
  return out;
}

/** cos(i_r, i) x (rating_r - mean rating), one per rated item (unit: a row-major unit-length matrix). */
export function similarityShares(unit: Float32Array, k: number, rated: readonly number[], ratings: readonly number[], item: number): Float64Array {
  const mean = ratings.reduce((a, b) => a + b, 0) / Math.max(1, ratings.length);
  const out = new Float64Array(rated.length);
  rated.forEach((r, j) => {
    let cos = 0;
    for (let f = 0; f < k; f++) cos += unit[r * k + f] * unit[item * k + f];
    out[j] = cos * (ratings[j] - mean);
  });
  return out;
}

/** The `top` largest positive shares as contributions, largest first. */
export function topContributions(shares: Float64Array, rated: readonly number[], ratings: readonly number[], labels: readonly string[], top = 3): Contribution[] {
  return [...shares.keys()]
    .filter((j) => shares[j] > 0)
    .sort((a, b) => shares[b] - shares[a] || rated[a] - rated[b])
    .slice(0, top)
    .map((j) => ({ index: rated[j], label: labels[rated[j]], rating: ratings[j], contribution: shares[j] }));
}

/** A one-line "why" for a recommendation: the items that pull it up and the largest part of the prediction. */
export function whyLine(because: readonly Contribution[], parts: PredictionParts | undefined): string {
  const pulls = because.length > 0
    ? `because you rated ${because.map((c) => `${c.label} ${formatRating(c.rating)}`).join(', ')}`
    : 'no rated item pulls it up';
  if (!parts?.rating || !parts.hasBiases) return pulls;
  const r = parts.rating;
  return `${pulls}; ${r.offset.toFixed(2)} offset ${signed(r.itemBias)} item ${signed(r.userBias)} user ${signed(r.interaction)} taste = ${parts.prediction.toFixed(2)}`;
}

/** A signed part for the one-line sums ('+ 0.42', '- 0.10'). */
export function signed(v: number): string {
  return `${v < 0 ? '-' : '+'} ${Math.abs(v).toFixed(2)}`;
}

function formatRating(r: number): string {
  return `(${Number.isInteger(r) ? r : r.toFixed(1)})`;
}
