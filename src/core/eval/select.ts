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

  constructor(readonly k: number) {
    this.heapScore = new Float64Array(k);
    this.heapId = new Int32Array(k);
  }

  /**
   * Writes into `out` (length >= k) the ids 1..scores.length-1 whose `skip` flag is 0, best first
   * (score descending, ties by ascending id); returns how many were written (< k when fewer
   * candidates exist). Id 0 ('#na#') is never selected.
   */
  select(scores: Float64Array, skip: Uint8Array, out: Int32Array): number {
    const k = this.k, hs = this.heapScore, hi = this.heapId;
    let size = 0;
    const n = scores.length;
    for (let id = 1; id < n; id++) {
      if (skip[id]) continue;
      const raw = scores[id];
      const s = raw === raw ? raw : -Infinity; // NaN ranks last
      if (size < k) {
        // Sift up: the root is the worst (lowest score; among equal scores, the largest id).
        let i = size++;
        while (i > 0) {
          const p = (i - 1) >> 1;
          if (!worse(s, id, hs[p], hi[p])) break;
          hs[i] = hs[p];
          hi[i] = hi[p];
          i = p;
        }
        hs[i] = s;
        hi[i] = id;
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
        i = c;
      }
      hs[i] = s;
      hi[i] = id;
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

/** True when (scoreA, idA) ranks below (scoreB, idB). */
function worse(scoreA: number, idA: number, scoreB: number, idB: number): boolean {
  return scoreA < scoreB || (scoreA === scoreB && idA > idB);
}
