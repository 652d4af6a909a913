/**
 * The training kernels' contract: the same functions, implemented in WebAssembly SIMD
 * (assembly/index.ts, compiled by build-kernels.mjs) and in plain TypeScript (ts-kernels.ts, the
 * reference and fallback). Pointers are byte offsets into `memory`, vector pointers 16-byte aligned,
 * strides in floats; see assembly/index.ts for the layouts.
 */

export type KernelName = 'wasm-simd' | 'wasm-relaxed-simd' | 'ts';

/** Bytes at the start of the memory left to the WebAssembly module's own static data. */
export const RESERVED_BYTES = 65536;

/** Floats per step in dotSteps' coefficient table: b1, c1, b2, c2, step, rdb2, decay, eps (src/core/train/adam.ts). */
export const ADAM_COEF_FLOATS = 8;

/** The kernel functions over one memory. */
export interface Kernels {
  readonly name: KernelName;
  readonly memory: ArrayBuffer | SharedArrayBuffer;
  readonly f32: Float32Array;
  readonly i32: Int32Array;
  readonly f64: Float64Array;
  /** The compiled module and its memory, for worker threads joining a shared memory (WebAssembly kernels only). */
  readonly wasm?: { module: WebAssembly.Module; memory: WebAssembly.Memory };
  /** ReLU -> BatchNorm in parts, for two threads on the halves of a batch (assembly/batchnorm-split.ts). */
  bnStats(z: number, stride: number, rows: number, nv: number, mean: number, m2: number): void;
  bnMerge(meanA: number, m2A: number, nA: number, meanB: number, m2B: number, nB: number, nv: number,
    mean: number, invStd: number, runMean: number, runVar: number, update: number, momentum: number, eps: number): void;
  bnApply(z: number, h: number, stride: number, rows: number, nv: number, gamma: number, beta: number, mean: number, invStd: number): void;
  bnGradSums(z: number, dh: number, stride: number, rows: number, nv: number, gGamma: number, gBeta: number, mean: number, invStd: number): void;
  bnGradInput(z: number, dh: number, dz: number, stride: number, rows: number, n: number, nv: number, gamma: number,
    gGammaA: number, gGammaB: number, gBetaA: number, gBetaB: number, mean: number, invStd: number): void;
  /** dst += src over nv vectors. */
  addVecs(dst: number, src: number, nv: number): void;
  /** The NN's embedding rows of a batch (assembly/gather.ts): gradient slots for one table's touched rows (returns how many), */
  touchRows(records: number, rows: number, field: number, slots: number, list: number, grads: number, s: number): number;
  /** the rows' parameters into x0, */
  gatherRows(records: number, rows: number, userTable: number, su: number, du: number, itemTable: number, si: number, di: number,
    x0: number, s0: number): void;
  /** and x0's gradient added to their slots. */
  scatterRows(records: number, rows: number, dx0: number, s0: number, userSlots: number, userGrads: number, su: number, du: number,
    itemSlots: number, itemGrads: number, si: number, di: number): void;
  adamDense(p: number, m: number, v: number, g: number, nv: number,
    b1: number, c1: number, b2: number, c2: number, step: number, rdb2: number, decay: number, eps: number): void;
  adamRows(table: number, list: number, count: number, grads: number, nv: number,
    b1: number, c1: number, b2: number, c2: number, step: number, rdb2: number, decay: number, eps: number): void;
  dotSetup(userTable: number, itemTable: number, userGrads: number, itemGrads: number,
    userSlots: number, itemSlots: number, userList: number, itemList: number, s: number, k: number, lo: number, hi: number): void;
  dotStep(batch: number, bs: number,
    b1: number, c1: number, b2: number, c2: number, step: number, rdb2: number, decay: number, eps: number): number;
  /** `count` dotStep calls on consecutive batches, coefficients from the table at `coefs`, f64 SSEs written at `sse`. */
  dotSteps(batch: number, bs: number, count: number, coefs: number, sse: number): void;
  dotPredict(triples: number, n: number, out: number): void;
  /** f64 sums of squared and absolute errors of n f32 predictions at `pred` against the records' ratings, written at out, out + 8. */
  recordErrors(triples: number, n: number, pred: number, out: number): void;
  /** Fisher-Yates positions from..max(to,0)+1 of n records at `at`, mulberry32 from `state`; returns the next state. */
  shuffleRecords(at: number, from: number, to: number, state: number): number;
  linearForward(x: number, xStride: number, w: number, y: number, yStride: number, rows: number, nOut: number, nv: number): void;
  linearGradW(dy: number, dyStride: number, x: number, xStride: number, gw: number, rows: number, nOut: number, nv: number): void;
  linearGradX(dy: number, dyStride: number, w: number, dx: number, dxStride: number, rows: number, nOut: number, nv: number): void;
  bnForward(z: number, h: number, stride: number, rows: number, nv: number, gamma: number, beta: number,
    mean: number, invStd: number, runMean: number, runVar: number, training: number, momentum: number, eps: number): void;
  bnBackward(z: number, dh: number, dz: number, stride: number, rows: number, nv: number, gamma: number,
    gGamma: number, gBeta: number, mean: number, invStd: number): void;
}

/** A 16-byte-aligned bump allocator that plans a memory layout before the memory exists. */
export class MemoryPlan {
  private top = RESERVED_BYTES;

  /** Reserves n floats (or int32s); returns the byte offset. */
  floats(n: number): number {
    const at = this.top;
    this.top += Math.ceil((n * 4) / 64) * 64;
    return at;
  }

  /** Total bytes planned so far. */
  get bytes(): number {
    return this.top;
  }
}
