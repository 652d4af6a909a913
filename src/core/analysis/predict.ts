/** Predicted ratings and top-N recommendations, with explicit cold-start behaviour. */
import { modelFromTensors } from '../model';
import { dotForward } from '../model/dot';
import type { AnalysisIndex, SideIndex } from './analysis-index';
import { findLabel, indexRef, type MatchKind } from './lookup';
import { ratedItems } from './rows';
import { TopK } from './top-k';

/** Scores (user, item) index pairs; the dot model's formula, or an engine model's predict. */
export type Scorer = (users: Int32Array, items: Int32Array) => Float32Array;

/** The dot model's prediction sigmoid_range(u.i + bu + bi) read straight from the run's tensors (the model's own forward pass). */
export function dotScorer(index: AnalysisIndex): Scorer {
  const users = index.side('users').emb;
  const items = index.side('items').emb;
  if (users.dim !== items.dim) throw new Error(`User factors (${users.dim}) and item factors (${items.dim}) differ in size.`);
  const range = index.run.manifest.config?.yRange;
  const factors = { userWeight: users.vectors, itemWeight: items.vectors, userBias: users.bias, itemBias: items.bias };
  return (u, i) => dotForward(factors, users.dim, range, u, i);
}

/**
 * The run's scorer: the engine's model rebuilt from the tensors for runs with a model config (trained,
 * or an imported fastai model), the dot formula over the tensors for imported vectors with user and item factors.
 */
export function defaultScorer(index: AnalysisIndex): Scorer {
  // Imported fastai models carry a config (and their full weights); imported vectors do not.
  const { config } = index.run.manifest;
  if (config) {
    const model = modelFromTensors(config, index.run.tensors);
    return (users, items) => model.predict(users, items);
  }
  if (!index.has('users')) throw new Error('This run has no user factors (an imported item set?), so it cannot predict ratings.');
  return dotScorer(index);
}

export type Prediction =
  | { ok: true; user: string; userIndex: number; item: string; itemIndex: number; itemMatch: MatchKind; rating: number }
  | { ok: false; error: string; suggestions: string[] };

/** Finds a user by exact label or '#index' only: ids are not typed approximately. */
export function findUser(users: SideIndex, query: string): number | undefined {
  const q = query.trim();
  const exact = users.byLabel.get(q);
  if (exact !== undefined && exact !== users.naIndex) return exact;
  const byIndex = indexRef(users, q);
  return byIndex !== users.naIndex ? byIndex : undefined;
}

/** Predicted rating of (user, item). Unknown users and items are errors, never mapped to '#na#'. */
export function predictRating(index: AnalysisIndex, user: string, item: string, scorer?: Scorer): Prediction {
  const items = index.side('items');
  const match = findLabel(items, item);
  // A prediction must be about the item asked for: near misses are suggestions, not answers.
  const sure = match.ok && match.index !== items.naIndex && (match.how !== 'fuzzy' && (match.how !== 'substring' || match.alternatives.length === 0));
  if (!match.ok || !sure) {
    const suggestions = match.ok ? (match.index === items.naIndex ? [] : [match.label, ...match.alternatives]) : match.suggestions;
    return { ok: false, error: `Unknown item '${item}': no label or id in this model's vocabulary is exactly that.`, suggestions };
  }
  const users = index.side('users');
  const userIndex = findUser(users, user);
  if (userIndex === undefined) {
    return { ok: false, error: `Unknown user '${user}': the model has no factors for them (try recommend for a cold-start list).`, suggestions: [] };
  }
  const score = (scorer ?? defaultScorer(index))(Int32Array.of(userIndex), Int32Array.of(match.index));
  return {
    ok: true, user: users.emb.labels[userIndex], userIndex, item: match.label, itemIndex: match.index,
    itemMatch: match.how, rating: score[0],
  };
}

export interface Recommendation {
  index: number;
  label: string;
  /** Predicted rating, or for cold start the ranking score (bias or damped mean). */
  score: number;
  bias?: number;
  count?: number;
  mean?: number;
}

export interface RecommendOptions {
  k?: number;
  /** Items the user rated; defaults to what the run's rows index says. */
  rated?: Set<number>;
  scorer?: Scorer;
  /** Cold start: ignore items with fewer training ratings than this (default 10). */
  minCount?: number;
}

export interface RecommendResult {
  user: string;
  /** 'model' when the user is known; 'cold-start' when ranked without their factors. */
  kind: 'model' | 'cold-start';
  items: Recommendation[];
  /** Rated items left out. */
  excluded: number;
  notes: string[];
}

/** The top-k items a user has not rated, by predicted rating; unknown users get a cold-start list. */
export function recommend(index: AnalysisIndex, user: string, options: RecommendOptions = {}): RecommendResult {
  const k = options.k ?? 10;
  const items = index.side('items');
  const { emb } = items;
  const facts = (i: number, score: number): Recommendation =>
    ({ index: i, label: emb.labels[i], score, bias: emb.bias?.[i], count: emb.count?.[i], mean: emb.mean?.[i] });
  const userIndex = index.has('users') ? findUser(index.side('users'), user) : undefined;
  if (userIndex === undefined) return coldStart(items, user, k, options.minCount ?? 10, facts);

  const notes: string[] = [];
  let rated = options.rated ?? ratedItems(index.run, userIndex);
  if (!rated) {
    notes.push('The run has no rows index, so items this user already rated could not be left out.');
    rated = new Set();
  }
  const candidates: number[] = [];
  for (let i = 0; i < emb.n; i++) if (i !== items.naIndex && !rated.has(i)) candidates.push(i);
  const scores = (options.scorer ?? defaultScorer(index))(new Int32Array(candidates.length).fill(userIndex), Int32Array.from(candidates));
  const top = new TopK(k);
  candidates.forEach((i, r) => top.push(scores[r], i));
  return {
    user: index.side('users').emb.labels[userIndex], kind: 'model',
    items: top.sorted().map(({ id, score }) => facts(id, score)), excluded: rated.size, notes,
  };
}

/** Unknown user: rank by item bias (quality after accounting for who rated it), else a damped mean. */
function coldStart(
  items: SideIndex, user: string, k: number, minCount: number,
  facts: (i: number, score: number) => Recommendation,
): RecommendResult {
  const { bias, count, mean, n } = items.emb;
  const eligible = [...Array(n).keys()].filter((i) => i !== items.naIndex && (!count || count[i] >= minCount));
  const pool = eligible.length > 0 ? eligible : [...Array(n).keys()].filter((i) => i !== items.naIndex);
  const notes = [`Unknown user '${user}': the model has no factors for them, so this is a cold-start list.`];
  let score: (i: number) => number;
  if (bias) {
    score = (i) => bias[i];
    notes.push(`Items ranked by learned bias (quality after accounting for who rated them)${count ? `, among items with at least ${minCount} ratings` : ''}.`);
  } else if (count && mean) {
    let total = 0;
    let sum = 0;
    for (let i = 0; i < n; i++) { total += count[i]; sum += count[i] * mean[i]; }
    const globalMean = total > 0 ? sum / total : 0;
    score = (i) => (count[i] * mean[i] + minCount * globalMean) / (count[i] + minCount);
    notes.push(`The model has no item biases, so items are ranked by mean rating damped towards the global mean (${minCount} pseudo-ratings).`);
  } else {
    throw new Error(`Unknown user '${user}', and this run has neither item biases nor rating statistics to rank items by.`);
  }
  const top = new TopK(k);
  for (const i of pool) top.push(score(i), i);
  return { user, kind: 'cold-start', items: top.sorted().map(({ id, score: s }) => facts(id, s)), excluded: 0, notes };
}
