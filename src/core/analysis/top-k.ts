/** Partial top-k selection: a bounded min-heap over (score, index) pairs, O(n log k), no full sort. */

/** Keeps the k largest scores pushed into it. */
export class TopK {
  private readonly scores: Float64Array;
  private readonly ids: Int32Array;
  private size = 0;

  constructor(private readonly k: number) {
    this.scores = new Float64Array(Math.max(0, k));
    this.ids = new Int32Array(Math.max(0, k));
  }

  /** Smallest score kept so far (the bar a new score must beat once the heap is full). */
  get threshold(): number {
    return this.size < this.k ? -Infinity : this.scores[0];
  }

  /** Offers one candidate. */
  push(score: number, id: number): void {
    if (this.k <= 0) return;
    if (this.size < this.k) {
      let i = this.size++;
      // sift up
      while (i > 0) {
        const parent = (i - 1) >> 1;
        if (this.scores[parent] <= score) break;
        this.scores[i] = this.scores[parent];
        this.ids[i] = this.ids[parent];
        i = parent;
      }
      this.scores[i] = score;
      this.ids[i] = id;
      return;
    }
    if (score <= this.scores[0]) return;
    // replace the root and sift down
    let i = 0;
    const n = this.size;
    while (true) {
      const left = 2 * i + 1;
      if (left >= n) break;
      const right = left + 1;
      const child = right < n && this.scores[right] < this.scores[left] ? right : left;
      if (this.scores[child] >= score) break;
      this.scores[i] = this.scores[child];
      this.ids[i] = this.ids[child];
      i = child;
    }
    this.scores[i] = score;
    this.ids[i] = id;
  }

  /** The kept pairs, best (largest score) first; ties by smaller id. */
  sorted(): { id: number; score: number }[] {
    const out: { id: number; score: number }[] = [];
    for (let i = 0; i < this.size; i++) out.push({ id: this.ids[i], score: this.scores[i] });
    return out.sort((a, b) => b.score - a.score || a.id - b.id);
  }
}
