/**
 * Training engine of the dot model: rows packed for the kernels (see src/kernels/assembly/index.ts),
 * whole batch steps (forward, gradient, sparse Adam), a run of batches per kernel call.
 *
 * Sparse Adam: only the rows a batch touches are updated, and only they are weight-decayed. fastai's
 * dense Adam also decays (and keeps moving, by stale momentum) every untouched row every step;
 * replaying that decay on untouched rows shrinks rare users and items toward nothing (bench/wd-mode.ts,
 * ML-100K valid MSE: touched 0.820, catch-up 0.860, dense 0.819; far worse at 10M), while touched-only
 * decay matches dense Adam, so touched-only it is.
 */
import type { EmbeddingDotBias } from '../model/dot';
import { roundUp4 } from '../model/math';
import type { Kernels, MemoryPlan } from '../../kernels';
import type { AdamStep } from './adam';
import type { Engine, SparseRowScratch } from './engine';

/** Where the dot model lives in the kernels' memory. */
export interface DotLayout extends SparseRowScratch {
  s: number;
  userTable: number;
  itemTable: number;
}

/** Reserves the dot model's memory for batches of up to bs rows. */
export function planDot(model: EmbeddingDotBias, bs: number, plan: MemoryPlan): DotLayout {
  const s = roundUp4(model.nFactors + 2);
  return {
    s,
    userTable: plan.floats(model.nUsers * 3 * s),
    itemTable: plan.floats(model.nItems * 3 * s),
    userGrads: plan.floats(bs * s),
    itemGrads: plan.floats(bs * s),
    userSlots: plan.floats(model.nUsers),
    itemSlots: plan.floats(model.nItems),
    userList: plan.floats(bs),
    itemList: plan.floats(bs),
  };
}

/** Packs a dot model into `kernels`' memory and trains it there. */
export class DotEngine implements Engine {
  constructor(private readonly model: EmbeddingDotBias, private readonly layout: DotLayout, private readonly kernels: Kernels) {
    const { f32, i32 } = kernels;
    const { s, userTable, itemTable } = layout;
    const k = model.nFactors;
    const { userWeight, itemWeight, userBias, itemBias } = model.weights;
    for (let u = 0; u < model.nUsers; u++) {
      const p = (userTable >> 2) + u * 3 * s;
      f32.set(userWeight.subarray(u * k, (u + 1) * k), p);
      f32[p + k] = userBias[u];
      f32[p + k + 1] = 1;
    }
    for (let i = 0; i < model.nItems; i++) {
      const p = (itemTable >> 2) + i * 3 * s;
      f32.set(itemWeight.subarray(i * k, (i + 1) * k), p);
      f32[p + k] = 1;
      f32[p + k + 1] = itemBias[i];
    }
    i32.fill(-1, layout.userSlots >> 2, (layout.userSlots >> 2) + model.nUsers);
    i32.fill(-1, layout.itemSlots >> 2, (layout.itemSlots >> 2) + model.nItems);
    const [lo, hi] = model.yRange;
    kernels.dotSetup(userTable, itemTable, layout.userGrads, layout.itemGrads, layout.userSlots, layout.itemSlots,
      layout.userList, layout.itemList, s, k, lo, hi);
  }

  step(batch: number, bs: number, a: AdamStep): number {
    return this.kernels.dotStep(batch, bs, a.b1, a.c1, a.b2, a.c2, a.step, a.rdb2, a.decay, a.eps);
  }

  steps(batch: number, bs: number, count: number, coefs: number, sse: number): void {
    this.kernels.dotSteps(batch, bs, count, coefs, sse);
  }

  predict(records: number, n: number, out: number): void {
    this.kernels.dotPredict(records, n, out);
  }

  writeBack(): void {
    const { f32 } = this.kernels;
    const { s, userTable, itemTable } = this.layout;
    const model = this.model;
    const k = model.nFactors;
    const { userWeight, itemWeight, userBias, itemBias } = model.weights;
    for (let u = 0; u < model.nUsers; u++) {
      const p = (userTable >> 2) + u * 3 * s;
      userWeight.set(f32.subarray(p, p + k), u * k);
      userBias[u] = f32[p + k];
    }
    for (let i = 0; i < model.nItems; i++) {
      const p = (itemTable >> 2) + i * 3 * s;
      itemWeight.set(f32.subarray(p, p + k), i * k);
      itemBias[i] = f32[p + k + 1];
    }
  }
}
