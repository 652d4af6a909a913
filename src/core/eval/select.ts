/**
 * Top-k selection over one user's scores with an exact tie rule: higher score first, then the
 * smaller vocabulary index. A bounded heap whose root is the worst kept item, O(n log k), no sort of
 * the n scores. (analysis/top-k.ts keeps the k largest scores but may evict either of two tied
 * items; rankings that are compared across implementations need the tie rule to hold exactly.)
 */

/** Reusable buffers for selecting the best `k` items of many users in turn. */
export class TopKSelector {
  private readonly heapScore: Float64Array;
  private readonly heapId: Int32Array;
  private readonly heapRaw: Float64Array;

  constructor(readonly k: number) {
    this.heapScore = new Float64Array(k);
    this.heapId = new Int32Array(k);
    this.heapRaw = new Float64Array(k);
  }

  /**
   * Writes into `out` (length >= k) the ids 1..scores.length-1 whose `skip` flag is 0, best first
   * (score descending, ties by ascending id); returns how many were written (< k when fewer
   * candidates exist). Id 0 ('#na#') is never selected.
   *
   * With `link` (a non-decreasing function, e.g. sigmoid_range), `scores` are raw values and an
   * item's score is link(raw): the result is exactly that of select(scores.map(link)), but link
   * runs only for items that may enter the list (a raw value clearly below the worst kept one's
   * cannot: link(raw) <= link(worst raw), and an equal score loses the tie). The margin covers a
   * Math.exp that is monotone only to within an ulp or so.
   */
  select(scores: Float64Array, skip: Uint8Array, out: Int32Array, link?: (raw: number) => number): number {
    const k = this.k, hs = this.heapScore, hi = this.heapId, hr = this.heapRaw;
    let size = 0;
    let below = -Infinity; // raw values under this cannot enter a full heap
    const n = scores.length;
    for (let id = 1; id < n; id++) {
      const raw = scores[id];
      if (raw < below || skip[id]) continue;
      const linked = link === undefined ? raw : link(raw);
      const s = linked === linked ? linked : -Infinity; // NaN ranks last
      if (size < k) {
        // Sift up: the root is the worst (lowest score; among equal scores, the largest id).
        let i = size++;
        while (i > 0) {
          const p = (i - 1) >> 1;
          if (!worse(s, id, hs[p], hi[p])) break;
          hs[i] = hs[p];
          hi[i] = hi[p];
          hr[i] = hr[p];
          i = p;
        }
        hs[i] = s;
        hi[i] = id;
        hr[i] = raw;
        if (link !== undefined && size === k) below = rawFloor(hr[0]);
        continue;
      }
      // Ids arrive ascending, so a score equal to the root's loses the tie: only a higher one enters.
      if (!(s > hs[0])) continue;
      let i = 0;
      while (true) {
        const l = 2 * i + 1;
        if (l >= size) break;
        const r = l + 1;
        const c = r < size && worse(hs[r], hi[r], hs[l], hi[l]) ? r : l;
        if (!worse(hs[c], hi[c], s, id)) break;
        hs[i] = hs[c];
        hi[i] = hi[c];
        hr[i] = hr[c];
        i = c;
      }
      hs[i] = s;
      hi[i] = id;
      hr[i] = raw;
      if (link !== undefined) below = rawFloor(hr[0]);
    }
    // Drain the heap worst-first into the tail of `out`, so `out` ends best first.
    for (let m = size; m > 0; m--) {
      out[m - 1] = hi[0];
      const lastScore = hs[m - 1], lastId = hi[m - 1];
      let i = 0;
      const end = m - 1;
      while (true) {
        const l = 2 * i + 1;
        if (l >= end) break;
        const r = l + 1;
        const c = r < end && worse(hs[r], hi[r], hs[l], hi[l]) ? r : l;
        if (!worse(hs[c], hi[c], lastScore, lastId)) break;
        hs[i] = hs[c];
        hi[i] = hi[c];
        i = c;
      }
      hs[i] = lastScore;
      hi[i] = lastId;
    }
    return size;
  }
}

/**
 * A raw value safely below `raw`: a relative margin of 1e-9, far wider than any rounding of the
 * link, far narrower than real gaps between scores. NaN (a NaN root) lets every item through.
 */
function rawFloor(raw: number): number {
  return raw - 1e-9 * (1 + Math.abs(raw));
}

/** True when (scoreA, idA) ranks below (scoreB, idB). */
function worse(scoreA: number, idA: number, scoreB: number, idB: number): boolean {
  return scoreA < scoreB || (scoreA === scoreB && idA > idB);
}
