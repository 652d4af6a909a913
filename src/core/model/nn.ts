/**
 * fastai's EmbeddingNN (a TabularModel with two categorical inputs): user and item embeddings
 * concatenated, then per hidden layer LinBnDrop(lin_first) = Linear(no bias) -> ReLU -> BatchNorm1d
 * (-> Dropout), then Linear(last, 1) with bias and sigmoid_range.
 */
import type { CollabModel, NamedTensor } from './types';
import { fillLinearUniform, fillTruncNormal, sigmoidRange } from './math';

/** BatchNorm1d's epsilon and running-statistics momentum (PyTorch defaults, used by fastai). */
export const BN_EPS = 1e-5;
export const BN_MOMENTUM = 0.1;

/** One hidden block's weights. */
export interface HiddenLayer {
  nIn: number;
  nOut: number;
  /** Linear weight [nOut, nIn], no bias (the BatchNorm after it has one). */
  weight: Float32Array;
  bnWeight: Float32Array;
  bnBias: Float32Array;
  runningMean: Float32Array;
  runningVar: Float32Array;
}

/** The weights of an NN model. */
export interface NnWeights {
  userEmbedding: Float32Array;
  itemEmbedding: Float32Array;
  hidden: HiddenLayer[];
  /** Final Linear(last, 1): weight [1, last] and bias [1]. */
  outWeight: Float32Array;
  outBias: Float32Array;
}

/** Embeddings + MLP, fastai's `collab_learner(use_nn=True)` model. */
export class EmbeddingNN implements CollabModel {
  readonly kind = 'nn' as const;

  constructor(
    readonly nUsers: number,
    readonly nItems: number,
    /** Embedding widths (fastai's emb_sz_rule unless overridden). */
    readonly userDim: number,
    readonly itemDim: number,
    readonly yRange: [number, number],
    readonly weights: NnWeights,
  ) {}

  /** A fresh model: embeddings trunc-normal std 0.01, Linear PyTorch-uniform, BatchNorm weight 1 and bias 1e-3 (fastai). */
  static create(nUsers: number, nItems: number, userDim: number, itemDim: number, layers: number[],
    yRange: [number, number], random: () => number): EmbeddingNN {
    const userEmbedding = fillTruncNormal(new Float32Array(nUsers * userDim), 0.01, random);
    const itemEmbedding = fillTruncNormal(new Float32Array(nItems * itemDim), 0.01, random);
    const hidden: HiddenLayer[] = [];
    let nIn = userDim + itemDim;
    for (const nOut of layers) {
      hidden.push({
        nIn, nOut,
        weight: fillLinearUniform(new Float32Array(nOut * nIn), nIn, random),
        bnWeight: new Float32Array(nOut).fill(1),
        bnBias: new Float32Array(nOut).fill(1e-3),
        runningMean: new Float32Array(nOut),
        runningVar: new Float32Array(nOut).fill(1),
      });
      nIn = nOut;
    }
    const outWeight = fillLinearUniform(new Float32Array(nIn), nIn, random);
    const outBias = fillLinearUniform(new Float32Array(1), nIn, random);
    return new EmbeddingNN(nUsers, nItems, userDim, itemDim, yRange,
      { userEmbedding, itemEmbedding, hidden, outWeight, outBias });
  }

  /** Hidden layer sizes. */
  get layers(): number[] {
    return this.weights.hidden.map((h) => h.nOut);
  }

  predict(users: Int32Array, items: Int32Array): Float32Array {
    const { userEmbedding, itemEmbedding, hidden, outWeight, outBias } = this.weights;
    const du = this.userDim;
    const di = this.itemDim;
    const [lo, hi] = this.yRange;
    const width = Math.max(du + di, ...hidden.map((h) => h.nOut));
    let x = new Float64Array(width);
    let y = new Float64Array(width);
    const out = new Float32Array(users.length);
    for (let r = 0; r < users.length; r++) {
      const u = users[r] * du;
      const i = items[r] * di;
      for (let f = 0; f < du; f++) x[f] = userEmbedding[u + f];
      for (let f = 0; f < di; f++) x[du + f] = itemEmbedding[i + f];
      for (const h of hidden) {
        for (let o = 0; o < h.nOut; o++) {
          let z = 0;
          const w = o * h.nIn;
          for (let f = 0; f < h.nIn; f++) z += h.weight[w + f] * x[f];
          const a = z > 0 ? z : 0;
          y[o] = (a - h.runningMean[o]) / Math.sqrt(h.runningVar[o] + BN_EPS) * h.bnWeight[o] + h.bnBias[o];
        }
        [x, y] = [y, x];
      }
      let z = outBias[0];
      for (let f = 0; f < outWeight.length; f++) z += outWeight[f] * x[f];
      out[r] = sigmoidRange(z, lo, hi);
    }
    return out;
  }

  tensors(): NamedTensor[] {
    const { userEmbedding, itemEmbedding, hidden, outWeight, outBias } = this.weights;
    const list: NamedTensor[] = [
      { name: 'userEmbedding', shape: [this.nUsers, this.userDim], data: userEmbedding },
      { name: 'itemEmbedding', shape: [this.nItems, this.itemDim], data: itemEmbedding },
    ];
    hidden.forEach((h, l) => {
      list.push(
        { name: `layers.${l}.weight`, shape: [h.nOut, h.nIn], data: h.weight },
        { name: `bn.${l}.weight`, shape: [h.nOut], data: h.bnWeight },
        { name: `bn.${l}.bias`, shape: [h.nOut], data: h.bnBias },
        { name: `bn.${l}.runningMean`, shape: [h.nOut], data: h.runningMean },
        { name: `bn.${l}.runningVar`, shape: [h.nOut], data: h.runningVar },
      );
    });
    const last = hidden.length ? hidden[hidden.length - 1].nOut : this.userDim + this.itemDim;
    list.push({ name: 'out.weight', shape: [1, last], data: outWeight }, { name: 'out.bias', shape: [1], data: outBias });
    return list;
  }
}
