// The dot model's batch steps (forward, MSE gradient, sparse Adam) and its predictions.
import { dotVec, sigmoidVec } from './vec';

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
// ---- per-batch counters: rows of each table touched so far -------------------------------------
let usedU: i32 = 0;
let usedI: i32 = 0;
/** Sink for the early loads below (kept so the compiler cannot drop them). */
let touched: f32 = 0;
/** Records ahead whose rows are loaded early: WebAssembly has no prefetch instruction, so a plain load
 *  of each cache line of a later record's p|m|v rows starts its cache misses while this one computes. */
const AHEAD = 8;
/** Bytes of one step's Adam coefficients in dotSteps' table: f32 b1, c1, b2, c2, step, rdb2, decay, eps. */
const COEF_BYTES = 32;

/** Fixes the dot model's memory layout for the following dotStep(s) / dotPredict calls. */
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

/** The slot of `row` in this batch's gradient rows, or -1 - (a fresh slot) on the row's first touch. */
@inline function slotOf(slots: usize, list: usize, row: i32, used: i32): i32 {
  const at = slots + (<usize>row << 2);
  const s = load<i32>(at);
  if (s >= 0) return s;
  store<i32>(at, used);
  store<i32>(list + (<usize>used << 2), row);
  return -1 - used;
}

/** u . i + bu + bi of the record at `rec` (one S-lane dot product, see index.ts). */
@inline function recordDot(rec: usize, rowBytes: usize, nv: i32): f32 {
  return dotVec(uTab + <usize>load<i32>(rec) * rowBytes, iTab + <usize>load<i32>(rec, 4) * rowBytes, nv);
}

/** dst = G * src over nv vectors (a gradient slot's first record). */
@inline function setScaled(dst: usize, src: usize, G: v128, nv: i32): void {
  const end = dst + (<usize>nv << 4);
  for (; dst < end; dst += 16, src += 16) v128.store(dst, f32x4.mul(G, v128.load(src)));
}

/** dst += G * src over nv vectors, two per iteration. */
@inline function addScaled(dst: usize, src: usize, G: v128, nv: i32): void {
  const pairs = dst + (<usize>(nv >> 1) << 5);
  for (; dst < pairs; dst += 32, src += 32) {
    v128.store(dst, f32x4.add(v128.load(dst), f32x4.mul(G, v128.load(src))));
    v128.store(dst, f32x4.add(v128.load(dst, 16), f32x4.mul(G, v128.load(src, 16))), 16);
  }
  if (nv & 1) v128.store(dst, f32x4.add(v128.load(dst), f32x4.mul(G, v128.load(src))));
}

/** Adds g times the other side's row to the gradient slots of the record at `rec`'s user and item
 *  (a slot's first record writes it: no zeroing pass). */
@inline function accumulate(rec: usize, g: f32, rowBytes: usize, nv: i32): void {
  const u = load<i32>(rec);
  const i = load<i32>(rec, 4);
  const pu = uTab + <usize>u * rowBytes;
  const pi = iTab + <usize>i * rowBytes;
  const slotBytes = <usize>nv << 4;
  const G = f32x4.splat(g);
  const su = slotOf(slotU, listU, u, usedU);
  if (su < 0) {
    setScaled(gradU + <usize>usedU * slotBytes, pi, G, nv);
    usedU++;
  } else {
    addScaled(gradU + <usize>su * slotBytes, pi, G, nv);
  }
  const si = slotOf(slotI, listI, i, usedI);
  if (si < 0) {
    setScaled(gradI + <usize>usedI * slotBytes, pu, G, nv);
    usedI++;
  } else {
    addScaled(gradI + <usize>si * slotBytes, pu, G, nv);
  }
}

/** Loads one float of every cache line of the rows of the record at `rec` (see AHEAD). */
@inline function loadEarly(rec: usize, rowBytes: usize): f32 {
  const ru = uTab + <usize>load<i32>(rec) * rowBytes;
  const ri = iTab + <usize>load<i32>(rec, 4) * rowBytes;
  let sum: f32 = 0;
  for (let line: usize = 0; line < rowBytes; line += 64) sum += load<f32>(ru + line) + load<f32>(ri + line);
  return sum;
}

