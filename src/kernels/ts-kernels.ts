/**
 * Plain TypeScript reference of the WebAssembly kernels (assembly/index.ts): same functions, same
 * arguments, same memory layout, scalar loops. The fallback where WebAssembly SIMD is missing, and
 * the yardstick of the agreement test.
 */
import { ADAM_COEF_FLOATS, type Kernels } from './kernels';
import * as split from './ts-batchnorm-split';

const TINY = 1e-30;

/** Reference kernels over a new ArrayBuffer (or a given one). */
export function createTsKernels(bytes: number, memory: ArrayBuffer | SharedArrayBuffer = new ArrayBuffer(bytes)): Kernels {
  return new TsKernels(memory);
}

class TsKernels implements Kernels {
  readonly name = 'ts' as const;
  readonly f32: Float32Array;
  readonly i32: Int32Array;
  readonly f64: Float64Array;
  // dot model layout (dotSetup), as float/int indices
  private uTab = 0;
  private iTab = 0;
  private gradU = 0;
  private gradI = 0;
  private slotU = 0;
  private slotI = 0;
  private listU = 0;
  private listI = 0;
  private s = 0;
  private k = 0;
  private lo = 0;
  private span = 1;

  constructor(readonly memory: ArrayBuffer | SharedArrayBuffer) {
    this.f32 = new Float32Array(memory);
    this.i32 = new Int32Array(memory);
    this.f64 = new Float64Array(memory, 0, memory.byteLength >> 3);
  }

  adamDense(p: number, m: number, v: number, g: number, nv: number,
    b1: number, c1: number, b2: number, c2: number, step: number, rdb2: number, decay: number, eps: number): void {
    this.adam(p >> 2, m >> 2, v >> 2, g >> 2, nv * 4, b1, c1, b2, c2, step, rdb2, decay, eps);
  }

  adamRows(table: number, list: number, count: number, grads: number, nv: number,
    b1: number, c1: number, b2: number, c2: number, step: number, rdb2: number, decay: number, eps: number): void {
    const s = nv * 4;
    const i32 = this.i32;
    for (let q = 0; q < count; q++) {
      const p = (table >> 2) + i32[(list >> 2) + q] * 3 * s;
      this.adam(p, p + s, p + 2 * s, (grads >> 2) + q * s, s, b1, c1, b2, c2, step, rdb2, decay, eps);
    }
  }

  /** The Adam update over n floats (indices, not bytes); `flush` zeroes tiny moments (see TINY in assembly/adam.ts). */
  private adam(p: number, m: number, v: number, g: number, n: number,
    b1: number, c1: number, b2: number, c2: number, step: number, rdb2: number, decay: number, eps: number, flush = true): void {
    const f = this.f32;
    for (let k = 0; k < n; k++) {
      const gk = f[g + k];
      let mk = b1 * f[m + k] + c1 * gk;
      let vk = b2 * f[v + k] + c2 * gk * gk;
      if (flush && Math.abs(mk) < TINY) mk = 0;
      if (flush && vk < TINY) vk = 0;
      f[m + k] = mk;
      f[v + k] = vk;
      f[p + k] = f[p + k] * decay - (step * mk) / (Math.sqrt(vk * rdb2) + eps);
    }
  }

  dotSetup(userTable: number, itemTable: number, userGrads: number, itemGrads: number,
    userSlots: number, itemSlots: number, userList: number, itemList: number, s: number, k: number, lo: number, hi: number): void {
    this.uTab = userTable >> 2;
    this.iTab = itemTable >> 2;
    this.gradU = userGrads >> 2;
    this.gradI = itemGrads >> 2;
    this.slotU = userSlots >> 2;
    this.slotI = itemSlots >> 2;
    this.listU = userList >> 2;
    this.listI = itemList >> 2;
    this.s = s;
    this.k = k;
    this.lo = lo;
    this.span = hi - lo;
  }

