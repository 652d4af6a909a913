/** fastai's EmbeddingDotBias: sigmoid_range(u . i + bu + bi, lo, hi). */
import type { CollabModel, NamedTensor } from './types';
import { fillTruncNormal, sigmoidRange } from './math';

/** The weights of a dot model, row-major. */
export interface DotWeights {
  userWeight: Float32Array;
  itemWeight: Float32Array;
  userBias: Float32Array;
  itemBias: Float32Array;
}

/** Factor matrices (row-major, `k` floats a row) and optional biases, as a dot model or an imported run holds them. */
export interface DotFactors {
  userWeight: Float32Array;
  itemWeight: Float32Array;
  userBias?: Float32Array;
  itemBias?: Float32Array;
}

/**
 * The dot model's forward pass, the one copy of it (the model's predict and the analyses' scorer):
 * sigmoid_range(u . i + bu + bi, lo, hi) for each (user, item) index pair; a missing bias counts
 * as 0 and a missing yRange leaves the raw sum (imported factors).
 */
export function dotForward(w: DotFactors, k: number, yRange: readonly [number, number] | undefined,
  users: Int32Array, items: Int32Array): Float32Array {
  const { userWeight, itemWeight, userBias, itemBias } = w;
  const out = new Float32Array(users.length);
  for (let r = 0; r < users.length; r++) {
    const u = users[r];
    const i = items[r];
    let x = (userBias?.[u] ?? 0) + (itemBias?.[i] ?? 0);
    for (let f = 0; f < k; f++) x += userWeight[u * k + f] * itemWeight[i * k + f];
    out[r] = yRange ? sigmoidRange(x, yRange[0], yRange[1]) : x;
  }
  return out;
}

/** User and item factors plus biases; the prediction is their dot product squashed into yRange. */
export class EmbeddingDotBias implements CollabModel {
  readonly kind = 'dot' as const;

  constructor(
    readonly nFactors: number,
    readonly nUsers: number,
    readonly nItems: number,
    readonly yRange: [number, number],
    readonly weights: DotWeights,
  ) {}

  /** A fresh model with fastai's init: truncated normal, std 0.01, for factors and biases alike. */
  static create(nFactors: number, nUsers: number, nItems: number, yRange: [number, number], random: () => number): EmbeddingDotBias {
    const tn = (n: number): Float32Array => fillTruncNormal(new Float32Array(n), 0.01, random);
    return new EmbeddingDotBias(nFactors, nUsers, nItems, yRange, {
      userWeight: tn(nUsers * nFactors), itemWeight: tn(nItems * nFactors), userBias: tn(nUsers), itemBias: tn(nItems),
    });
  }

  predict(users: Int32Array, items: Int32Array): Float32Array {
    return dotForward(this.weights, this.nFactors, this.yRange, users, items);
  }

  tensors(): NamedTensor[] {
    const { userWeight, itemWeight, userBias, itemBias } = this.weights;
    return [
      { name: 'userWeight', shape: [this.nUsers, this.nFactors], data: userWeight },
      { name: 'itemWeight', shape: [this.nItems, this.nFactors], data: itemWeight },
      { name: 'userBias', shape: [this.nUsers], data: userBias },
      { name: 'itemBias', shape: [this.nItems], data: itemBias },
    ];
  }
}
