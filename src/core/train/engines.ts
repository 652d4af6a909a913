/** Chooses the training engine for a model's kind and plans its memory. */
import type { TrainConfig } from '../run/types';
import type { CollabModel } from '../model/types';
import { EmbeddingDotBias } from '../model/dot';
import { EmbeddingNN } from '../model/nn';
import type { Kernels, MemoryPlan } from '../../kernels';
import type { Engine } from './engine';
import { DotEngine, planDot } from './dot-engine';
import { NnEngine, planNn } from './nn-engine';

/** Reserves the model's memory in `plan`; returns how to build its engine once the kernels exist. */
export function planEngine(model: CollabModel, bs: number, plan: MemoryPlan): (kernels: Kernels, config: TrainConfig) => Engine {
  if (model instanceof EmbeddingDotBias) {
    const layout = planDot(model, bs, plan);
    return (kernels) => new DotEngine(model, layout, kernels);
  }
  if (model instanceof EmbeddingNN) {
    const layout = planNn(model, bs, plan);
    return (kernels, config) => new NnEngine(model, layout, kernels, config);
  }
  throw new Error(`no training engine for a '${model.kind}' model`);
}
