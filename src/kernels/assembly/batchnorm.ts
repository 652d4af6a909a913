// ReLU -> BatchNorm1d over rows x (nv vectors).
import { bnStats } from './batchnorm-split';
import { zeroVec } from './vec';

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
    // The mean and M2 (into invStd until it is turned into 1/std below): the same kernel as each half
    // of the two-thread step runs.
    bnStats(z, stride, rows, nv, mean, invStd);
    const M = f32x4.splat(momentum);
    const KEEP = f32x4.splat(1 - momentum);
    const UNBIAS = f32x4.splat(rows > 1 ? <f32>rows / <f32>(rows - 1) : 1);
    const R = f32x4.splat(1 / <f32>rows);
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