/** Adam (adam.ts's update) of the one vector at p, m, v with gradient g. */
@inline function adam4(p: usize, m: usize, v: usize, g: usize,
  B1: v128, C1: v128, B2: v128, C2: v128, ST: v128, RD: v128, DE: v128, EP: v128): void {
  const gv = v128.load(g);
  const mv = f32x4.add(f32x4.mul(B1, v128.load(m)), f32x4.mul(C1, gv));
  const vv = f32x4.add(f32x4.mul(B2, v128.load(v)), f32x4.mul(C2, f32x4.mul(gv, gv)));
  v128.store(m, mv);
  v128.store(v, vv);
  const den = f32x4.add(f32x4.sqrt(f32x4.mul(vv, RD)), EP);
  v128.store(p, f32x4.sub(f32x4.mul(v128.load(p), DE), f32x4.div(f32x4.mul(ST, mv), den)));
}

/** Adam of one row's nv vectors at p, m, v with gradient g, two vectors per iteration. Unlike
 *  adamVec it does not flush tiny moments: a row is only updated when a batch touches it, so its
 *  moments never decay through long runs of zero gradients into subnormal floats (padding lanes stay 0). */
@inline function adamRow(p: usize, m: usize, v: usize, g: usize, nv: i32,
  B1: v128, C1: v128, B2: v128, C2: v128, ST: v128, RD: v128, DE: v128, EP: v128): void {
  const pairs = p + (<usize>(nv >> 1) << 5);
  for (; p < pairs; p += 32, m += 32, v += 32, g += 32) {
    adam4(p, m, v, g, B1, C1, B2, C2, ST, RD, DE, EP);
    adam4(p + 16, m + 16, v + 16, g + 16, B1, C1, B2, C2, ST, RD, DE, EP);
  }
  if (nv & 1) adam4(p, m, v, g, B1, C1, B2, C2, ST, RD, DE, EP);
}

/**
 * Adam on the `count` rows listed at `list`, whose gradients are in slot order at `grads`; then
 * restores each row's constant-1 lane (at byte `constLane` of the row) and clears its slot mark for
 * the next batch.
 */
function adamTouched(table: usize, list: usize, count: i32, grads: usize, slots: usize, constLane: usize, nv: i32,
  b1: f32, c1: f32, b2: f32, c2: f32, step: f32, rdb2: f32, decay: f32, eps: f32): void {
  const rowBytes = <usize>nv * 48;
  const slotBytes = <usize>nv << 4;
  const B1 = f32x4.splat(b1);
  const C1 = f32x4.splat(c1);
  const B2 = f32x4.splat(b2);
  const C2 = f32x4.splat(c2);
  const ST = f32x4.splat(step);
  const RD = f32x4.splat(rdb2);
  const DE = f32x4.splat(decay);
  const EP = f32x4.splat(eps);
  for (let q = 0; q < count; q++) {
    const row = load<i32>(list + (<usize>q << 2));
    const p = table + <usize>row * rowBytes;
    adamRow(p, p + slotBytes, p + (slotBytes << 1), grads + <usize>q * slotBytes, nv, B1, C1, B2, C2, ST, RD, DE, EP);
    store<f32>(p + constLane, 1);
    store<i32>(slots + (<usize>row << 2), -1);
  }
}

/**
 * One optimiser step of the dot model on `bs` records at `batch`: forward, MSE gradient (mean over
 * the batch), then sparse Adam with decoupled weight decay on the rows the batch touched only.
 * Records up to `end` (a byte address) may be read early. Returns the batch's sum of squared errors.
 */
