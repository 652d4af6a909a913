// ReLU -> BatchNorm1d split into the parts two threads run on their halves of a batch (the NN's
// data-parallel step, src/core/train/nn-pair.ts): each half's statistics, their merge, the
// normalisation; the gradient sums of each half, then the input gradient from both halves' sums.
//
// How the halves' statistics combine (exact, no second pass): each half computes its mean and its sum
// of squared deviations M2 (two-pass, as bnForward); the batch's are Chan et al.'s pairwise update
//   n = nA + nB,  d = meanB - meanA,  mean = meanA + d * nB / n,  M2 = M2A + M2B + d^2 * nA * nB / n,
// which is algebraically the full batch's mean and M2 (only the rounding of the sums' order differs),
// so the normalisation and the running statistics equal a full-batch BatchNorm's.
import { zeroVec } from './vec';

/** Mean and M2 (sum of squared deviations from the mean) of ReLU(z) over `rows` rows. */
export function bnStats(z: usize, stride: i32, rows: i32, nv: i32, mean: usize, m2: usize): void {
  const rowBytes = <usize>stride << 2;
  const ZERO = f32x4.splat(0);
  zeroVec(mean, nv);
  zeroVec(m2, nv);
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
      v128.store(m2 + o, f32x4.add(v128.load(m2 + o), f32x4.mul(c, c)));
    }
  }
}

/**
 * The batch's mean and 1/std from two halves' bnStats (see above); with `update`, also the running
 * statistics (momentum, unbiased variance, as bnForward). Both threads call it on the same inputs
 * and get the same bits; only one passes update = 1.
 */
export function bnMerge(meanA: usize, m2A: usize, nA: i32, meanB: usize, m2B: usize, nB: i32, nv: i32,
  mean: usize, invStd: usize, runMean: usize, runVar: usize, update: i32, momentum: f32, eps: f32): void {
  const n = nA + nB;
  const WB = f32x4.splat(<f32>nB / <f32>n);
  const WAB = f32x4.splat(<f32>nA * <f32>nB / <f32>n);
  const R = f32x4.splat(1 / <f32>n);
  const EPS = f32x4.splat(eps);
  const ONE = f32x4.splat(1);
  const M = f32x4.splat(momentum);
  const KEEP = f32x4.splat(1 - momentum);
  const UNBIAS = f32x4.splat(n > 1 ? <f32>n / <f32>(n - 1) : 1);
  for (let k = 0; k < nv; k++) {
    const o = <usize>k << 4;
    const a = v128.load(meanA + o);
    const d = f32x4.sub(v128.load(meanB + o), a);
    const mu = f32x4.add(a, f32x4.mul(d, WB));
    const variance = f32x4.mul(f32x4.add(f32x4.add(v128.load(m2A + o), v128.load(m2B + o)), f32x4.mul(f32x4.mul(d, d), WAB)), R);
    v128.store(mean + o, mu);
    v128.store(invStd + o, f32x4.div(ONE, f32x4.sqrt(f32x4.add(variance, EPS))));
    if (update) {
      v128.store(runMean + o, f32x4.add(f32x4.mul(KEEP, v128.load(runMean + o)), f32x4.mul(M, mu)));
      v128.store(runVar + o, f32x4.add(f32x4.mul(KEEP, v128.load(runVar + o)), f32x4.mul(M, f32x4.mul(variance, UNBIAS))));
    }
  }
}

/** h = (ReLU(z) - mean) * invStd * gamma + beta over `rows` rows (bnForward's last pass). */
export function bnApply(z: usize, h: usize, stride: i32, rows: i32, nv: i32, gamma: usize, beta: usize, mean: usize, invStd: usize): void {
  const rowBytes = <usize>stride << 2;
  const ZERO = f32x4.splat(0);
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

/** One half's BatchNorm weight and bias gradient sums (bnBackward's first pass), written at gGamma, gBeta. */
export function bnGradSums(z: usize, dh: usize, stride: i32, rows: i32, nv: i32, gGamma: usize, gBeta: usize, mean: usize, invStd: usize): void {
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
}

/** dz over one half's `rows` rows (bnBackward's second pass), from both halves' sums and the batch's size n. */
export function bnGradInput(z: usize, dh: usize, dz: usize, stride: i32, rows: i32, n: i32, nv: i32, gamma: usize,
  gGammaA: usize, gGammaB: usize, gBetaA: usize, gBetaB: usize, mean: usize, invStd: usize): void {
  const rowBytes = <usize>stride << 2;
  const ZERO = f32x4.splat(0);
  const N = f32x4.splat(<f32>n);
  const RN = f32x4.splat(1 / <f32>n);
  for (let b = 0; b < rows; b++) {
    const zr = z + <usize>b * rowBytes;
    const dr = dh + <usize>b * rowBytes;
    const outr = dz + <usize>b * rowBytes;
    for (let k = 0; k < nv; k++) {
      const o = <usize>k << 4;
      const zv = v128.load(zr + o);
      const is = v128.load(invStd + o);
      const g = v128.load(gamma + o);
      const gg = f32x4.add(v128.load(gGammaA + o), v128.load(gGammaB + o));
      const gb = f32x4.add(v128.load(gBetaA + o), v128.load(gBetaB + o));
      const xhat = f32x4.mul(f32x4.sub(f32x4.max(zv, ZERO), v128.load(mean + o)), is);
      const inner = f32x4.sub(f32x4.mul(N, f32x4.mul(v128.load(dr + o), g)), f32x4.mul(g, f32x4.add(gb, f32x4.mul(xhat, gg))));
      v128.store(outr + o, v128.and(f32x4.mul(f32x4.mul(is, RN), inner), f32x4.gt(zv, ZERO)));
    }
  }
}

/** dst += src over nv vectors (the two threads' gradient halves into one). */
export function addVecs(dst: usize, src: usize, nv: i32): void {
  for (let k = 0; k < nv; k++) {
    const o = <usize>k << 4;
    v128.store(dst + o, f32x4.add(v128.load(dst + o), v128.load(src + o)));
  }
}
