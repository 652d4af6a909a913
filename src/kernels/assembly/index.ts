// Training kernels in AssemblyScript, compiled to WebAssembly SIMD (f32x4) by build-kernels.mjs.
// The memory is imported and laid out by the TypeScript engine; every pointer is a byte offset into
// it and every vector pointer is 16-byte aligned. ../ts-kernels.ts is the plain TypeScript reference
// of exactly these functions (same arguments, same memory layout); test/unit/train checks they agree.
//
// Layouts:
//   training triple  12 bytes: i32 user, i32 item, f32 rating
//   embedding row    3 * S floats: p[S] | m[S] | v[S] (parameter, Adam first and second moments)
//   dot model rows   S = roundUp4(K + 2); user row p = [factors(K), bias, 1, 0...], item row p = [factors(K), 1, bias, 0...]
//                    so one S-lane dot product is u.i + bu + bi and the gradient lands in the bias lanes;
//                    the constant 1 lanes are restored after each update.

// ---- dot model state, set once per fit by dotSetup ---------------------------------------------
let uTab: usize = 0;
let iTab: usize = 0;
let gradU: usize = 0;
let gradI: usize = 0;
let slotU: usize = 0;
let slotI: usize = 0;
let listU: usize = 0;
let listI: usize = 0;
let nVec: i32 = 0;
let kFactors: i32 = 0;
let yLo: f32 = 0;
let ySpan: f32 = 1;

@inline function hsum(a: v128): f32 {
  return f32x4.extract_lane(a, 0) + f32x4.extract_lane(a, 1) + f32x4.extract_lane(a, 2) + f32x4.extract_lane(a, 3);
}

@inline function dotVec(a: usize, b: usize, nv: i32): f32 {
  let s0 = f32x4.splat(0);
  let s1 = f32x4.splat(0);
  let k = 0;
  for (; k + 2 <= nv; k += 2) {
    s0 = f32x4.add(s0, f32x4.mul(v128.load(a), v128.load(b)));
    s1 = f32x4.add(s1, f32x4.mul(v128.load(a, 16), v128.load(b, 16)));
    a += 32;
    b += 32;
  }
  if (k < nv) s0 = f32x4.add(s0, f32x4.mul(v128.load(a), v128.load(b)));
  return hsum(f32x4.add(s0, s1));
}

@inline function zeroVec(p: usize, nv: i32): void {
  const z = f32x4.splat(0);
  for (let k = 0; k < nv; k++) v128.store(p + (<usize>k << 4), z);
}

/** Moments smaller than this are flushed to zero: a dead unit's moments otherwise decay into subnormal
 *  floats, which this CPU handles tens of times slower (WebAssembly has no flush-to-zero mode). */
const TINY: f32 = 1e-30;

/** The Adam update (see src/core/train/adam.ts) over nv vectors of p, m, v with gradient g. */
@inline function adamVec(p: usize, m: usize, v: usize, g: usize, nv: i32,
  b1: f32, c1: f32, b2: f32, c2: f32, step: f32, rdb2: f32, decay: f32, eps: f32): void {
  const B1 = f32x4.splat(b1);
  const C1 = f32x4.splat(c1);
  const B2 = f32x4.splat(b2);
  const C2 = f32x4.splat(c2);
  const ST = f32x4.splat(step);
  const RD = f32x4.splat(rdb2);
  const DE = f32x4.splat(decay);
  const EP = f32x4.splat(eps);
  const T = f32x4.splat(TINY);
  for (let k = 0; k < nv; k++) {
    const o = <usize>k << 4;
    const gv = v128.load(g + o);
    let mv = f32x4.add(f32x4.mul(B1, v128.load(m + o)), f32x4.mul(C1, gv));
    let vv = f32x4.add(f32x4.mul(B2, v128.load(v + o)), f32x4.mul(C2, f32x4.mul(gv, gv)));
    mv = v128.and(mv, f32x4.ge(f32x4.abs(mv), T));
    vv = v128.and(vv, f32x4.ge(vv, T));
    v128.store(m + o, mv);
    v128.store(v + o, vv);
    const den = f32x4.add(f32x4.sqrt(f32x4.mul(vv, RD)), EP);
    v128.store(p + o, f32x4.sub(f32x4.mul(v128.load(p + o), DE), f32x4.div(f32x4.mul(ST, mv), den)));
  }
}