  private slotOf(slots: number, list: number, grads: number, row: number, used: number): number {
    const i32 = this.i32;
    let s = i32[slots + row];
    if (s < 0) {
      s = used;
      i32[slots + row] = s;
      i32[list + s] = row;
      this.f32.fill(0, grads + s * this.s, grads + (s + 1) * this.s);
    }
    return s;
  }

  private dot(a: number, b: number): number {
    const f = this.f32;
    let x = 0;
    for (let k = 0; k < this.s; k++) x += f[a + k] * f[b + k];
    return x;
  }

  dotStep(batch: number, bs: number,
    b1: number, c1: number, b2: number, c2: number, step: number, rdb2: number, decay: number, eps: number): number {
    const { f32, i32, s, lo, span } = this;
    const row = 3 * s;
    const gscale = 2 / bs;
    let nu = 0;
    let ni = 0;
    let sse = 0;
    for (let j = 0; j < bs; j++) {
      const rec = (batch >> 2) + j * 3;
      const u = i32[rec];
      const i = i32[rec + 1];
      const r = f32[rec + 2];
      const su = this.slotOf(this.slotU, this.listU, this.gradU, u, nu);
      if (su === nu) nu++;
      const si = this.slotOf(this.slotI, this.listI, this.gradI, i, ni);
      if (si === ni) ni++;
      const pu = this.uTab + u * row;
      const pi = this.iTab + i * row;
      const sig = 1 / (1 + Math.exp(-this.dot(pu, pi)));
      const err = lo + span * sig - r;
      sse += err * err;
      const g = gscale * err * span * sig * (1 - sig);
      const gu = this.gradU + su * s;
      const gi = this.gradI + si * s;
      for (let k = 0; k < s; k++) {
        f32[gu + k] += g * f32[pi + k];
        f32[gi + k] += g * f32[pu + k];
      }
    }
    // Adam without the moment flush (see adamRow in assembly/dot.ts), then the constant-1 lanes and slot marks reset
    for (let q = 0; q < nu; q++) {
      const p = this.uTab + i32[this.listU + q] * row;
      this.adam(p, p + s, p + 2 * s, this.gradU + q * s, s, b1, c1, b2, c2, step, rdb2, decay, eps, false);
      f32[p + this.k + 1] = 1;
      i32[this.slotU + i32[this.listU + q]] = -1;
    }
    for (let q = 0; q < ni; q++) {
      const p = this.iTab + i32[this.listI + q] * row;
      this.adam(p, p + s, p + 2 * s, this.gradI + q * s, s, b1, c1, b2, c2, step, rdb2, decay, eps, false);
      f32[p + this.k] = 1;
      i32[this.slotI + i32[this.listI + q]] = -1;
    }
    return sse;
  }

  dotSteps(batch: number, bs: number, count: number, coefs: number, sse: number): void {
    const f32 = this.f32;
    for (let q = 0; q < count; q++) {
      const c = (coefs >> 2) + q * ADAM_COEF_FLOATS;
      this.f64[(sse >> 3) + q] = this.dotStep(batch + q * bs * 12, bs,
        f32[c], f32[c + 1], f32[c + 2], f32[c + 3], f32[c + 4], f32[c + 5], f32[c + 6], f32[c + 7]);
    }
  }

