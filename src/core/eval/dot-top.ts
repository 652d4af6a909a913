/**
 * The dot model's scorer for ranking: one user's candidates, exact where it matters, with the items
 * that provably cannot make the user's top k left out.
 *
 * Bound: u . i <= |u| |i| (Cauchy-Schwarz), so raw(u, i) = bu + bi + u . i <= bu + bi + |u| |i|.
 * A probe of the P items most likely to rank high (largest bi + mean|u| |i|) is scored first; the
 * k-th best raw score T among its candidates is a floor for the user's list. An item whose bound is
 * clearly below T (a margin far wider than any rounding) scores strictly below k candidates after
 * sigmoid_range, so it cannot be listed; it gets -Infinity and its dot product is never computed.
 * Every other candidate's raw score is computed exactly as dotUserScorer computes it (float64 sum
 * over the factors in order, then bu + bi + sum), so the ranking is exactly that of scoring every item.
 * On ML-100K's default model about a fifth of the pairs are computed.
 */
import type { EmbeddingDotBias } from '../model/dot';
import { sigmoidRange } from '../model/math';
import type { TopScorer } from './ranking';

/** Items scored first to find a floor for the list (about 4% of ML-100K's catalogue). */
const PROBE_ITEMS = 64;
/** Relative margin between a bound and the floor: rounding of the sums and of sigmoid_range is ~1e-15. */
const MARGIN = 1e-6;
/**
 * Item tables up to this many floats are copied to float64 once (no conversion in the inner loop);
 * bigger ones (MovieLens 25M's is 3M floats) are read as they are, float32, so that the table each
 * user streams through is half the size. Both give the same float64 products.
 */
const COPY_FLOATS = 1 << 19;

/** The pruning scorer of a dot model (see the module comment). */
export function dotTopScorer(model: EmbeddingDotBias): TopScorer {
  const k = model.nFactors, nItems = model.nItems, nUsers = model.nUsers;
  const { userWeight, userBias } = model.weights;
  const [lo, hi] = model.yRange;
  const link = (raw: number): number => sigmoidRange(raw, lo, hi);
  const items = model.weights.itemWeight.length <= COPY_FLOATS ? Float64Array.from(model.weights.itemWeight) : model.weights.itemWeight;
  const itemBias = Float64Array.from(model.weights.itemBias);
  const itemNorm = rowNorms(items, nItems, k);
  let meanUserNorm = 0;
  for (let u = 1; u < nUsers; u++) meanUserNorm += rowNorm(userWeight, u * k, k);
  meanUserNorm /= Math.max(1, nUsers - 1);
  const probe = probeItems(itemBias, itemNorm, meanUserNorm, Math.min(PROBE_ITEMS, nItems - 1));
  const inProbe = new Uint8Array(nItems);
  for (const i of probe) inProbe[i] = 1;
  const row = new Float64Array(k);
  const todo = new Int32Array(nItems + 8);
  const probeRaw = new Float64Array(probe.length);
  return {
    link,
    scoreTop(u, skip, listLength, out) {
      for (let f = 0; f < k; f++) row[f] = userWeight[u * k + f];
      const bu = userBias[u];
      let uNorm = 0;
      for (let f = 0; f < k; f++) uNorm += row[f] * row[f];
      uNorm = Math.sqrt(uNorm);
      out[0] = -Infinity;
      // The probe's candidates, scored exactly.
      let n = 0;
      for (let p = 0; p < probe.length; p++) {
        if (skip[probe[p]]) out[probe[p]] = -Infinity;
        else todo[n++] = probe[p];
      }
      exactScores(row, bu, items, itemBias, k, todo, n, out);
      for (let p = 0; p < n; p++) probeRaw[p] = out[todo[p]];
      const prune = floorOf(probeRaw.subarray(0, n), listLength, link);
      // Everything else: skipped, left out by the bound, or scored exactly.
      n = 0;
      for (let i = 1; i < nItems; i++) {
        if (inProbe[i]) continue;
        if (skip[i]) {
          out[i] = -Infinity;
          continue;
        }
        const reach = uNorm * itemNorm[i];
        const bi = itemBias[i];
        const bound = bu + bi + reach;
        if (bound + MARGIN * (1 + Math.abs(bu) + Math.abs(bi) + reach) < prune) out[i] = -Infinity;
        else todo[n++] = i;
      }
      exactScores(row, bu, items, itemBias, k, todo, n, out);
    },
  };
}

