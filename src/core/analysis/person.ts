/**
 * Recommendations for a person the model has never seen, from a few (title, rating) pairs: resolve
 * the titles, fold the person in (fold-in.ts, fold-in-nn.ts), rank unseen items by predicted rating
 * and explain each one (explain.ts).
 */
import { dotForward } from '../model/dot';
import { EmbeddingNN } from '../model/nn';
import { modelFromTensors } from '../model';
import type { AnalysisIndex, SideIndex } from './analysis-index';
import { findLabel } from './lookup';
import { foldInDot, userPrior, type FoldRating, type UserPrior } from './fold-in';
import { foldInNn } from './fold-in-nn';
import { exactShares, predictionParts, similarityShares, topContributions, whyLine, type Contribution, type ContributionKind, type PredictionParts } from './explain';
import { checkRating, ratingScale } from './rating-scale';
import { TopK } from './top-k';

/** A rating as typed: a title, id or '#index', and a number. */
export interface RatingInput {
  item: string;
  rating: number;
}

/** A rating resolved to a vocabulary row. */
export interface ResolvedRating extends FoldRating {
  label: string;
}

export type ResolveResult =
  | { ok: true; ratings: ResolvedRating[] }
  | { ok: false; error: string; suggestions: string[] };

/** Resolves typed ratings: an unknown title (with suggestions), a rating off the scale or the same item twice is an error. */
export function resolveRatings(index: AnalysisIndex, inputs: readonly RatingInput[]): ResolveResult {
  const items = index.side('items');
  const scale = ratingScale(index.run.manifest);
  const seen = new Map<number, string>();
  const ratings: ResolvedRating[] = [];
  for (const input of inputs) {
    const match = findLabel(items, input.item);
    // As predict: a rating must be about the item meant, so near misses are suggestions.
    const sure = match.ok && match.index !== items.naIndex && match.how !== 'fuzzy' && (match.how !== 'substring' || match.alternatives.length === 0);
    if (!match.ok || !sure) {
      const suggestions = match.ok ? (match.index === items.naIndex ? [] : [match.label, ...match.alternatives]) : match.suggestions;
      return { ok: false, error: `No item is exactly '${input.item}'.`, suggestions };
    }
    const bad = checkRating(scale, input.rating);
    if (bad) return { ok: false, error: `The rating ${input.rating} of '${match.label}' ${bad}.`, suggestions: [] };
    const before = seen.get(match.index);
    if (before !== undefined) {
      return { ok: false, error: `'${match.label}' is rated twice ('${before}' and '${input.item}'); rate each item once.`, suggestions: [] };
    }
    seen.set(match.index, input.item);
    ratings.push({ item: match.index, rating: input.rating, label: match.label });
  }
  return { ok: true, ratings };
}

/** One recommendation with its explanation. */
export interface PersonRecommendation {
  index: number;
  label: string;
  predicted: number;
  count?: number;
  mean?: number;
  bias?: number;
  because: Contribution[];
  parts?: PredictionParts;
  /** Dot model: c . i, the average user's share of the interaction logit (the rest is the sum of every rated item's contribution). */
  averageTaste?: number;
  why: string;
}

export interface PersonResult {
  model: 'dot' | 'nn';
  /** 'fold-in' with ratings; 'no-ratings' for the stated fallback: the average trained user. */
  kind: 'fold-in' | 'no-ratings';
  contributions: ContributionKind;
  rated: ResolvedRating[];
  /** The folded-in user; `prior` false when the run had no trained users to fit one to (the book's L2 was used). */
  user: { vector: number[]; bias: number; prior: boolean };
  items: PersonRecommendation[];
  notes: string[];
}

export interface PersonOptions {
  k?: number;
  /** Leave out items with fewer training ratings than this (default 10, as the cold-start list). */
  minCount?: number;
  /** Rated items listed in each explanation (default 3). */
  because?: number;
  lambda?: number;
  /** The run's prior (runPrior), when the caller keeps it; computed otherwise (one pass over the users). */
  prior?: UserPrior;
}

/**
 * The fold-in's prior for a run (fold-in.ts userPrior): the trained users' mean and variance, with
 * the last epoch's training MSE as the noise (1 when the run has none, e.g. imported). Undefined
 * when the run has no user factors that fit its items.
 */
export function runPrior(index: AnalysisIndex): UserPrior | undefined {
  if (!index.has('users')) return undefined;
  const users = index.side('users');
  const itemDim = index.side('items').emb.dim;
  const config = index.run.manifest.config;
  const nn = config?.model === 'nn' && index.run.manifest.origin === 'trained';
  if (users.emb.dim !== itemDim && !nn) return undefined;
  const last = index.run.manifest.metrics.at(-1);
  const noise = last && Number.isFinite(last.trainLoss) && last.trainLoss > 0 ? last.trainLoss : 1;
  return userPrior(users.emb.vectors, users.emb.bias, users.emb.dim, noise, users.naIndex);
}