/** Adam over dense parameters: nv vectors at p, m, v, g. */
export function adamDense(p: usize, m: usize, v: usize, g: usize, nv: i32,
  b1: f32, c1: f32, b2: f32, c2: f32, step: f32, rdb2: f32, decay: f32, eps: f32): void {
  adamVec(p, m, v, g, nv, b1, c1, b2, c2, step, rdb2, decay, eps);
}

/** Adam over the embedding rows listed at `list` (count i32 row indices); row q's gradient is at grads + q*nv*16. */
export function adamRows(table: usize, list: usize, count: i32, grads: usize, nv: i32,
  b1: f32, c1: f32, b2: f32, c2: f32, step: f32, rdb2: f32, decay: f32, eps: f32): void {
  const rowBytes = <usize>nv * 48;
  for (let q = 0; q < count; q++) {
    const p = table + <usize>load<i32>(list + (<usize>q << 2)) * rowBytes;
    adamVec(p, p + (<usize>nv << 4), p + (<usize>nv << 5), grads + <usize>q * (<usize>nv << 4), nv,
      b1, c1, b2, c2, step, rdb2, decay, eps);
  }
}

/** Fixes the dot model's memory layout for the following dotStep / dotPredict calls. */
export function dotSetup(userTable: usize, itemTable: usize, userGrads: usize, itemGrads: usize,
  userSlots: usize, itemSlots: usize, userList: usize, itemList: usize, s: i32, k: i32, lo: f32, hi: f32): void {
  uTab = userTable;
  iTab = itemTable;
  gradU = userGrads;
  gradI = itemGrads;
  slotU = userSlots;
  slotI = itemSlots;
  listU = userList;
  listI = itemList;
  nVec = s >> 2;
  kFactors = k;
  yLo = lo;
  ySpan = hi - lo;
}

/** The slot of `row` in this batch's gradient rows, taking a fresh zeroed one on first touch. */
@inline function slotOf(slots: usize, list: usize, grads: usize, row: i32, used: i32): i32 {
  const at = slots + (<usize>row << 2);
  let s = load<i32>(at);
  if (s < 0) {
    s = used;
    store<i32>(at, s);
    store<i32>(list + (<usize>s << 2), row);
    zeroVec(grads + <usize>s * (<usize>nVec << 4), nVec);
  }
  return s;
}

/**
 * One optimiser step of the dot model on `bs` triples at `batch`: forward, MSE gradient (mean over
 * the batch), then sparse Adam with decoupled weight decay on the rows the batch touched only.
 * Returns the batch's sum of squared errors.
 */
