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
 * The fit's thread's share of the first Linear's Adam update. After the backward pass each side updates
 * one embedding table (sparse Adam on the batch's rows: users on the fit's thread, ~60 rows x 76 floats
 * for the book's model on ML-100K; items on the helper, ~60 x 104) and a share of the dense parameters
 * (the fit's thread: all but the first Linear, ~5.4 k floats); the first Linear's 17.6 k floats split
 * 40 | 60 leaves ~17 k floats each. (Before, the fit's thread did the whole sparse update and the other
 * small parameters, the helper the first Linear: by the one-thread profile ~35 us a step against ~14 us, which the other side waited out at the next step's first barrier.)
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
