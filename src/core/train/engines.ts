/** Chooses the training engine for a model's kind and plans its memory. */
import type { TrainConfig } from '../run/types';
import type { CollabModel } from '../model/types';
import { EmbeddingDotBias } from '../model/dot';
import { EmbeddingNN } from '../model/nn';
import type { Kernels, MemoryPlan } from '../../kernels';
import type { Engine } from './engine';
import { DotEngine, planDot, type DotLayout } from './dot-engine';
import { NnEngine, planNn } from './nn-engine';

/** A planned engine: how to build it once the kernels exist, and the dot model's layout (for Hogwild). */
export interface PlannedEngine {
  make(kernels: Kernels, config: TrainConfig): Engine;
  dot?: { model: EmbeddingDotBias; layout: DotLayout };
}

/** Reserves the model's memory in `plan`. */
export function planEngine(model: CollabModel, bs: number, plan: MemoryPlan): PlannedEngine {
  if (model instanceof EmbeddingDotBias) {
    const layout = planDot(model, bs, plan);
    return { make: (kernels) => new DotEngine(model, layout, kernels), dot: { model, layout } };
  }
  if (model instanceof EmbeddingNN) {
    const layout = planNn(model, bs, plan);
    return { make: (kernels, config) => new NnEngine(model, layout, kernels, config) };
  }
  throw new Error(`no training engine for a '${model.kind}' model`);
}
