/**
 * Training engine of the NN model. The matrix products and ReLU + BatchNorm run in the kernels
 * (WebAssembly SIMD or the TypeScript reference); BatchNorm uses batch statistics in training and
 * running statistics in inference, with PyTorch's momentum 0.1 and unbiased running variance.
 * Dropout, the loss and the embedding gather/scatter are plain loops here (O(batch x width) against
 * the products' O(batch x width^2)). Dense Adam on the MLP; sparse Adam with touched-row decay on the
 * embeddings (see dot-engine.ts for why). As fastai (wd_bn_bias=False), BatchNorm parameters and the
 * output bias get no weight decay.
 */
import type { TrainConfig } from '../run/types';
import { BN_EPS, BN_MOMENTUM, type EmbeddingNN } from '../model/nn';
import { seededRandom } from '../data/random';
import type { Kernels } from '../../kernels';
import type { AdamStep } from './adam';
import type { Engine } from './engine';
import { transferNn, type DenseParam, type NnLayout } from './nn-layout';

export { planNn } from './nn-layout';

/** The NN model trained on one thread. */
export class NnEngine implements Engine {
  protected readonly f32: Float32Array;
  protected readonly i32: Int32Array;
  private readonly masks: Float32Array[];
  private readonly dropout: number;
  private readonly random: () => number;
  private readonly lo: number;
  private readonly span: number;

  constructor(protected readonly model: EmbeddingNN, protected readonly layout: NnLayout, protected readonly k: Kernels, config: TrainConfig) {
    this.f32 = k.f32;
    this.i32 = k.i32;
    transferNn(model, layout, k.f32, true);
    this.i32.fill(-1, layout.userSlots >> 2, (layout.userSlots >> 2) + model.nUsers);
    this.i32.fill(-1, layout.itemSlots >> 2, (layout.itemSlots >> 2) + model.nItems);
    this.dropout = config.dropout > 0 ? config.dropout : 0;
    this.masks = this.dropout ? layout.layers.map((l) => new Float32Array(layout.rows * l.sOut)) : [];
    this.random = seededRandom(config.seed + 2);
    [this.lo, this.span] = [model.yRange[0], model.yRange[1] - model.yRange[0]];
  }

  step(batch: number, bs: number, a: AdamStep): number {
    const { layout: L, k } = this;
    const { nu, ni } = this.gather(batch, bs, true);
    this.forward(bs, true);
    const sse = this.loss(batch, bs);
    const last = L.layers.length ? L.layers[L.layers.length - 1] : null;
    const [hLast, dhLast, sLast] = last ? [last.h, last.dh, last.sOut] : [L.x0, L.dx0, L.s0];
    k.linearGradW(L.dOut, 1, hLast, sLast, L.outWeight.g, bs, 1, sLast >> 2);
    k.linearGradX(L.dOut, 1, L.outWeight.p, dhLast, sLast, bs, 1, sLast >> 2);
    for (let l = L.layers.length - 1; l >= 0; l--) {
      const ly = L.layers[l];
      this.bnBackward(l, bs);
      const [hIn, dhIn] = l ? [L.layers[l - 1].h, L.layers[l - 1].dh] : [L.x0, L.dx0];
      k.linearGradW(ly.dz, ly.sOut, hIn, ly.sIn, ly.weight.g, bs, ly.nOut, ly.sIn >> 2);
      k.linearGradX(ly.dz, ly.sOut, ly.weight.p, dhIn, ly.sIn, bs, ly.nOut, ly.sIn >> 2);
    }
    for (const ly of L.layers) {
      this.adamDense(ly.weight, a, a.decay);
      this.adamDense(ly.bn, a, 1);
    }
    this.adamDense(L.outWeight, a, a.decay);
    this.adamDense(L.outBias, a, 1);
    this.sparseUpdate(batch, bs, nu, ni, a);
    return sse;
  }

  /** The batch's squared-error sum; writes the loss gradient w.r.t. the outputs (MSE through sigmoid_range, mean over the batch) and the output bias's gradient. */
  protected loss(batch: number, bs: number): number {
    const { f32, layout: L } = this;
    const bias = f32[L.outBias.p >> 2];
    let sse = 0;
    let dBias = 0;
    for (let b = 0; b < bs; b++) {
      const s = 1 / (1 + Math.exp(-(f32[(L.out >> 2) + b] + bias)));
      const err = this.lo + this.span * s - f32[(batch >> 2) + 3 * b + 2];
      sse += err * err;
      const d = (2 / bs) * err * this.span * s * (1 - s);
      f32[(L.dOut >> 2) + b] = d;
      dBias += d;
    }
    f32[L.outBias.g >> 2] = dBias;
    return sse;
  }