export function dotStep(batch: usize, bs: i32,
  b1: f32, c1: f32, b2: f32, c2: f32, step: f32, rdb2: f32, decay: f32, eps: f32): f64 {
  const nv = nVec;
  const rowBytes = <usize>nv * 48;
  const slotBytes = <usize>nv << 4;
  const gscale: f32 = 2 / <f32>bs;
  let nu = 0;
  let ni = 0;
  let sse: f64 = 0;
  for (let j = 0; j < bs; j++) {
    const rec = batch + <usize>j * 12;
    const u = load<i32>(rec);
    const i = load<i32>(rec, 4);
    const r = load<f32>(rec, 8);
    const su = slotOf(slotU, listU, gradU, u, nu);
    if (su == nu) nu++;
    const si = slotOf(slotI, listI, gradI, i, ni);
    if (si == ni) ni++;
    const pu = uTab + <usize>u * rowBytes;
    const pi = iTab + <usize>i * rowBytes;
    const s: f32 = 1 / (1 + Mathf.exp(-dotVec(pu, pi, nv)));
    const err: f32 = yLo + ySpan * s - r;
    sse += <f64>err * <f64>err;
    const G = f32x4.splat(gscale * err * ySpan * s * (1 - s));
    const gu = gradU + <usize>su * slotBytes;
    const gi = gradI + <usize>si * slotBytes;
    for (let k = 0; k < nv; k++) {
      const o = <usize>k << 4;
      v128.store(gu + o, f32x4.add(v128.load(gu + o), f32x4.mul(G, v128.load(pi + o))));
      v128.store(gi + o, f32x4.add(v128.load(gi + o), f32x4.mul(G, v128.load(pu + o))));
    }
  }
  adamRows(uTab, listU, nu, gradU, nv, b1, c1, b2, c2, step, rdb2, decay, eps);
  adamRows(iTab, listI, ni, gradI, nv, b1, c1, b2, c2, step, rdb2, decay, eps);
  const kb = <usize>kFactors << 2;
  for (let q = 0; q < nu; q++) {
    const u = load<i32>(listU + (<usize>q << 2));
    store<f32>(uTab + <usize>u * rowBytes + kb + 4, 1);
    store<i32>(slotU + (<usize>u << 2), -1);
  }
  for (let q = 0; q < ni; q++) {
    const i = load<i32>(listI + (<usize>q << 2));
    store<f32>(iTab + <usize>i * rowBytes + kb, 1);
    store<i32>(slotI + (<usize>i << 2), -1);
  }
  return sse;
}

/** Predictions of the dot model for n triples at `triples`, written as f32 at `out`. */
export function dotPredict(triples: usize, n: i32, out: usize): void {
  const nv = nVec;
  const rowBytes = <usize>nv * 48;
  for (let j = 0; j < n; j++) {
    const rec = triples + <usize>j * 12;
    const x = dotVec(uTab + <usize>load<i32>(rec) * rowBytes, iTab + <usize>load<i32>(rec, 4) * rowBytes, nv);
    store<f32>(out + (<usize>j << 2), yLo + ySpan / (1 + Mathf.exp(-x)));
  }
}

// ---- dense layers: row-major matrices, strides in floats (multiples of 4), rows nv vectors long --

// Register tiles: the forward pass computes 2 rows x 4 outputs at once, the weight gradient 4 outputs x
// 2 vectors, the input gradient 4 rows x 2 vectors (8 accumulators each), so every loaded vector
// feeds several multiply-adds; the leftovers run one at a time.

