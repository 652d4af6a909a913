/** Growable typed-array columns and label interning: the loader's memory (no object per row). */

/** Ids written like "123" (no sign, no leading zero) are keyed by their number, which is faster. */
const CANONICAL_INT = /^(0|[1-9]\d{0,14})$/;
/** Integer ids below this use a direct lookup table instead of a Map. */
const DIRECT_LIMIT = 1 << 24;

/** Gives each distinct label a dense index in order of first appearance; one string per label. */
export class LabelInterner {
  readonly labels: string[] = [];
  private direct = new Int32Array(1024);
  private readonly numbers = new Map<number, number>();
  private readonly strings = new Map<string, number>();

  /** Index of a label that is a canonical non-negative integer (value, not text). */
  internInt(value: number): number {
    if (value < DIRECT_LIMIT) {
      if (value >= this.direct.length) this.growDirect(value);
      const known = this.direct[value];
      if (known !== 0) return known - 1;
      this.direct[value] = this.labels.length + 1;
      return this.labels.push(String(value)) - 1;
    }
    const known = this.numbers.get(value);
    if (known !== undefined) return known;
    this.numbers.set(value, this.labels.length);
    return this.labels.push(String(value)) - 1;
  }

  /** Index of any label given as text (canonical integers share the numeric path). */
  internString(label: string): number {
    if (CANONICAL_INT.test(label)) return this.internInt(Number(label));
    const known = this.strings.get(label);
    if (known !== undefined) return known;
    this.strings.set(label, this.labels.length);
    return this.labels.push(label) - 1;
  }

  get size(): number {
    return this.labels.length;
  }

  private growDirect(value: number): void {
    let size = this.direct.length;
    while (size <= value) size *= 2;
    const next = new Int32Array(Math.min(size, DIRECT_LIMIT));
    next.set(this.direct);
    this.direct = next;
  }
}

/** The columns of the rows loaded so far, grown by half again whenever full. */
export class RowColumns {
  n = 0;
  users: Int32Array;
  items: Int32Array;
  ratings: Float32Array;
  lines: Int32Array;
  timestamps?: Float64Array;

  constructor(initialCapacity: number, withTimestamps: boolean) {
    const c = Math.max(1024, Math.ceil(initialCapacity));
    this.users = new Int32Array(c);
    this.items = new Int32Array(c);
    this.ratings = new Float32Array(c);
    this.lines = new Int32Array(c);
    if (withTimestamps) this.timestamps = new Float64Array(c);
  }

  /** Appends one row. */
  push(user: number, item: number, rating: number, line: number, timestamp: number): void {
    const r = this.n;
    if (r === this.users.length) this.grow();
    this.users[r] = user;
    this.items[r] = item;
    this.ratings[r] = rating;
    this.lines[r] = line;
    if (this.timestamps) this.timestamps[r] = timestamp;
    this.n = r + 1;
  }

  /** Forgets all rows (keeps the arrays). */
  clear(): void {
    this.n = 0;
  }

  /** The filled part of each column; copies only when over a fifth of the capacity would be wasted. */
  finish(): Pick<RowColumns, 'n' | 'users' | 'items' | 'ratings' | 'lines' | 'timestamps'> {
    const n = this.n;
    const copy = this.users.length - n > n / 4;
    const cut = <T extends Int32Array | Float32Array | Float64Array>(a: T): T => (copy ? a.slice(0, n) : a.subarray(0, n)) as T;
    return {
      n, users: cut(this.users), items: cut(this.items), ratings: cut(this.ratings), lines: cut(this.lines),
      timestamps: this.timestamps ? cut(this.timestamps) : undefined,
    };
  }

  /** Makes room for half as many rows again (the loader's scanner calls it when full). */
  grow(): void {
    const c = Math.ceil(this.users.length * 1.5);
    const bigger = <T extends Int32Array | Float32Array | Float64Array>(a: T, make: (n: number) => T): T => {
      const b = make(c);
      b.set(a);
      return b;
    };
    this.users = bigger(this.users, (k) => new Int32Array(k));
    this.items = bigger(this.items, (k) => new Int32Array(k));
    this.ratings = bigger(this.ratings, (k) => new Float32Array(k));
    this.lines = bigger(this.lines, (k) => new Int32Array(k));
    if (this.timestamps) this.timestamps = bigger(this.timestamps, (k) => new Float64Array(k));
  }
}