/** Folds the person in and returns the top-k unseen items by predicted rating, each explained. */
export function recommendForRatings(index: AnalysisIndex, rated: readonly ResolvedRating[], options: PersonOptions = {}): PersonResult {
  const items = index.side('items');
  const { emb } = items;
  const { manifest } = index.run;
  const config = manifest.config;
  const wd = config?.wd ?? 0.1;
  const notes: string[] = [];
  const ratings = rated.map((r) => r.rating);
  const ratedRows = rated.map((r) => r.item);
  const isNn = config?.model === 'nn' && manifest.origin === 'trained';
  let scores: Float32Array;
  let user: PersonResult['user'];
  let explainOne: (i: number, predicted: number) => { because: Contribution[]; parts?: PredictionParts; average?: number };
  let contributions: ContributionKind;
  if (isNn) {
    const model = modelFromTensors(config!, index.run.tensors);
    if (!(model instanceof EmbeddingNN)) throw new Error('expected an NN model');
    const side = { weights: model.weights, userDim: model.userDim, itemDim: model.itemDim, yRange: model.yRange };
    const prior = options.prior ?? runPrior(index);
    const folded = foldInNn(side, rated, { wd, lambda: options.lambda, prior });
    const one = new EmbeddingNN(1, model.nItems, model.userDim, model.itemDim, model.yRange,
      { ...model.weights, userEmbedding: Float32Array.from(folded.vector) });
    scores = one.predict(new Int32Array(emb.n), iota(emb.n));
    user = { vector: [...folded.vector], bias: 0, prior: prior !== undefined };
    contributions = 'similarity';
    explainOne = (i) => ({ because: topContributions(similarityShares(items.unit, emb.dim, ratedRows, ratings, i), ratedRows, ratings, emb.labels, options.because) });
    notes.push('NN model: the user embedding was fitted by 300 Adam steps; an item\'s pull is cos(item, rated item) x (rating - your mean rating).');
  } else {
    const yRange = config?.yRange;
    const hasBiases = emb.bias !== undefined;
    if (!hasBiases) notes.push('This run has no item biases (imported factors): the prediction has no bias terms to split.');
    const prior = options.prior ?? runPrior(index);
    const folded = foldInDot({ vectors: emb.vectors, bias: emb.bias, k: emb.dim, yRange }, rated, { wd, lambda: options.lambda, prior });
    const uw = Float32Array.from(folded.vector);
    const factors = { userWeight: uw, itemWeight: emb.vectors, userBias: Float32Array.of(folded.bias), itemBias: emb.bias };
    scores = dotForward(factors, emb.dim, yRange, new Int32Array(emb.n), iota(emb.n));
    user = { vector: [...folded.vector], bias: folded.bias, prior: prior !== undefined };
    contributions = 'exact';
    explainOne = (i) => {
      let dot = 0;
      for (let f = 0; f < emb.dim; f++) dot += uw[f] * emb.vectors[i * emb.dim + f];
      let average = 0;
      for (let f = 0; f < emb.dim; f++) average += folded.centre[f] * emb.vectors[i * emb.dim + f];
      const shares = exactShares(emb.vectors, emb.dim, ratedRows, folded.weights, folded.lambda, i);
      return { because: topContributions(shares, ratedRows, ratings, emb.labels, options.because), average,
        parts: predictionParts(emb.bias?.[i] ?? 0, folded.bias, dot, yRange, hasBiases) };
    };
  }
  const kind = rated.length > 0 ? 'fold-in' : 'no-ratings';
  if (kind === 'no-ratings') {
    notes.push(isNn
      ? 'No ratings yet: these are the predictions for the average user embedding of the training data.'
      : 'No ratings yet: these are the predictions for the average user of the training data (mean factors and bias).');
  }
  const top = topUnseen(items, scores, new Set(ratedRows), options.k ?? 10, options.minCount ?? 10);
  return {
    model: isNn ? 'nn' : 'dot', kind, contributions, rated: [...rated], user, notes,
    items: top.map(({ id, score }) => {
      const { because, parts, average } = explainOne(id, score);
      return { index: id, label: emb.labels[id], predicted: score, count: emb.count?.[id], mean: emb.mean?.[id], bias: emb.bias?.[id],
        because, parts, averageTaste: average, why: whyLine(because, parts) };
    }),
  };
}

function iota(n: number): Int32Array {
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = i;
  return out;
}

/** The k best-scored items outside `exclude` and '#na#' with at least `minCount` training ratings (all when the run has no counts). */
export function topUnseen(items: SideIndex, scores: ArrayLike<number>, exclude: ReadonlySet<number>, k: number, minCount: number): { id: number; score: number }[] {
  const count = items.emb.count;
  const top = new TopK(k);
  for (let i = 0; i < items.emb.n; i++) {
    if (i === items.naIndex || exclude.has(i) || (count && count[i] < minCount)) continue;
    top.push(scores[i], i);
  }
  return top.sorted();
}