/** y[b, o] = x[b, :] . w[o, :] for b < rows, o < nOut (w rows are nv vectors). */
export function linearForward(x: usize, xStride: i32, w: usize, y: usize, yStride: i32, rows: i32, nOut: i32, nv: i32): void {
  const wRow = <usize>nv << 4;
  const xRow = <usize>xStride << 2;
  const yRow = <usize>yStride << 2;
  let b = 0;
  for (; b + 2 <= rows; b += 2) {
    const x0 = x + <usize>b * xRow;
    const x1 = x0 + xRow;
    const y0 = y + <usize>b * yRow;
    const y1 = y0 + yRow;
    let o = 0;
    for (; o + 4 <= nOut; o += 4) {
      const w0 = w + <usize>o * wRow;
      const w1 = w0 + wRow;
      const w2 = w1 + wRow;
      const w3 = w2 + wRow;
      let a00 = f32x4.splat(0), a01 = f32x4.splat(0), a02 = f32x4.splat(0), a03 = f32x4.splat(0);
      let a10 = f32x4.splat(0), a11 = f32x4.splat(0), a12 = f32x4.splat(0), a13 = f32x4.splat(0);
      for (let k = 0; k < nv; k++) {
        const off = <usize>k << 4;
        const u = v128.load(x0 + off);
        const v = v128.load(x1 + off);
        const c0 = v128.load(w0 + off);
        const c1 = v128.load(w1 + off);
        const c2 = v128.load(w2 + off);
        const c3 = v128.load(w3 + off);
        a00 = f32x4.add(a00, f32x4.mul(u, c0));
        a01 = f32x4.add(a01, f32x4.mul(u, c1));
        a02 = f32x4.add(a02, f32x4.mul(u, c2));
        a03 = f32x4.add(a03, f32x4.mul(u, c3));
        a10 = f32x4.add(a10, f32x4.mul(v, c0));
        a11 = f32x4.add(a11, f32x4.mul(v, c1));
        a12 = f32x4.add(a12, f32x4.mul(v, c2));
        a13 = f32x4.add(a13, f32x4.mul(v, c3));
      }
      const p0 = y0 + (<usize>o << 2);
      const p1 = y1 + (<usize>o << 2);
      store<f32>(p0, hsum(a00));
      store<f32>(p0, hsum(a01), 4);
      store<f32>(p0, hsum(a02), 8);
      store<f32>(p0, hsum(a03), 12);
      store<f32>(p1, hsum(a10));
      store<f32>(p1, hsum(a11), 4);
      store<f32>(p1, hsum(a12), 8);
      store<f32>(p1, hsum(a13), 12);
    }
    for (; o < nOut; o++) {
      const wr = w + <usize>o * wRow;
      store<f32>(y0 + (<usize>o << 2), dotVec(x0, wr, nv));
      store<f32>(y1 + (<usize>o << 2), dotVec(x1, wr, nv));
    }
  }
  for (; b < rows; b++) {
    const xr = x + <usize>b * xRow;
    const yr = y + <usize>b * yRow;
    for (let o = 0; o < nOut; o++) store<f32>(yr + (<usize>o << 2), dotVec(xr, w + <usize>o * wRow, nv));
  }
}

/** gw[o, :] = sum over b < rows of dy[b, o] * x[b, :] (overwrites gw). */
export function linearGradW(dy: usize, dyStride: i32, x: usize, xStride: i32, gw: usize, rows: i32, nOut: i32, nv: i32): void {
  const wRow = <usize>nv << 4;
  const xRow = <usize>xStride << 2;
  const dyRow = <usize>dyStride << 2;
  let o = 0;
  for (; o + 4 <= nOut; o += 4) {
    const g0 = gw + <usize>o * wRow;
    const g1 = g0 + wRow;
    const g2 = g1 + wRow;
    const g3 = g2 + wRow;
    const dyo = dy + (<usize>o << 2);
    let k = 0;
    for (; k + 2 <= nv; k += 2) {
      let a0 = f32x4.splat(0), a1 = f32x4.splat(0), a2 = f32x4.splat(0), a3 = f32x4.splat(0);
      let b0 = f32x4.splat(0), b1 = f32x4.splat(0), b2 = f32x4.splat(0), b3 = f32x4.splat(0);
      const xk = x + (<usize>k << 4);
      for (let b = 0; b < rows; b++) {
        const xr = xk + <usize>b * xRow;
        const u = v128.load(xr);
        const v = v128.load(xr, 16);
        const dr = dyo + <usize>b * dyRow;
        const d0 = f32x4.splat(load<f32>(dr));
        const d1 = f32x4.splat(load<f32>(dr, 4));
        const d2 = f32x4.splat(load<f32>(dr, 8));
        const d3 = f32x4.splat(load<f32>(dr, 12));
        a0 = f32x4.add(a0, f32x4.mul(d0, u));
        b0 = f32x4.add(b0, f32x4.mul(d0, v));
        a1 = f32x4.add(a1, f32x4.mul(d1, u));
        b1 = f32x4.add(b1, f32x4.mul(d1, v));
        a2 = f32x4.add(a2, f32x4.mul(d2, u));
        b2 = f32x4.add(b2, f32x4.mul(d2, v));
        a3 = f32x4.add(a3, f32x4.mul(d3, u));
        b3 = f32x4.add(b3, f32x4.mul(d3, v));
      }
      const off = <usize>k << 4;
      v128.store(g0 + off, a0);
      v128.store(g0 + off, b0, 16);
      v128.store(g1 + off, a1);
      v128.store(g1 + off, b1, 16);
      v128.store(g2 + off, a2);
      v128.store(g2 + off, b2, 16);
      v128.store(g3 + off, a3);
      v128.store(g3 + off, b3, 16);
    }
    if (k < nv) {
      let a0 = f32x4.splat(0), a1 = f32x4.splat(0), a2 = f32x4.splat(0), a3 = f32x4.splat(0);
      const xk = x + (<usize>k << 4);
      for (let b = 0; b < rows; b++) {
        const u = v128.load(xk + <usize>b * xRow);
        const dr = dyo + <usize>b * dyRow;
        a0 = f32x4.add(a0, f32x4.mul(f32x4.splat(load<f32>(dr)), u));
        a1 = f32x4.add(a1, f32x4.mul(f32x4.splat(load<f32>(dr, 4)), u));
        a2 = f32x4.add(a2, f32x4.mul(f32x4.splat(load<f32>(dr, 8)), u));
        a3 = f32x4.add(a3, f32x4.mul(f32x4.splat(load<f32>(dr, 12)), u));
      }
      const off = <usize>k << 4;
      v128.store(g0 + off, a0);
      v128.store(g1 + off, a1);
      v128.store(g2 + off, a2);
      v128.store(g3 + off, a3);
    }
  }
  for (; o < nOut; o++) {
    const g = gw + <usize>o * wRow;
    const dyo = dy + (<usize>o << 2);
    for (let k = 0; k < nv; k++) {
      let a = f32x4.splat(0);
      const xk = x + (<usize>k << 4);
      for (let b = 0; b < rows; b++) a = f32x4.add(a, f32x4.mul(f32x4.splat(load<f32>(dyo + <usize>b * dyRow)), v128.load(xk + <usize>b * xRow)));
      v128.store(g + (<usize>k << 4), a);
    }
  }
}

