/**
 * Plain TypeScript reference of assembly/batchnorm-split.ts and assembly/gather.ts (ReLU -> BatchNorm in the parts two
 * threads run on the halves of a batch); byte offsets as in the WebAssembly kernels.
 */

/** Mean and M2 of ReLU(z) over `rows` rows. */
export function bnStats(f: Float32Array, z: number, stride: number, rows: number, nv: number, mean: number, m2: number): void {
  [z, mean, m2] = [z >> 2, mean >> 2, m2 >> 2];
  for (let k = 0; k < nv * 4; k++) {
    let sum = 0;
    for (let b = 0; b < rows; b++) sum += Math.max(f[z + b * stride + k], 0);
    const mu = sum / rows;
    let sq = 0;
    for (let b = 0; b < rows; b++) {
      const c = Math.max(f[z + b * stride + k], 0) - mu;
      sq += c * c;
    }
    f[mean + k] = mu;
    f[m2 + k] = sq;
  }
}

/** The batch's mean and 1/std from two halves' statistics (Chan's pairwise merge); with `update`, the running statistics. */
export function bnMerge(f: Float32Array, meanA: number, m2A: number, nA: number, meanB: number, m2B: number, nB: number, nv: number,
  mean: number, invStd: number, runMean: number, runVar: number, update: number, momentum: number, eps: number): void {
  [meanA, m2A, meanB, m2B, mean, invStd, runMean, runVar] = [meanA, m2A, meanB, m2B, mean, invStd, runMean, runVar].map((p) => p >> 2);
  const n = nA + nB;
  for (let k = 0; k < nv * 4; k++) {
    const d = f[meanB + k] - f[meanA + k];
    const mu = f[meanA + k] + d * (nB / n);
    const variance = (f[m2A + k] + f[m2B + k] + d * d * ((nA * nB) / n)) / n;
    f[mean + k] = mu;
    f[invStd + k] = 1 / Math.sqrt(variance + eps);
    if (update) {
      f[runMean + k] = (1 - momentum) * f[runMean + k] + momentum * mu;
      f[runVar + k] = (1 - momentum) * f[runVar + k] + momentum * variance * (n > 1 ? n / (n - 1) : 1);
    }
  }
}

/** h = (ReLU(z) - mean) * invStd * gamma + beta over `rows` rows. */
export function bnApply(f: Float32Array, z: number, h: number, stride: number, rows: number, nv: number,
  gamma: number, beta: number, mean: number, invStd: number): void {
  [z, h, gamma, beta, mean, invStd] = [z, h, gamma, beta, mean, invStd].map((p) => p >> 2);
  for (let b = 0; b < rows; b++) {
    for (let k = 0; k < nv * 4; k++) {
      const at = b * stride + k;
      f[h + at] = (Math.max(f[z + at], 0) - f[mean + k]) * f[invStd + k] * f[gamma + k] + f[beta + k];
    }
  }
}

/** One half's BatchNorm weight and bias gradient sums. */
export function bnGradSums(f: Float32Array, z: number, dh: number, stride: number, rows: number, nv: number,
  gGamma: number, gBeta: number, mean: number, invStd: number): void {
  [z, dh, gGamma, gBeta, mean, invStd] = [z, dh, gGamma, gBeta, mean, invStd].map((p) => p >> 2);
  for (let k = 0; k < nv * 4; k++) {
    let gg = 0;
    let gb = 0;
    for (let b = 0; b < rows; b++) {
      const at = b * stride + k;
      gg += f[dh + at] * (Math.max(f[z + at], 0) - f[mean + k]) * f[invStd + k];
      gb += f[dh + at];
    }
    f[gGamma + k] = gg;
    f[gBeta + k] = gb;
  }
}

/** dz over one half's rows from both halves' gradient sums and the batch's size n. */
export function bnGradInput(f: Float32Array, z: number, dh: number, dz: number, stride: number, rows: number, n: number, nv: number,
  gamma: number, gGammaA: number, gGammaB: number, gBetaA: number, gBetaB: number, mean: number, invStd: number): void {
  [z, dh, dz, gamma, gGammaA, gGammaB, gBetaA, gBetaB, mean, invStd] =
    [z, dh, dz, gamma, gGammaA, gGammaB, gBetaA, gBetaB, mean, invStd].map((p) => p >> 2);
  for (let b = 0; b < rows; b++) {
    for (let k = 0; k < nv * 4; k++) {
      const at = b * stride + k;
      if (f[z + at] <= 0) {
        f[dz + at] = 0;
        continue;
      }
      const xhat = (f[z + at] - f[mean + k]) * f[invStd + k];
      const g = f[gamma + k];
      const gg = f[gGammaA + k] + f[gGammaB + k];
      const gb = f[gBetaA + k] + f[gBetaB + k];
      f[dz + at] = (f[invStd + k] / n) * (n * f[dh + at] * g - g * (gb + xhat * gg));
    }
  }
}

/** dst += src over nv vectors. */
export function addVecs(f: Float32Array, dst: number, src: number, nv: number): void {
  for (let k = 0; k < nv * 4; k++) f[(dst >> 2) + k] += f[(src >> 2) + k];
}

/** assembly/gather.ts's touchRows: gradient slots for the rows of one table (field 0 users, 1 items) that `rows` records touch. */
export function touchRows(f: Float32Array, i: Int32Array, records: number, rows: number, field: number,
  slots: number, list: number, grads: number, s: number): number {
  let used = 0;
  for (let b = 0; b < rows; b++) {
    const row = i[(records >> 2) + 3 * b + field];
    if (i[(slots >> 2) + row] >= 0) continue;
    i[(slots >> 2) + row] = used;
    i[(list >> 2) + used] = row;
    f.fill(0, (grads >> 2) + used * s, (grads >> 2) + (used + 1) * s);
    used++;
  }
  return used;
}

/** assembly/gather.ts's gatherRows: the records' user and item parameters into x0's rows. */
export function gatherRows(f: Float32Array, i: Int32Array, records: number, rows: number, userTable: number, su: number, du: number,
  itemTable: number, si: number, di: number, x0: number, s0: number): void {
  for (let b = 0; b < rows; b++) {
    const x = (x0 >> 2) + b * s0;
    const pu = (userTable >> 2) + i[(records >> 2) + 3 * b] * 3 * su;
    const pi = (itemTable >> 2) + i[(records >> 2) + 3 * b + 1] * 3 * si;
    f.copyWithin(x, pu, pu + du);
    f.copyWithin(x + du, pi, pi + di);
  }
}

/** assembly/gather.ts's scatterRows: each record's row of dx0 added to its user's and item's gradient slots. */
export function scatterRows(f: Float32Array, i: Int32Array, records: number, rows: number, dx0: number, s0: number,
  userSlots: number, userGrads: number, su: number, du: number, itemSlots: number, itemGrads: number, si: number, di: number): void {
  for (let b = 0; b < rows; b++) {
    const rec = (records >> 2) + 3 * b;
    const gu = (userGrads >> 2) + i[(userSlots >> 2) + i[rec]] * su;
    const gi = (itemGrads >> 2) + i[(itemSlots >> 2) + i[rec + 1]] * si;
    const dx = (dx0 >> 2) + b * s0;
    for (let k = 0; k < du; k++) f[gu + k] += f[dx + k];
    for (let k = 0; k < di; k++) f[gi + k] += f[dx + du + k];
  }
}
