/**
 * The extra memory of the NN's two-thread step (nn-pair-program.ts): a second copy of every weight
 * gradient (the helper thread's half), each half's BatchNorm statistics, the helper's copy of the
 * batch's mean and 1/std, and which thread runs Adam on which parameter.
 */
import type { Kernels, MemoryPlan } from '../../kernels';
import type { DenseParam, NnLayout } from './nn-layout';

/** The kernels a side's list calls. */
export type KernelPairFunctions = keyof Pick<Kernels, 'gatherRows' | 'linearForward' | 'linearGradW' | 'linearGradX' | 'bnStats' | 'bnMerge'
  | 'bnApply' | 'bnGradSums' | 'bnGradInput' | 'addVecs' | 'adamDense'
  | 'scatterRows' | 'adamRows' | 'bnForward'>;

/** Byte offsets indexed by side (0: the fit's thread, 1: the helper). */
export type BySide = [number, number];

/** One hidden layer's two-thread buffers. */
export interface PairLayer {
  /** Each half's mean and M2 of ReLU(z) (sOut floats each). */
  statMean: BySide;
  statM2: BySide;
  /** Each side's copy of the merged mean and 1/std (side 0's are the layer's own). */
  mean: BySide;
  invStd: BySide;
  /** Each side's gradient of the Linear weight, and of the BatchNorm weight | bias (side 0's are the layer's own). */
  weight: BySide;
  bn: BySide;
}

/** A share of a parameter's Adam update: floats [from, to), on which side, with which gradient copies summed (null: side 0's only). */
export interface OwnedAdam {
  param: DenseParam;
  from: number;
  to: number;
  side: 0 | 1;
  copies: BySide | null;
  decayed: boolean;
}

/**
 * The fit's thread's share of the first Linear's Adam update. The step's last phase (after the backward
 * pass) is the embeddings' sparse Adam (users on the fit's thread, items on the helper) and dense Adam;
 * for the book's [100, 50] on ML-100K that is ~4.5 k user floats + ~5.4 k of the other dense parameters
 * on the fit's thread against ~6.2 k item floats on the helper, so the first Linear's 17.6 k floats
 * split 40 | 60 leaves both sides ~17 k floats (before: the fit's thread ~16 k, the helper 17.6 k...
 * measured ~35 us against ~14 us a step, as the whole sparse update was the fit thread's).
 */
const FIRST_LINEAR_SHARE_0 = 0.4;

export interface NnPairLayout extends NnLayout {
  /** Embedding widths (floats used of each row). */
  userDim: number;
  itemDim: number;
  pair: { layers: PairLayer[]; outWeight: BySide; adam: OwnedAdam[] };
}

/** Reserves the two-thread step's buffers after `layout`'s. */
export function planNnPair(layout: NnLayout, dims: { userDim: number; itemDim: number }, plan: MemoryPlan): NnPairLayout {
  const layers = layout.layers.map((ly): PairLayer => ({
    statMean: [plan.floats(ly.sOut), plan.floats(ly.sOut)],
    statM2: [plan.floats(ly.sOut), plan.floats(ly.sOut)],
    mean: [ly.mean, plan.floats(ly.sOut)],
    invStd: [ly.invStd, plan.floats(ly.sOut)],
    weight: [ly.weight.g, plan.floats(ly.weight.floats)],
    bn: [ly.bn.g, plan.floats(ly.bn.floats)],
  }));
  const outWeight: BySide = [layout.outWeight.g, plan.floats(layout.outWeight.floats)];
  const whole = (param: DenseParam, copies: BySide | null, decayed: boolean): OwnedAdam =>
    ({ param, from: 0, to: param.floats, side: 0, copies, decayed });
  const adam: OwnedAdam[] = layout.layers.flatMap((ly, l): OwnedAdam[] => {
    const bn = whole(ly.bn, layers[l].bn, false);
    if (l > 0) return [whole(ly.weight, layers[l].weight, true), bn];
    const floats = ly.weight.floats;
    const cut = 4 * Math.round((floats * (1 - FIRST_LINEAR_SHARE_0)) / 4);
    return [{ ...whole(ly.weight, layers[l].weight, true), to: cut, side: 1 }, { ...whole(ly.weight, layers[l].weight, true), from: cut }, bn];
  });
  adam.push(whole(layout.outWeight, outWeight, true));
  adam.push(whole(layout.outBias, null, false));
  return { ...layout, userDim: dims.userDim, itemDim: dims.itemDim, pair: { layers, outWeight, adam } };
}