/** dx[b, :] = sum over o < nOut of dy[b, o] * w[o, :] (overwrites dx rows, nv vectors each). */
export function linearGradX(dy: usize, dyStride: i32, w: usize, dx: usize, dxStride: i32, rows: i32, nOut: i32, nv: i32): void {
  const wRow = <usize>nv << 4;
  const dyRow = <usize>dyStride << 2;
  const dxRow = <usize>dxStride << 2;
  let b = 0;
  for (; b + 4 <= rows; b += 4) {
    const d0r = dy + <usize>b * dyRow;
    const d1r = d0r + dyRow;
    const d2r = d1r + dyRow;
    const d3r = d2r + dyRow;
    const x0 = dx + <usize>b * dxRow;
    const x1 = x0 + dxRow;
    const x2 = x1 + dxRow;
    const x3 = x2 + dxRow;
    let k = 0;
    for (; k + 2 <= nv; k += 2) {
      let a0 = f32x4.splat(0), a1 = f32x4.splat(0), a2 = f32x4.splat(0), a3 = f32x4.splat(0);
      let b0 = f32x4.splat(0), b1 = f32x4.splat(0), b2 = f32x4.splat(0), b3 = f32x4.splat(0);
      const wk = w + (<usize>k << 4);
      for (let o = 0; o < nOut; o++) {
        const wr = wk + <usize>o * wRow;
        const u = v128.load(wr);
        const v = v128.load(wr, 16);
        const oo = <usize>o << 2;
        const d0 = f32x4.splat(load<f32>(d0r + oo));
        const d1 = f32x4.splat(load<f32>(d1r + oo));
        const d2 = f32x4.splat(load<f32>(d2r + oo));
        const d3 = f32x4.splat(load<f32>(d3r + oo));
        a0 = f32x4.add(a0, f32x4.mul(d0, u));
        b0 = f32x4.add(b0, f32x4.mul(d0, v));
        a1 = f32x4.add(a1, f32x4.mul(d1, u));
        b1 = f32x4.add(b1, f32x4.mul(d1, v));
        a2 = f32x4.add(a2, f32x4.mul(d2, u));
        b2 = f32x4.add(b2, f32x4.mul(d2, v));
        a3 = f32x4.add(a3, f32x4.mul(d3, u));
        b3 = f32x4.add(b3, f32x4.mul(d3, v));
      }
      const off = <usize>k << 4;
      v128.store(x0 + off, a0);
      v128.store(x0 + off, b0, 16);
      v128.store(x1 + off, a1);
      v128.store(x1 + off, b1, 16);
      v128.store(x2 + off, a2);
      v128.store(x2 + off, b2, 16);
      v128.store(x3 + off, a3);
      v128.store(x3 + off, b3, 16);
    }
    if (k < nv) {
      let a0 = f32x4.splat(0), a1 = f32x4.splat(0), a2 = f32x4.splat(0), a3 = f32x4.splat(0);
      const wk = w + (<usize>k << 4);
      for (let o = 0; o < nOut; o++) {
        const u = v128.load(wk + <usize>o * wRow);
        const oo = <usize>o << 2;
        a0 = f32x4.add(a0, f32x4.mul(f32x4.splat(load<f32>(d0r + oo)), u));
        a1 = f32x4.add(a1, f32x4.mul(f32x4.splat(load<f32>(d1r + oo)), u));
        a2 = f32x4.add(a2, f32x4.mul(f32x4.splat(load<f32>(d2r + oo)), u));
        a3 = f32x4.add(a3, f32x4.mul(f32x4.splat(load<f32>(d3r + oo)), u));
      }
      const off = <usize>k << 4;
      v128.store(x0 + off, a0);
      v128.store(x1 + off, a1);
      v128.store(x2 + off, a2);
      v128.store(x3 + off, a3);
    }
  }
  for (; b < rows; b++) {
    const dr = dy + <usize>b * dyRow;
    const xr = dx + <usize>b * dxRow;
    for (let k = 0; k < nv; k++) {
      let a = f32x4.splat(0);
      const wk = w + (<usize>k << 4);
      for (let o = 0; o < nOut; o++) a = f32x4.add(a, f32x4.mul(f32x4.splat(load<f32>(dr + (<usize>o << 2))), v128.load(wk + <usize>o * wRow)));
      v128.store(xr + (<usize>k << 4), a);
    }
  }
}

