/**
 * The Barnes-Hut quadtree of a 2-D layout: cells summarise the points they hold (count and centre of
 * mass) so t-SNE's repulsion of n points costs O(n log n) instead of O(n^2). Typed arrays, rebuilt
 * every iteration.
 */

const MAX_DEPTH = 40;

/** One iteration's tree over `y` (n x 2). */
export class QuadTree {
  private cap: number;
  private size = 0;
  private cx: Float64Array;
  private cy: Float64Array;
  private half: Float64Array;
  /** Squared cell width, filled once the tree is built. */
  private width2 = new Float64Array(0);
  private sx: Float64Array;
  private sy: Float64Array;
  private count: Int32Array;
  private child: Int32Array;
  private point: Int32Array;

  private y: Float64Array;

  constructor(y: Float64Array, n: number) {
    this.y = y;
    this.cap = Math.max(16, 4 * n);
    this.cx = new Float64Array(this.cap);
    this.cy = new Float64Array(this.cap);
    this.half = new Float64Array(this.cap);
    this.sx = new Float64Array(this.cap);
    this.sy = new Float64Array(this.cap);
    this.count = new Int32Array(this.cap);
    this.child = new Int32Array(this.cap).fill(-1);
    this.point = new Int32Array(this.cap).fill(-1);
    this.build(y, n);
  }

  /** Rebuilds the tree over a new layout, reusing the arrays (one tree per t-SNE run). */
  build(y: Float64Array, n: number): void {
    this.y = y;
    this.size = 0;
    this.count.fill(0);
    this.sx.fill(0);
    this.sy.fill(0);
    this.child.fill(-1);
    this.point.fill(-1);
    let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
    for (let i = 0; i < n; i++) {
      minX = Math.min(minX, y[2 * i]); maxX = Math.max(maxX, y[2 * i]);
      minY = Math.min(minY, y[2 * i + 1]); maxY = Math.max(maxY, y[2 * i + 1]);
    }
    this.add((minX + maxX) / 2, (minY + maxY) / 2, Math.max(maxX - minX, maxY - minY, 1e-9) / 2 + 1e-9);
    for (let i = 0; i < n; i++) this.insert(i, y[2 * i], y[2 * i + 1]);
    // Centres of mass and squared cell widths once, so each visit only reads them.
    for (let node = 0; node < this.size; node++) {
      const c = this.count[node];
      if (c > 0) { this.sx[node] /= c; this.sy[node] /= c; }
    }
    if (this.width2.length < this.size) this.width2 = new Float64Array(this.cap);
    for (let node = 0; node < this.size; node++) this.width2[node] = 4 * this.half[node] * this.half[node];
  }

  /**
   * Repulsion on point i: adds sum_j q_ij^2 (y_i - y_j) to `out` (x at 0, y at 1) and returns
   * sum_j q_ij, with q = 1 / (1 + d^2) and cells far enough away (width / distance < theta) as one.
   */
  repulsion(i: number, theta: number, out: Float64Array, stack: Int32Array): number {
    const yi0 = this.y[2 * i], yi1 = this.y[2 * i + 1];
    const theta2 = theta * theta;
    let top = 0;
    stack[top++] = 0;
    let sumQ = 0, fx = 0, fy = 0;
    while (top > 0) {
      const node = stack[--top];
      const c = this.count[node];
      if (c === 0) continue;
      const dx = yi0 - this.sx[node];
      const dy = yi1 - this.sy[node];
      const d2 = dx * dx + dy * dy;
      const leaf = this.child[node] < 0;
      if (leaf || this.width2[node] < theta2 * d2) {
        const m = leaf && this.point[node] === i ? c - 1 : c;
        if (m === 0) continue;
        const q = 1 / (1 + d2);
        sumQ += m * q;
        const mq2 = m * q * q;
        fx += mq2 * dx;
        fy += mq2 * dy;
      } else {
        const first = this.child[node];
        stack[top++] = first; stack[top++] = first + 1; stack[top++] = first + 2; stack[top++] = first + 3;
      }
    }
    out[0] = fx;
    out[1] = fy;
    return sumQ;
  }

  private add(cx: number, cy: number, half: number): number {
    if (this.size === this.cap) this.grow();
    const node = this.size++;
    this.cx[node] = cx; this.cy[node] = cy; this.half[node] = half;
    return node;
  }

  private grow(): void {
    const cap = this.cap * 2;
    const copyF = (a: Float64Array) => { const b = new Float64Array(cap); b.set(a); return b; };
    const copyI = (a: Int32Array) => { const b = new Int32Array(cap).fill(-1); b.set(a); return b; };
    this.cx = copyF(this.cx); this.cy = copyF(this.cy); this.half = copyF(this.half);
    this.sx = copyF(this.sx); this.sy = copyF(this.sy);
    const count = new Int32Array(cap); count.set(this.count); this.count = count;
    this.child = copyI(this.child); this.point = copyI(this.point);
    this.cap = cap;
  }

  private quadrant(node: number, x: number, y: number): number {
    return this.child[node] + (x >= this.cx[node] ? 1 : 0) + (y >= this.cy[node] ? 2 : 0);
  }

  private split(node: number): void {
    const h = this.half[node] / 2;
    const first = this.add(this.cx[node] - h, this.cy[node] - h, h);
    this.add(this.cx[node] + h, this.cy[node] - h, h);
    this.add(this.cx[node] - h, this.cy[node] + h, h);
    this.add(this.cx[node] + h, this.cy[node] + h, h);
    this.child[node] = first;
  }

  private insert(i: number, x: number, y: number): void {
    let node = 0;
    for (let depth = 0; ; depth++) {
      const before = this.count[node];
      this.count[node] = before + 1;
      this.sx[node] += x;
      this.sy[node] += y;
      if (this.child[node] >= 0) { node = this.quadrant(node, x, y); continue; }
      if (before === 0) { this.point[node] = i; return; }
      // Points at (nearly) the same place share a leaf instead of splitting forever.
      if (depth >= MAX_DEPTH) return;
      const other = this.point[node];
      this.point[node] = -1;
      this.split(node);
      const ox = this.y[2 * other], oy = this.y[2 * other + 1];
      const into = this.quadrant(node, ox, oy);
      this.count[into] = 1; this.sx[into] = ox; this.sy[into] = oy; this.point[into] = other;
      node = this.quadrant(node, x, y);
    }
  }
}
