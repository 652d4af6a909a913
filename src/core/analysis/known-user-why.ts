/**
 * "Why" for a user the model was trained with (the hover's first recommendation). The run keeps which
 * items a user rated (its rows index) but not the ratings, so the pull of a rated item is its cosine
 * similarity to the recommended item (the similarity half of explain.ts's similarity definition);
 * the prediction's parts are exact (explain.ts predictionParts with the user's trained factors).
 */
import type { AnalysisIndex } from './analysis-index';
import { predictionParts, signed, type PredictionParts } from './explain';
import { ratedItems } from './rows';

export interface KnownUserWhy {
  /** The rated items most similar to the recommended one, most similar first. */
  similar: { index: number; label: string; cosine: number }[];
  parts?: PredictionParts;
  line: string;
}

/** Why `item` is recommended to trained user `user` (vocab indices); undefined when the run cannot say (no user factors). */
export function knownUserWhy(index: AnalysisIndex, user: number, item: number, top = 3, ratedSet?: ReadonlySet<number>): KnownUserWhy | undefined {
  if (!index.has('users')) return undefined;
  const items = index.side('items');
  const users = index.side('users').emb;
  const k = items.emb.dim;
  const rated = ratedSet ?? ratedItems(index.run, user) ?? new Set<number>();
  const similar = [...rated].map((r) => {
    let cos = 0;
    for (let f = 0; f < k; f++) cos += items.unit[r * k + f] * items.unit[item * k + f];
    return { index: r, label: items.emb.labels[r], cosine: cos };
  }).sort((a, b) => b.cosine - a.cosine || a.index - b.index).slice(0, top).filter((s) => s.cosine > 0);
  const config = index.run.manifest.config;
  const isDot = users.dim === k && !(config?.model === 'nn' && index.run.manifest.origin === 'trained');
  let parts: PredictionParts | undefined;
  if (isDot) {
    let dot = 0;
    for (let f = 0; f < k; f++) dot += users.vectors[user * k + f] * items.emb.vectors[item * k + f];
    parts = predictionParts(items.emb.bias?.[item] ?? 0, users.bias?.[user] ?? 0, dot, config?.yRange, items.emb.bias !== undefined);
  }
  const like = similar.length > 0 ? `most like ${similar.map((s) => s.label).join(', ')}, which this user rated` : 'no rated item is similar';
  const r = parts?.rating;
  const sum = r && parts!.hasBiases
    ? `; ${r.offset.toFixed(2)} offset ${signed(r.itemBias)} item ${signed(r.userBias)} user ${signed(r.interaction)} taste = ${parts!.prediction.toFixed(2)}`
    : '';
  return { similar, parts, line: `${like}${sum}` };
}
