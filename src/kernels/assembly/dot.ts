// The dot model's whole batch step (forward, MSE gradient, sparse Adam) and its predictions.
import { dotVec, zeroVec } from './vec';
import { adamRows } from './adam';

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
/** Sink for the early loads below (kept so the compiler cannot drop them). */
let touched: f32 = 0;
/** Records ahead whose rows are loaded early: WebAssembly has no prefetch instruction, so a plain load
 *  of each cache line of a later record's p|m|v rows starts its cache misses while this one computes. */
const AHEAD = 8;

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
  let early: f32 = 0;
  for (let j = 0; j < bs; j++) {
    const rec = batch + <usize>j * 12;
    if (j + AHEAD < bs) {
      const ahead = rec + AHEAD * 12;
      const ru = uTab + <usize>load<i32>(ahead) * rowBytes;
      const ri = iTab + <usize>load<i32>(ahead, 4) * rowBytes;
      for (let line: usize = 0; line < rowBytes; line += 64) early += load<f32>(ru + line) + load<f32>(ri + line);
    }
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
  touched = early;
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

