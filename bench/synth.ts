/**
 * A large generated ratings set for the speed benchmark: Zipf-like user activity and item
 * popularity, ratings = clip(round(mu + bu + bi + p.q + noise), 1, 5) with a planted rank-10
 * structure. Rows are i.i.d., so the last 20% serve as the validation split.
 */
import { normal, seededRandom } from '../src/core/data/random';
import type { SplitData } from './split-file';

export interface SynthOptions {
  rows: number;
  users: number;
  items: number;
  seed: number;
}

/** Cumulative Zipf(1) weights over n ranks with an offset (flattens the head), ranks shuffled onto ids. */
function popularity(n: number, offset: number, random: () => number): { cdf: Float64Array; ids: Int32Array } {
  const cdf = new Float64Array(n);
  let sum = 0;
  for (let k = 0; k < n; k++) cdf[k] = sum += 1 / (k + offset);
  for (let k = 0; k < n; k++) cdf[k] /= sum;
  const ids = Int32Array.from({ length: n }, (_, k) => k);
  for (let k = n - 1; k > 0; k--) {
    const j = Math.floor(random() * (k + 1));
    [ids[k], ids[j]] = [ids[j], ids[k]];
  }
  return { cdf, ids };
}

function draw(p: { cdf: Float64Array; ids: Int32Array }, x: number): number {
  let lo = 0;
  let hi = p.cdf.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (p.cdf[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return p.ids[lo];
}

/** Generates the split (indices 1-based: 0 is '#na#'). */
export function generateSynthetic({ rows, users, items, seed }: SynthOptions): SplitData {
  const random = seededRandom(seed);
  const rank = 10;
  const sig = Math.sqrt(0.7 / Math.sqrt(rank));
  const p = Float32Array.from({ length: users * rank }, () => sig * normal(random));
  const q = Float32Array.from({ length: items * rank }, () => sig * normal(random));
  const bu = Float32Array.from({ length: users }, () => 0.4 * normal(random));
  const bi = Float32Array.from({ length: items }, () => 0.5 * normal(random));
  const up = popularity(users, 20, random);
  const ip = popularity(items, 10, random);
  const out: SplitData = {
    nValid: Math.floor(rows * 0.2), nTrain: rows - Math.floor(rows * 0.2), nUsers: users + 1, nItems: items + 1,
    users: new Int32Array(rows), items: new Int32Array(rows), ratings: new Float32Array(rows),
  };
  for (let r = 0; r < rows; r++) {
    const u = draw(up, random());
    const i = draw(ip, random());
    let x = 3.6 + bu[u] + bi[i] + 0.6 * normal(random);
    for (let k = 0; k < rank; k++) x += p[u * rank + k] * q[i * rank + k];
    out.users[r] = u + 1;
    out.items[r] = i + 1;
    out.ratings[r] = Math.min(5, Math.max(1, Math.round(x)));
  }
  return out;
}
