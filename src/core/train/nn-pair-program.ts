/**
 * The NN's data-parallel step as data: the kernel calls each of two threads makes on its half of a
 * batch (side 0, the fit's thread: rows [0, h); side 1, the helper: rows [h, bs)), with barriers where
 * one side needs the other's results. Both sides' lists come from this one function, so the two can
 * never disagree on the order of barriers; the helper thread runs its list from plain data
 * (nn-pair.ts), the fit's thread runs its list with its own tasks at the `main` marks.
 *
 * Per step: [fit's thread marks the batch's embedding rows] | barrier | own rows' embeddings into x0 | per layer: Linear on own rows, own rows'
 * BatchNorm statistics, barrier, both merge the halves' statistics (exact, Chan's pairwise formula,
 * assembly/batchnorm-split.ts; only side 0 updates the running statistics), normalise own rows | output
 * Linear | barrier | [loss over all rows] | barrier | backward on own rows, writing own weight-gradient
 * copies; per BatchNorm a barrier so both see both halves' gamma/beta gradient sums | barrier | each
 * side sums the two gradient copies of the parameters it owns and runs Adam on them (side 1: the first
 * Linear, the largest; side 0: the rest, and [the embeddings' scatter and sparse Adam]).
 */
import { BN_EPS, BN_MOMENTUM } from '../model/nn';
import type { KernelPairFunctions, NnPairLayout } from './nn-pair-layout';

/**
 * A kernel argument: a number, or one of the step's values plus `add`: the Adam coefficients at 0-7
 * (b1, c1, b2, c2, step, rdb2, decay, eps), the batch's first record (byte offset) at BATCH.
 */
export type PairArg = number | { coef: number; add?: number };

/** The step value holding the batch's byte offset. */
export const BATCH = 8;

/** One entry of a side's list. */
export type PairOp =
  | { kernel: KernelPairFunctions; args: PairArg[] }
  | { barrier: true }
  /** The fit's thread's own work at this point (the helper skips it). */
  | { main: 'loss' | 'sparse' };

/** Adam's coefficients as arguments (decay replaced by 1 for parameters without weight decay). */
function adamArgs(decayed: boolean): PairArg[] {
  return [{ coef: 0 }, { coef: 1 }, { coef: 2 }, { coef: 3 }, { coef: 4 }, { coef: 5 }, decayed ? { coef: 6 } : 1, { coef: 7 }];
}

/** The list of kernel calls and barriers of one side of a step. */
export function pairProgram(L: NnPairLayout, side: 0 | 1, bs: number): PairOp[] {
  const h = bs >> 1;
  const [r0, n] = side ? [h, bs - h] : [0, h];
  const ops: PairOp[] = [];
  const call = (kernel: KernelPairFunctions, ...args: PairArg[]): void => void ops.push({ kernel, args });
  const barrier = (): void => void ops.push({ barrier: true });
  barrier();
  call('gatherRows', { coef: BATCH, add: r0 * 12 }, n, L.userTable, L.su, L.userDim, L.itemTable, L.si, L.itemDim, L.x0 + r0 * L.s0 * 4, L.s0);
  let hIn = L.x0;
  let sIn = L.s0;
  L.layers.forEach((ly, l) => {
    const nv = ly.sOut >> 2;
    const at = r0 * ly.sOut * 4;
    const pair = L.pair.layers[l];
    call('linearForward', hIn + r0 * sIn * 4, sIn, ly.weight.p, ly.z + at, ly.sOut, n, ly.nOut, sIn >> 2);
    call('bnStats', ly.z + at, ly.sOut, n, nv, pair.statMean[side], pair.statM2[side]);
    barrier();
    call('bnMerge', pair.statMean[0], pair.statM2[0], h, pair.statMean[1], pair.statM2[1], bs - h, nv,
      pair.mean[side], pair.invStd[side], ly.runMean, ly.runVar, side ? 0 : 1, BN_MOMENTUM, BN_EPS);
    call('bnApply', ly.z + at, ly.h + at, ly.sOut, n, nv, ly.bn.p, ly.bn.p + ly.sOut * 4, pair.mean[side], pair.invStd[side]);
    hIn = ly.h;
    sIn = ly.sOut;
  });
  call('linearForward', hIn + r0 * sIn * 4, sIn, L.outWeight.p, L.out + r0 * 4, 1, n, 1, sIn >> 2);
  barrier();
  ops.push({ main: 'loss' });
  barrier();
  const last = L.layers.length ? L.layers[L.layers.length - 1] : null;
  const [hLast, dhLast, sLast] = last ? [last.h, last.dh, last.sOut] : [L.x0, L.dx0, L.s0];
  call('linearGradW', L.dOut + r0 * 4, 1, hLast + r0 * sLast * 4, sLast, L.pair.outWeight[side], n, 1, sLast >> 2);
  call('linearGradX', L.dOut + r0 * 4, 1, L.outWeight.p, dhLast + r0 * sLast * 4, sLast, n, 1, sLast >> 2);
  for (let l = L.layers.length - 1; l >= 0; l--) {
    const ly = L.layers[l];
    const pair = L.pair.layers[l];
    const nv = ly.sOut >> 2;
    const at = r0 * ly.sOut * 4;
    const [g0, g1] = pair.bn;
    call('bnGradSums', ly.z + at, ly.dh + at, ly.sOut, n, nv, pair.bn[side], pair.bn[side] + ly.sOut * 4, pair.mean[side], pair.invStd[side]);
    barrier();
    call('bnGradInput', ly.z + at, ly.dh + at, ly.dz + at, ly.sOut, n, bs, nv, ly.bn.p, g0, g1, g0 + ly.sOut * 4, g1 + ly.sOut * 4,
      pair.mean[side], pair.invStd[side]);
    const [hPrev, dhPrev] = l ? [L.layers[l - 1].h, L.layers[l - 1].dh] : [L.x0, L.dx0];
    call('linearGradW', ly.dz + at, ly.sOut, hPrev + r0 * ly.sIn * 4, ly.sIn, pair.weight[side], n, ly.nOut, ly.sIn >> 2);
    call('linearGradX', ly.dz + at, ly.sOut, ly.weight.p, dhPrev + r0 * ly.sIn * 4, ly.sIn, n, ly.nOut, ly.sIn >> 2);
  }
  barrier();
  // Adam, each parameter on the side that owns it: the two gradient copies summed into side 0's
  for (const owned of L.pair.adam.filter((a) => a.side === side)) {
    const { param: d, copies, decayed } = owned;
    if (copies) call('addVecs', copies[0], copies[1], d.floats >> 2);
    call('adamDense', d.p, d.m, d.v, copies ? copies[0] : d.g, d.floats >> 2, ...adamArgs(decayed));
  }
  if (side === 0) ops.push({ main: 'sparse' });
  return ops;
}
