/**
 * The questionnaire: items to ask a newcomer about, both well known and spread across the embedding
 * space. Pool: the `pool` most rated items (default max(50, 5n)); pick the most rated first, then
 * repeatedly the pool item whose largest cosine similarity to the items already picked is smallest
 * (farthest-point sampling on unit-length item factors), ties to the more rated. Deterministic.
 */
import type { SideIndex } from './analysis-index';

export interface QuestionnaireItem {
  index: number;
  label: string;
  count?: number;
  mean?: number;
}

/** The n questionnaire items of a side (items), in the order they were picked. */
export function questionnaire(items: SideIndex, n: number, options: { pool?: number; exclude?: Iterable<number> } = {}): QuestionnaireItem[] {
  const { emb, unit, byRatings, naIndex, norms } = items;
  const exclude = new Set(options.exclude ?? []);
  const size = options.pool ?? Math.max(50, 5 * n);
  const pool: number[] = [];
  for (let r = 0; r < byRatings.length && pool.length < size; r++) {
    const i = byRatings[r];
    if (i !== naIndex && !exclude.has(i) && norms[i] > 0) pool.push(i);
  }
  const k = emb.dim;
  const closest = new Float64Array(pool.length).fill(-Infinity);
  const taken = new Uint8Array(pool.length);
  const picked: number[] = [];
  while (picked.length < Math.min(n, pool.length)) {
    let best = -1;
    for (let p = 0; p < pool.length; p++) {
      if (taken[p]) continue;
      // pool is in rating order, so a strict < keeps the more rated item on ties
      if (best < 0 || closest[p] < closest[best]) best = p;
    }
    taken[best] = 1;
    const chosen = pool[best];
    picked.push(chosen);
    for (let p = 0; p < pool.length; p++) {
      if (taken[p]) continue;
      let cos = 0;
      for (let f = 0; f < k; f++) cos += unit[pool[p] * k + f] * unit[chosen * k + f];
      if (cos > closest[p]) closest[p] = cos;
    }
  }
  return picked.map((i) => ({ index: i, label: emb.labels[i], count: emb.count?.[i], mean: emb.mean?.[i] }));
}