  /** The embeddings' update: scatters the input gradient into the touched rows' slots, sparse Adam on those rows, clears the slot marks. */
  protected sparseUpdate(batch: number, bs: number, nu: number, ni: number, a: AdamStep): void {
    const { i32, layout: L, k, model } = this;
    k.scatterRows(batch, bs, L.dx0, L.s0, L.userSlots, L.userGrads, L.su, model.userDim, L.itemSlots, L.itemGrads, L.si, model.itemDim);
    k.adamRows(L.userTable, L.userList, nu, L.userGrads, L.su >> 2, a.b1, a.c1, a.b2, a.c2, a.step, a.rdb2, a.decay, a.eps);
    k.adamRows(L.itemTable, L.itemList, ni, L.itemGrads, L.si >> 2, a.b1, a.c1, a.b2, a.c2, a.step, a.rdb2, a.decay, a.eps);
    for (let q = 0; q < nu; q++) i32[(L.userSlots >> 2) + i32[(L.userList >> 2) + q]] = -1;
    for (let q = 0; q < ni; q++) i32[(L.itemSlots >> 2) + i32[(L.itemList >> 2) + q]] = -1;
  }

  predict(records: number, n: number, out: number): void {
    const { f32, layout: L } = this;
    for (let start = 0; start < n; start += L.rows) {
      const rows = Math.min(L.rows, n - start);
      this.gather(records + start * 12, rows, false);
      this.forward(rows, false);
      const bias = f32[L.outBias.p >> 2];
      for (let b = 0; b < rows; b++) {
        f32[(out >> 2) + start + b] = this.lo + this.span / (1 + Math.exp(-(f32[(L.out >> 2) + b] + bias)));
      }
    }
  }

  writeBack(): void {
    transferNn(this.model, this.layout, this.f32, false);
  }

  protected adamDense(d: DenseParam, a: AdamStep, decay: number): void {
    this.k.adamDense(d.p, d.m, d.v, d.g, d.floats >> 2, a.b1, a.c1, a.b2, a.c2, a.step, a.rdb2, decay, a.eps);
  }

  /** Copies the records' embedding rows into x0; in training also gives each touched row a zeroed gradient slot. */
  protected gather(records: number, rows: number, training: boolean): { nu: number; ni: number } {
    const touched = training ? this.touch(records, rows) : { nu: 0, ni: 0 };
    const { layout: L, model } = this;
    this.k.gatherRows(records, rows, L.userTable, L.su, model.userDim, L.itemTable, L.si, model.itemDim, L.x0, L.s0);
    return touched;
  }

  /** Gives each user and item row the records touch a zeroed gradient slot; returns how many of each. */
  protected touch(records: number, rows: number): { nu: number; ni: number } {
    const { layout: L, k } = this;
    return {
      nu: k.touchRows(records, rows, 0, L.userSlots, L.userList, L.userGrads, L.su),
      ni: k.touchRows(records, rows, 1, L.itemSlots, L.itemList, L.itemGrads, L.si),
    };
  }

  /** Linear -> ReLU -> BatchNorm (-> dropout) per hidden layer, then the output's Linear (bias added by the caller). */
  private forward(rows: number, training: boolean): void {
    const { f32, layout: L, k } = this;
    let hIn = L.x0;
    let sIn = L.s0;
    L.layers.forEach((ly, l) => {
      const nv = ly.sOut >> 2;
      k.linearForward(hIn, sIn, ly.weight.p, ly.z, ly.sOut, rows, ly.nOut, sIn >> 2);
      k.bnForward(ly.z, ly.h, ly.sOut, rows, nv, ly.bn.p, ly.bn.p + ly.sOut * 4, ly.mean, ly.invStd, ly.runMean, ly.runVar,
        training ? 1 : 0, BN_MOMENTUM, BN_EPS);
      if (training && this.dropout > 0) {
        const mask = this.masks[l];
        const h = ly.h >> 2;
        for (let at = 0; at < rows * ly.sOut; at++) {
          mask[at] = this.random() < this.dropout ? 0 : 1 / (1 - this.dropout);
          f32[h + at] *= mask[at];
        }
      }
      hIn = ly.h;
      sIn = ly.sOut;
    });
    k.linearForward(hIn, sIn, L.outWeight.p, L.out, 1, rows, 1, sIn >> 2);
  }

  /** From dh (gradient w.r.t. the block's output) to dz (w.r.t. the pre-activation) and the BatchNorm gradients. */
  private bnBackward(l: number, bs: number): void {
    const ly = this.layout.layers[l];
    if (this.dropout > 0) {
      const mask = this.masks[l];
      const dh = ly.dh >> 2;
      for (let at = 0; at < bs * ly.sOut; at++) this.f32[dh + at] *= mask[at];
    }
    this.k.bnBackward(ly.z, ly.dh, ly.dz, ly.sOut, bs, ly.sOut >> 2, ly.bn.p, ly.bn.g, ly.bn.g + ly.sOut * 4, ly.mean, ly.invStd);
  }
}