function step(batch: usize, bs: i32, end: usize,
  b1: f32, c1: f32, b2: f32, c2: f32, stepSize: f32, rdb2: f32, decay: f32, eps: f32): f64 {
  const nv = nVec;
  const rowBytes = <usize>nv * 48;
  const gscale: f32 = 2 / <f32>bs;
  const LO = f32x4.splat(yLo);
  const SPAN = f32x4.splat(ySpan);
  const GS = f32x4.splat(gscale);
  const ONE = f32x4.splat(1);
  usedU = 0;
  usedI = 0;
  let sse: f64 = 0;
  let early: f32 = 0;
  // four records at a time, so their sigmoids are one vector computation; the rows a batch reads do
  // not change until its Adam update, so forward passes may run ahead of gradient accumulation.
  // Lanes are filled and drained by rotating the vectors (loops keep the code small: it compiles faster)
  for (let j = 0; j < bs; j += 4) {
    const rec = batch + <usize>j * 12;
    const m = min(bs - j, 4);
    let x = f32x4.splat(0);
    let r = f32x4.splat(0);
    for (let l = 0; l < 4; l++) {
      const at = rec + <usize>l * 12;
      if (at + AHEAD * 12 < end) early += loadEarly(at + AHEAD * 12, rowBytes);
      let xl: f32 = 0;
      let rl: f32 = 0;
      if (l < m) {
        xl = recordDot(at, rowBytes, nv);
        rl = load<f32>(at, 8);
      }
      x = v128.shuffle<f32>(x, f32x4.splat(xl), 1, 2, 3, 4);
      r = v128.shuffle<f32>(r, f32x4.splat(rl), 1, 2, 3, 4);
    }
    const s = sigmoidVec(x);
    let err = f32x4.sub(f32x4.add(LO, f32x4.mul(SPAN, s)), r);
    // d(err^2)/dx averaged over the batch, in the scalar reference's order: gscale*err*span*s*(1-s)
    let g = f32x4.mul(f32x4.mul(f32x4.mul(f32x4.mul(GS, err), SPAN), s), f32x4.sub(ONE, s));
    for (let l = 0; l < m; l++) {
      const e = <f64>f32x4.extract_lane(err, 0);
      sse += e * e;
      accumulate(rec + <usize>l * 12, f32x4.extract_lane(g, 0), rowBytes, nv);
      err = v128.shuffle<f32>(err, err, 1, 2, 3, 0);
      g = v128.shuffle<f32>(g, g, 1, 2, 3, 0);
    }
  }
  touched = early;
  const kb = <usize>kFactors << 2;
  // user rows keep 1 in lane K+1, item rows in lane K
  adamTouched(uTab, listU, usedU, gradU, slotU, kb + 4, nv, b1, c1, b2, c2, stepSize, rdb2, decay, eps);
  adamTouched(iTab, listI, usedI, gradI, slotI, kb, nv, b1, c1, b2, c2, stepSize, rdb2, decay, eps);
  return sse;
}

/** One step (see step above) on `bs` records at `batch`; returns the batch's sum of squared errors. */
export function dotStep(batch: usize, bs: i32,
  b1: f32, c1: f32, b2: f32, c2: f32, stepSize: f32, rdb2: f32, decay: f32, eps: f32): f64 {
  return step(batch, bs, batch + <usize>bs * 12, b1, c1, b2, c2, stepSize, rdb2, decay, eps);
}

/**
 * `count` steps on consecutive batches of `bs` records from `batch`, in one call: step q reads its
 * Adam coefficients at coefs + 32q (f32 b1, c1, b2, c2, step, rdb2, decay, eps) and writes its batch's
 * sum of squared errors as f64 at sse + 8q.
 */
export function dotSteps(batch: usize, bs: i32, count: i32, coefs: usize, sse: usize): void {
  const batchBytes = <usize>bs * 12;
  const end = batch + <usize>count * batchBytes;
  for (let q = 0; q < count; q++) {
    const c = coefs + <usize>q * COEF_BYTES;
    store<f64>(sse + (<usize>q << 3), step(batch + <usize>q * batchBytes, bs, end,
      load<f32>(c), load<f32>(c, 4), load<f32>(c, 8), load<f32>(c, 12),
      load<f32>(c, 16), load<f32>(c, 20), load<f32>(c, 24), load<f32>(c, 28)));
  }
}

/** Predictions of the dot model for n records at `triples`, written as f32 at `out`. */
export function dotPredict(triples: usize, n: i32, out: usize): void {
  const nv = nVec;
  const rowBytes = <usize>nv * 48;
  const LO = f32x4.splat(yLo);
  const SPAN = f32x4.splat(ySpan);
  for (let j = 0; j < n; j += 4) {
    const rec = triples + <usize>j * 12;
    const m = min(n - j, 4);
    let x = f32x4.splat(0);
    for (let l = 0; l < 4; l++) {
      const xl: f32 = l < m ? recordDot(rec + <usize>l * 12, rowBytes, nv) : 0;
      x = v128.shuffle<f32>(x, f32x4.splat(xl), 1, 2, 3, 4);
    }
    let y = f32x4.add(LO, f32x4.mul(SPAN, sigmoidVec(x)));
    for (let l = 0; l < m; l++) {
      store<f32>(out + (<usize>(j + l) << 2), f32x4.extract_lane(y, 0));
      y = v128.shuffle<f32>(y, y, 1, 2, 3, 0);
    }
  }
}