// ---- ReLU -> BatchNorm1d over rows x (nv vectors); per-feature vectors of nv at mean, invStd, ... -----
// Padding lanes are zero in z, gamma and beta, so they stay zero in h and in the gradients.

/**
 * h = BatchNorm(ReLU(z)). Training: batch statistics (biased variance), running statistics updated
 * with `momentum` (unbiased variance, as PyTorch). Inference: running statistics.
 */
export function bnForward(z: usize, h: usize, stride: i32, rows: i32, nv: i32, gamma: usize, beta: usize,
  mean: usize, invStd: usize, runMean: usize, runVar: usize, training: i32, momentum: f32, eps: f32): void {
  const rowBytes = <usize>stride << 2;
  const ZERO = f32x4.splat(0);
  const EPS = f32x4.splat(eps);
  const ONE = f32x4.splat(1);
  if (training) {
    zeroVec(mean, nv);
    zeroVec(invStd, nv);
    for (let b = 0; b < rows; b++) {
      const zr = z + <usize>b * rowBytes;
      for (let k = 0; k < nv; k++) {
        const o = <usize>k << 4;
        v128.store(mean + o, f32x4.add(v128.load(mean + o), f32x4.max(v128.load(zr + o), ZERO)));
      }
    }
    const R = f32x4.splat(1 / <f32>rows);
    for (let k = 0; k < nv; k++) v128.store(mean + (<usize>k << 4), f32x4.mul(v128.load(mean + (<usize>k << 4)), R));
    for (let b = 0; b < rows; b++) {
      const zr = z + <usize>b * rowBytes;
      for (let k = 0; k < nv; k++) {
        const o = <usize>k << 4;
        const c = f32x4.sub(f32x4.max(v128.load(zr + o), ZERO), v128.load(mean + o));
        v128.store(invStd + o, f32x4.add(v128.load(invStd + o), f32x4.mul(c, c)));
      }
    }
    const M = f32x4.splat(momentum);
    const KEEP = f32x4.splat(1 - momentum);
    const UNBIAS = f32x4.splat(rows > 1 ? <f32>rows / <f32>(rows - 1) : 1);
    for (let k = 0; k < nv; k++) {
      const o = <usize>k << 4;
      const variance = f32x4.mul(v128.load(invStd + o), R);
      v128.store(runMean + o, f32x4.add(f32x4.mul(KEEP, v128.load(runMean + o)), f32x4.mul(M, v128.load(mean + o))));
      v128.store(runVar + o, f32x4.add(f32x4.mul(KEEP, v128.load(runVar + o)), f32x4.mul(M, f32x4.mul(variance, UNBIAS))));
      v128.store(invStd + o, f32x4.div(ONE, f32x4.sqrt(f32x4.add(variance, EPS))));
    }
  } else {
    for (let k = 0; k < nv; k++) {
      const o = <usize>k << 4;
      v128.store(mean + o, v128.load(runMean + o));
      v128.store(invStd + o, f32x4.div(ONE, f32x4.sqrt(f32x4.add(v128.load(runVar + o), EPS))));
    }
  }
  for (let b = 0; b < rows; b++) {
    const zr = z + <usize>b * rowBytes;
    const hr = h + <usize>b * rowBytes;
    for (let k = 0; k < nv; k++) {
      const o = <usize>k << 4;
      const xhat = f32x4.mul(f32x4.sub(f32x4.max(v128.load(zr + o), ZERO), v128.load(mean + o)), v128.load(invStd + o));
      v128.store(hr + o, f32x4.add(f32x4.mul(xhat, v128.load(gamma + o)), v128.load(beta + o)));
    }
  }
}