  shuffleRecords(at: number, from: number, to: number, state: number): number {
    const i32 = this.i32;
    const base = at >> 2;
    for (let j = from; j > Math.max(to, 0); j--) {
      // mulberry32, as src/core/data/random.ts
      state = (state + 0x6d2b79f5) >>> 0;
      let t = state;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      const k = Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * (j + 1));
      const a = base + 3 * j;
      const b = base + 3 * k;
      for (let w = 0; w < 3; w++) {
        const x = i32[a + w];
        i32[a + w] = i32[b + w];
        i32[b + w] = x;
      }
    }
    return state;
  }

  recordErrors(triples: number, n: number, pred: number, out: number): void {
    const f32 = this.f32;
    let se = 0;
    let ae = 0;
    for (let j = 0; j < n; j++) {
      const e = f32[(pred >> 2) + j] - f32[(triples >> 2) + 3 * j + 2];
      se += e * e;
      ae += Math.abs(e);
    }
    this.f64[out >> 3] = se;
    this.f64[(out >> 3) + 1] = ae;
  }

  dotPredict(triples: number, n: number, out: number): void {
    const { f32, i32, s, lo, span } = this;
    for (let j = 0; j < n; j++) {
      const rec = (triples >> 2) + j * 3;
      const x = this.dot(this.uTab + i32[rec] * 3 * s, this.iTab + i32[rec + 1] * 3 * s);
      f32[(out >> 2) + j] = lo + span / (1 + Math.exp(-x));
    }
  }

  linearForward(x: number, xStride: number, w: number, y: number, yStride: number, rows: number, nOut: number, nv: number): void {
    const f = this.f32;
    const n = nv * 4;
    for (let b = 0; b < rows; b++) {
      const xr = (x >> 2) + b * xStride;
      const yr = (y >> 2) + b * yStride;
      for (let o = 0; o < nOut; o++) {
        const wr = (w >> 2) + o * n;
        let acc = 0;
        for (let k = 0; k < n; k++) acc += f[xr + k] * f[wr + k];
        f[yr + o] = acc;
      }
    }
  }

  linearGradW(dy: number, dyStride: number, x: number, xStride: number, gw: number, rows: number, nOut: number, nv: number): void {
    const f = this.f32;
    const n = nv * 4;
    for (let o = 0; o < nOut; o++) {
      const g = (gw >> 2) + o * n;
      f.fill(0, g, g + n);
      for (let b = 0; b < rows; b++) {
        const d = f[(dy >> 2) + b * dyStride + o];
        const xr = (x >> 2) + b * xStride;
        for (let k = 0; k < n; k++) f[g + k] += d * f[xr + k];
      }
    }
  }

  linearGradX(dy: number, dyStride: number, w: number, dx: number, dxStride: number, rows: number, nOut: number, nv: number): void {
    const f = this.f32;
    const n = nv * 4;
    for (let b = 0; b < rows; b++) {
      const dxr = (dx >> 2) + b * dxStride;
      f.fill(0, dxr, dxr + n);
      for (let o = 0; o < nOut; o++) {
        const d = f[(dy >> 2) + b * dyStride + o];
        const wr = (w >> 2) + o * n;
        for (let k = 0; k < n; k++) f[dxr + k] += d * f[wr + k];
      }
    }
  }

  bnForward(z: number, h: number, stride: number, rows: number, nv: number, gamma: number, beta: number,
    mean: number, invStd: number, runMean: number, runVar: number, training: number, momentum: number, eps: number): void {
    const f = this.f32;
    const n = nv * 4;
    [z, h, gamma, beta, mean, invStd, runMean, runVar] = [z, h, gamma, beta, mean, invStd, runMean, runVar].map((p) => p >> 2);
    if (training) {
      for (let k = 0; k < n; k++) {
        let sum = 0;
        for (let b = 0; b < rows; b++) sum += Math.max(f[z + b * stride + k], 0);
        const mu = sum / rows;
        let sq = 0;
        for (let b = 0; b < rows; b++) {
          const c = Math.max(f[z + b * stride + k], 0) - mu;
          sq += c * c;
        }
        const variance = sq / rows;
        f[mean + k] = mu;
        f[runMean + k] = (1 - momentum) * f[runMean + k] + momentum * mu;
        f[runVar + k] = (1 - momentum) * f[runVar + k] + momentum * variance * (rows > 1 ? rows / (rows - 1) : 1);
        f[invStd + k] = 1 / Math.sqrt(variance + eps);
      }
    } else {
      for (let k = 0; k < n; k++) {
        f[mean + k] = f[runMean + k];
        f[invStd + k] = 1 / Math.sqrt(f[runVar + k] + eps);
      }
    }
    for (let b = 0; b < rows; b++) {
      for (let k = 0; k < n; k++) {
        const at = b * stride + k;
        f[h + at] = (Math.max(f[z + at], 0) - f[mean + k]) * f[invStd + k] * f[gamma + k] + f[beta + k];
      }
    }
  }

  bnBackward(z: number, dh: number, dz: number, stride: number, rows: number, nv: number, gamma: number,
    gGamma: number, gBeta: number, mean: number, invStd: number): void {
    const f = this.f32;
    const n = nv * 4;
    // The weight and bias gradient sums: the same function each half of the two-thread step runs.
    split.bnGradSums(f, z, dh, stride, rows, nv, gGamma, gBeta, mean, invStd);
    [z, dh, dz, gamma, gGamma, gBeta, mean, invStd] = [z, dh, dz, gamma, gGamma, gBeta, mean, invStd].map((p) => p >> 2);
    for (let b = 0; b < rows; b++) {
      for (let k = 0; k < n; k++) {
        const at = b * stride + k;
        if (f[z + at] <= 0) {
          f[dz + at] = 0;
          continue;
        }
        const xhat = (f[z + at] - f[mean + k]) * f[invStd + k];
        const g = f[gamma + k];
        f[dz + at] = (f[invStd + k] / rows) * (rows * f[dh + at] * g - g * (f[gBeta + k] + xhat * f[gGamma + k]));
      }
    }
  }

  bnStats(z: number, stride: number, rows: number, nv: number, mean: number, m2: number): void {
    split.bnStats(this.f32, z, stride, rows, nv, mean, m2);
  }

  bnMerge(meanA: number, m2A: number, nA: number, meanB: number, m2B: number, nB: number, nv: number,
    mean: number, invStd: number, runMean: number, runVar: number, update: number, momentum: number, eps: number): void {
    split.bnMerge(this.f32, meanA, m2A, nA, meanB, m2B, nB, nv, mean, invStd, runMean, runVar, update, momentum, eps);
  }

  bnApply(z: number, h: number, stride: number, rows: number, nv: number, gamma: number, beta: number, mean: number, invStd: number): void {
    split.bnApply(this.f32, z, h, stride, rows, nv, gamma, beta, mean, invStd);
  }

  bnGradSums(z: number, dh: number, stride: number, rows: number, nv: number, gGamma: number, gBeta: number, mean: number, invStd: number): void {
    split.bnGradSums(this.f32, z, dh, stride, rows, nv, gGamma, gBeta, mean, invStd);
  }

  bnGradInput(z: number, dh: number, dz: number, stride: number, rows: number, n: number, nv: number, gamma: number,
    gGammaA: number, gGammaB: number, gBetaA: number, gBetaB: number, mean: number, invStd: number): void {
    split.bnGradInput(this.f32, z, dh, dz, stride, rows, n, nv, gamma, gGammaA, gGammaB, gBetaA, gBetaB, mean, invStd);
  }

  addVecs(dst: number, src: number, nv: number): void {
    split.addVecs(this.f32, dst, src, nv);
  }

  touchRows(records: number, rows: number, field: number, slots: number, list: number, grads: number, s: number): number {
    return split.touchRows(this.f32, this.i32, records, rows, field, slots, list, grads, s);
  }

  gatherRows(records: number, rows: number, userTable: number, su: number, du: number, itemTable: number, si: number, di: number,
    x0: number, s0: number): void {
    split.gatherRows(this.f32, this.i32, records, rows, userTable, su, du, itemTable, si, di, x0, s0);
  }

  scatterRows(records: number, rows: number, dx0: number, s0: number, userSlots: number, userGrads: number, su: number, du: number,
    itemSlots: number, itemGrads: number, si: number, di: number): void {
    split.scatterRows(this.f32, this.i32, records, rows, dx0, s0, userSlots, userGrads, su, du, itemSlots, itemGrads, si, di);
  }
}
