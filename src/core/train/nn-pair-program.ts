/**
 * The NN's data-parallel step as data: the kernel calls each of two threads makes on its share of a
 * batch (side 0, the fit's thread: rows [0, h); side 1, the helper: rows [h, bs); h is a step value, set
 * before each step: nn-pair.ts moves it to balance the threads), with barriers where one side needs the
 * other's results. Both sides' lists come from this one function, so the two can never disagree on the
 * order of barriers; the helper thread runs its list from plain data (nn-pair-worker.ts), the fit's
 * thread runs its list with its own tasks at the `main` marks.
 *
 * Per step: barrier | [the fit's thread clears the last step's gradient slots and marks the batch's
 * embedding rows] own rows' embeddings into x0 | per layer: Linear on own rows, own rows' BatchNorm
 * statistics, barrier, both merge the halves' statistics (exact, Chan's pairwise formula with the
 * halves' counts, assembly/batchnorm-split.ts; only side 0 updates the running statistics), normalise
 * own rows | output Linear | barrier | [loss over all rows] | barrier | backward on own rows, writing own
 * weight-gradient copies; per BatchNorm a barrier so both see both halves' gamma/beta gradient sums |
 * barrier | one embedding table each (side 0 users, side 1 items: scatter of the input gradient, sparse
 * Adam), then each side's share of the dense parameters (nn-pair-layout.ts): the two gradient copies
 * summed, Adam.
 */
import { BN_EPS, BN_MOMENTUM } from '../model/nn';
import type { KernelPairFunctions, NnPairLayout } from './nn-pair-layout';

/**
 * A kernel argument: a number, or `add` plus a sum of the step's values times factors ([index, factor]
 * pairs): the Adam coefficients at 0-7 (b1, c1, b2, c2, step, rdb2, decay, eps), the batch's first record
 * (byte offset) at BATCH and TAIL_BATCH, the split row at SPLIT, the touched user and item rows at NU, NI.
 */
export type PairArg = number | { terms: [number, number][]; add: number };

/** The step values holding the batch's byte offset, the split row h, the batch's touched user and item rows. */
export const BATCH = 8;
export const SPLIT = 9;
export const NU = 10;
export const NI = 11;
/** The batch's byte offset again, for the step's last phase (the fit's thread sets BATCH for the next step while the helper may still be in it). */
export const TAIL_BATCH = 12;
/** A prediction chunk's first record (byte offset), rows, and rows on the fit's thread. */
export const PRED_RECORDS = 13;
export const PRED_ROWS = 14;
export const PRED_SPLIT = 15;
/** Step values in all. */
export const STEP_VALUES = 16;

/** One step value (times `factor`, plus `add`) as an argument. */
function value(index: number, factor = 1, add = 0): PairArg {
  return { terms: [[index, factor]], add };
}

/** One entry of a side's list. */
export type PairOp =
  | { kernel: KernelPairFunctions; args: PairArg[] }
  | { barrier: true }
  /** The fit's thread's own work at this point (the helper skips it). */
  | { main: 'touch' | 'loss' };

/** Adam's coefficients as arguments (decay replaced by 1 for parameters without weight decay). */
function adamArgs(decayed: boolean): PairArg[] {
  return [value(0), value(1), value(2), value(3), value(4), value(5), decayed ? value(6) : 1, value(7)];
}