/** From dh (gradient w.r.t. h) to dz and the BatchNorm weight and bias gradients (training statistics). */
export function bnBackward(z: usize, dh: usize, dz: usize, stride: i32, rows: i32, nv: i32, gamma: usize,
  gGamma: usize, gBeta: usize, mean: usize, invStd: usize): void {
  const rowBytes = <usize>stride << 2;
  const ZERO = f32x4.splat(0);
  zeroVec(gGamma, nv);
  zeroVec(gBeta, nv);
  for (let b = 0; b < rows; b++) {
    const zr = z + <usize>b * rowBytes;
    const dr = dh + <usize>b * rowBytes;
    for (let k = 0; k < nv; k++) {
      const o = <usize>k << 4;
      const xhat = f32x4.mul(f32x4.sub(f32x4.max(v128.load(zr + o), ZERO), v128.load(mean + o)), v128.load(invStd + o));
      const d = v128.load(dr + o);
      v128.store(gGamma + o, f32x4.add(v128.load(gGamma + o), f32x4.mul(d, xhat)));
      v128.store(gBeta + o, f32x4.add(v128.load(gBeta + o), d));
    }
  }
  const N = f32x4.splat(<f32>rows);
  const RN = f32x4.splat(1 / <f32>rows);
  for (let b = 0; b < rows; b++) {
    const zr = z + <usize>b * rowBytes;
    const dr = dh + <usize>b * rowBytes;
    const outr = dz + <usize>b * rowBytes;
    for (let k = 0; k < nv; k++) {
      const o = <usize>k << 4;
      const zv = v128.load(zr + o);
      const is = v128.load(invStd + o);
      const g = v128.load(gamma + o);
      const xhat = f32x4.mul(f32x4.sub(f32x4.max(zv, ZERO), v128.load(mean + o)), is);
      const inner = f32x4.sub(f32x4.mul(N, f32x4.mul(v128.load(dr + o), g)),
        f32x4.mul(g, f32x4.add(v128.load(gBeta + o), f32x4.mul(xhat, v128.load(gGamma + o)))));
      v128.store(outr + o, v128.and(f32x4.mul(f32x4.mul(is, RN), inner), f32x4.gt(zv, ZERO)));
    }
  }
}