/**
 * The raw value below which an item cannot make a list of `listLength` given the probe's exact raw
 * scores (reordered in place): T - 2 * margin, T the listLength-th best, checked to lie strictly
 * below them after the link (sigmoid_range saturates: there the floor is -Infinity, nothing left out).
 */
function floorOf(probeRaw: Float64Array, listLength: number, link: (raw: number) => number): number {
  const n = probeRaw.length;
  if (n < listLength) return -Infinity;
  for (let p = 0; p < n; p++) if (probeRaw[p] !== probeRaw[p]) return -Infinity;
  // Partial selection sort: the listLength best first, best first.
  let worstListed = Infinity;
  for (let t = 0; t < listLength; t++) {
    let best = t;
    for (let p = t + 1; p < n; p++) if (probeRaw[p] > probeRaw[best]) best = p;
    const v = probeRaw[best];
    probeRaw[best] = probeRaw[t];
    probeRaw[t] = v;
    worstListed = Math.min(worstListed, link(v));
  }
  const t = probeRaw[listLength - 1];
  const margin = MARGIN * (1 + Math.abs(t));
  return link(t - margin) < worstListed ? t - 2 * margin : -Infinity;
}

/**
 * out[i] = bu + itemBias[i] + row . items[i] for the n items in `todo`, eight at a time (independent
 * sums keep the CPU busy; each is summed over the factors in order). `todo` has room for 8 more.
 */
function exactScores(row: Float64Array, bu: number, items: Float64Array | Float32Array, itemBias: Float64Array, k: number,
  todo: Int32Array, n: number, out: Float64Array): void {
  if (n === 0) return;
  for (let p = n; p < n + 8; p++) todo[p] = todo[n - 1]; // pad: the last item again
  for (let p = 0; p < n; p += 8) {
    const i0 = todo[p], i1 = todo[p + 1], i2 = todo[p + 2], i3 = todo[p + 3];
    const i4 = todo[p + 4], i5 = todo[p + 5], i6 = todo[p + 6], i7 = todo[p + 7];
    const w0 = i0 * k, w1 = i1 * k, w2 = i2 * k, w3 = i3 * k, w4 = i4 * k, w5 = i5 * k, w6 = i6 * k, w7 = i7 * k;
    let a0 = 0, a1 = 0, a2 = 0, a3 = 0, a4 = 0, a5 = 0, a6 = 0, a7 = 0;
    for (let f = 0; f < k; f++) {
      const x = row[f];
      a0 += x * items[w0 + f];
      a1 += x * items[w1 + f];
      a2 += x * items[w2 + f];
      a3 += x * items[w3 + f];
      a4 += x * items[w4 + f];
      a5 += x * items[w5 + f];
      a6 += x * items[w6 + f];
      a7 += x * items[w7 + f];
    }
    out[i0] = bu + itemBias[i0] + a0;
    out[i1] = bu + itemBias[i1] + a1;
    out[i2] = bu + itemBias[i2] + a2;
    out[i3] = bu + itemBias[i3] + a3;
    out[i4] = bu + itemBias[i4] + a4;
    out[i5] = bu + itemBias[i5] + a5;
    out[i6] = bu + itemBias[i6] + a6;
    out[i7] = bu + itemBias[i7] + a7;
  }
}

/** The Euclidean norm of each of n rows of k floats. */
function rowNorms(table: ArrayLike<number>, n: number, k: number): Float64Array {
  const norms = new Float64Array(n);
  for (let i = 0; i < n; i++) norms[i] = rowNorm(table, i * k, k);
  return norms;
}

function rowNorm(table: ArrayLike<number>, at: number, k: number): number {
  let s = 0;
  for (let f = 0; f < k; f++) s += table[at + f] * table[at + f];
  return Math.sqrt(s);
}

/** The `count` items (1..n-1) with the largest bi + userNorm |i|: the likeliest to rank high for a typical user. */
function probeItems(itemBias: Float64Array, itemNorm: Float64Array, userNorm: number, count: number): Int32Array {
  const ids = Int32Array.from({ length: Math.max(0, itemBias.length - 1) }, (_, j) => j + 1);
  const key = (i: number): number => {
    const v = itemBias[i] + userNorm * itemNorm[i];
    return v === v ? v : -Infinity;
  };
  return ids.sort((a, b) => key(b) - key(a) || a - b).slice(0, count);
}