/** The list of kernel calls and barriers of one side of a step (rows split at the step value SPLIT, h). */
export function pairProgram(L: NnPairLayout, side: 0 | 1, bs: number): PairOp[] {
  // side 0: rows [0, h), side 1: rows [h, bs); `rows(base, bytes)` is the address of the side's first row
  const n = side ? value(SPLIT, -1, bs) : value(SPLIT);
  const rows = (base: number, bytesPerRow: number): PairArg => (side ? value(SPLIT, bytesPerRow, base) : base);
  const ops: PairOp[] = [];
  const call = (kernel: KernelPairFunctions, ...args: PairArg[]): void => void ops.push({ kernel, args });
  const barrier = (): void => void ops.push({ barrier: true });
  barrier();
  if (side === 0) ops.push({ main: 'touch' });
  const records: PairArg = side ? { terms: [[BATCH, 1], [SPLIT, 12]], add: 0 } : value(BATCH);
  call('gatherRows', records, n, L.userTable, L.su, L.userDim, L.itemTable, L.si, L.itemDim, rows(L.x0, L.s0 * 4), L.s0);
  let hIn = L.x0;
  let sIn = L.s0;
  L.layers.forEach((ly, l) => {
    const nv = ly.sOut >> 2;
    const pair = L.pair.layers[l];
    const [z, hOut] = [rows(ly.z, ly.sOut * 4), rows(ly.h, ly.sOut * 4)];
    call('linearForward', rows(hIn, sIn * 4), sIn, ly.weight.p, z, ly.sOut, n, ly.nOut, sIn >> 2);
    call('bnStats', z, ly.sOut, n, nv, pair.statMean[side], pair.statM2[side]);
    barrier();
    call('bnMerge', pair.statMean[0], pair.statM2[0], value(SPLIT), pair.statMean[1], pair.statM2[1], value(SPLIT, -1, bs), nv,
      pair.mean[side], pair.invStd[side], ly.runMean, ly.runVar, side ? 0 : 1, BN_MOMENTUM, BN_EPS);
    call('bnApply', z, hOut, ly.sOut, n, nv, ly.bn.p, ly.bn.p + ly.sOut * 4, pair.mean[side], pair.invStd[side]);
    hIn = ly.h;
    sIn = ly.sOut;
  });
  call('linearForward', rows(hIn, sIn * 4), sIn, L.outWeight.p, rows(L.out, 4), 1, n, 1, sIn >> 2);
  barrier();
  ops.push({ main: 'loss' });
  barrier();
  const last = L.layers.length ? L.layers[L.layers.length - 1] : null;
  const [hLast, dhLast, sLast] = last ? [last.h, last.dh, last.sOut] : [L.x0, L.dx0, L.s0];
  call('linearGradW', rows(L.dOut, 4), 1, rows(hLast, sLast * 4), sLast, L.pair.outWeight[side], n, 1, sLast >> 2);
  call('linearGradX', rows(L.dOut, 4), 1, L.outWeight.p, rows(dhLast, sLast * 4), sLast, n, 1, sLast >> 2);
  for (let l = L.layers.length - 1; l >= 0; l--) {
    const ly = L.layers[l];
    const pair = L.pair.layers[l];
    const nv = ly.sOut >> 2;
    const [z, dh, dz] = [rows(ly.z, ly.sOut * 4), rows(ly.dh, ly.sOut * 4), rows(ly.dz, ly.sOut * 4)];
    const [g0, g1] = pair.bn;
    call('bnGradSums', z, dh, ly.sOut, n, nv, pair.bn[side], pair.bn[side] + ly.sOut * 4, pair.mean[side], pair.invStd[side]);
    barrier();
    call('bnGradInput', z, dh, dz, ly.sOut, n, bs, nv, ly.bn.p, g0, g1, g0 + ly.sOut * 4, g1 + ly.sOut * 4,
      pair.mean[side], pair.invStd[side]);
    const [hPrev, dhPrev] = l ? [L.layers[l - 1].h, L.layers[l - 1].dh] : [L.x0, L.dx0];
    call('linearGradW', dz, ly.sOut, rows(hPrev, ly.sIn * 4), ly.sIn, pair.weight[side], n, ly.nOut, ly.sIn >> 2);
    call('linearGradX', dz, ly.sOut, ly.weight.p, rows(dhPrev, ly.sIn * 4), ly.sIn, n, ly.nOut, ly.sIn >> 2);
  }
  barrier();
  // the embeddings' update, one table a side (side 0 the users, side 1 the items: their gradient slots
  // and rows are disjoint), then Adam on each dense parameter's share (its two gradient copies summed into side 0's)
  const [du, di] = side ? [0, L.itemDim] : [L.userDim, 0];
  call('scatterRows', value(TAIL_BATCH), bs, L.dx0 + side * L.userDim * 4, L.s0, L.userSlots, L.userGrads, L.su, du, L.itemSlots, L.itemGrads, L.si, di);
  const [table, list, count, grads, s] = side ? [L.itemTable, L.itemList, NI, L.itemGrads, L.si] : [L.userTable, L.userList, NU, L.userGrads, L.su];
  call('adamRows', table, list, value(count), grads, s >> 2, ...adamArgs(true));
  for (const owned of L.pair.adam.filter((a) => a.side === side)) {
    const { param: d, copies, decayed, from, to } = owned;
    const at = from * 4;
    if (copies) call('addVecs', copies[0] + at, copies[1] + at, (to - from) >> 2);
    call('adamDense', d.p + at, d.m + at, d.v + at, (copies ? copies[0] : d.g) + at, (to - from) >> 2, ...adamArgs(decayed));
  }
  return ops;
}

/**
 * Inference on a chunk of records split between the threads (no barrier inside: with the running
 * statistics every row is independent): the rows' embeddings, each block with running BatchNorm
 * statistics, the output's Linear; the fit's thread adds the bias and sigmoid_range for all rows after.
 */
export function predictProgram(L: NnPairLayout, side: 0 | 1): PairOp[] {
  const n = side ? { terms: [[PRED_ROWS, 1], [PRED_SPLIT, -1]], add: 0 } as PairArg : value(PRED_SPLIT);
  const rows = (base: number, bytesPerRow: number): PairArg => (side ? value(PRED_SPLIT, bytesPerRow, base) : base);
  const ops: PairOp[] = [];
  const call = (kernel: KernelPairFunctions, ...args: PairArg[]): void => void ops.push({ kernel, args });
  const records: PairArg = side ? { terms: [[PRED_RECORDS, 1], [PRED_SPLIT, 12]], add: 0 } : value(PRED_RECORDS);
  call('gatherRows', records, n, L.userTable, L.su, L.userDim, L.itemTable, L.si, L.itemDim, rows(L.x0, L.s0 * 4), L.s0);
  let hIn = L.x0;
  let sIn = L.s0;
  L.layers.forEach((ly, l) => {
    const pair = L.pair.layers[l];
    const z = rows(ly.z, ly.sOut * 4);
    call('linearForward', rows(hIn, sIn * 4), sIn, ly.weight.p, z, ly.sOut, n, ly.nOut, sIn >> 2);
    call('bnForward', z, rows(ly.h, ly.sOut * 4), ly.sOut, n, ly.sOut >> 2, ly.bn.p, ly.bn.p + ly.sOut * 4, pair.mean[side], pair.invStd[side],
      ly.runMean, ly.runVar, 0, BN_MOMENTUM, BN_EPS);
    hIn = ly.h;
    sIn = ly.sOut;
  });
  call('linearForward', rows(hIn, sIn * 4), sIn, L.outWeight.p, rows(L.out, 4), 1, n, 1, sIn >> 2);
  return ops;
}
