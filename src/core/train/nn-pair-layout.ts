/**
 * The extra memory of the NN's two-thread step (nn-pair-program.ts): a second copy of every weight
 * gradient (the helper thread's half), each half's BatchNorm statistics, the helper's copy of the
 * batch's mean and 1/std, and which thread runs Adam on which parameter.
 */
import type { Kernels, MemoryPlan } from '../../kernels';
import type { DenseParam, NnLayout } from './nn-layout';

/** The kernels a side's list calls. */
export type KernelPairFunctions = keyof Pick<Kernels, 'gatherRows' | 'linearForward' | 'linearGradW' | 'linearGradX' | 'bnStats' | 'bnMerge'
  | 'bnApply' | 'bnGradSums' | 'bnGradInput' | 'addVecs' | 'adamDense'>;

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

/** A parameter's Adam update: on which side, with which gradient copies summed (null: side 0's only). */
export interface OwnedAdam {
  param: DenseParam;
  side: 0 | 1;
  copies: BySide | null;
  decayed: boolean;
}

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
  // the helper runs Adam on the first Linear (the largest tensor), the fit's thread on the rest and on
  // the embeddings' touched rows: about even for the book's [100, 50]
  const adam: OwnedAdam[] = layout.layers.flatMap((ly, l): OwnedAdam[] => [
    { param: ly.weight, side: l === 0 ? 1 : 0, copies: layers[l].weight, decayed: true },
    { param: ly.bn, side: 0, copies: layers[l].bn, decayed: false },
  ]);
  adam.push({ param: layout.outWeight, side: 0, copies: outWeight, decayed: true });
  adam.push({ param: layout.outBias, side: 0, copies: null, decayed: false });
  return { ...layout, userDim: dims.userDim, itemDim: dims.itemDim, pair: { layers, outWeight, adam } };
}
