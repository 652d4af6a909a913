/** Chooses the training engine for a model's kind and plans its memory. */
import { availableParallelism, loadavg } from 'node:os';
import type { TrainConfig } from '../run/types';
import type { CollabModel } from '../model/types';
import { EmbeddingDotBias } from '../model/dot';
import { EmbeddingNN } from '../model/nn';
import type { Kernels, MemoryPlan } from '../../kernels';
import type { Engine } from './engine';
import { DotEngine, planDot, type DotLayout } from './dot-engine';
import { NnEngine, planNn } from './nn-engine';
import { planNnPair } from './nn-pair-layout';
import { NnPairEngine } from './nn-pair';

/** A planned engine: how to build it once the kernels exist, and the dot model's layout (for Hogwild). */
export interface PlannedEngine {
  make(kernels: Kernels, config: TrainConfig): Engine;
  dot?: { model: EmbeddingDotBias; layout: DotLayout };
  /** Threads the engine trains on (the NN: 1 or 2). */
  threads: number;
}

/** How many threads the NN trains on: 1, 2, or 'auto' (2 where it pays, see nnThreadsFor). */
export type NnThreads = 1 | 2 | 'auto';

/**
 * Multiply-adds of one NN step (forward and both backward products) below which a second thread does
 * not pay: the threads meet at ~8 barriers a step, ~1 us each when both run, and the helper takes
 * ~30 ms to start. The book's [100, 50] on ML-100K is ~4.4 M a step (2 threads: 1.9x faster); the unit
 * tests' [24, 12] at bs 32 is ~0.2 M (a step of ~15 us: barriers would eat the gain).
 */
const PAIR_MIN_MACS_PER_STEP = 1_000_000;
/** Steps below which the helper's start-up is not paid back. */
const PAIR_MIN_STEPS = 200;

/**
 * The NN's thread count under `wanted`: 2 only with WebAssembly kernels, no dropout (its masks come from
 * one seeded stream), halves of 16+ rows, and for 'auto' enough work and a core to spare: two cores,
 * and a 1-minute load average below cores - 1 (where (Linux, macOS) it is known: Windows reports 0).
 * On a busy machine the threads' barriers wait for a thread that is not running: measured here at
 * load 12 on 2 cores, 2 threads took 3x the wall time of one.
 */
export function nnThreadsFor(model: EmbeddingNN, config: TrainConfig, bs: number, steps: number, wanted: NnThreads, wasm: boolean,
  machine: { cores: number; load: number } = { cores: availableParallelism(), load: loadavg()[0] }): 1 | 2 {
  if (wanted === 1 || !wasm || config.dropout > 0 || bs < 32) return 1;
  if (wanted === 2) return 2;
  const macs = 3 * bs * model.weights.hidden.reduce((sum, h) => sum + h.nIn * h.nOut, 0);
  const spareCore = machine.cores >= 2 && machine.load < machine.cores - 1;
  return spareCore && macs >= PAIR_MIN_MACS_PER_STEP && steps >= PAIR_MIN_STEPS ? 2 : 1;
}

/** Reserves the model's memory in `plan`; `nnThreads` is the NN's thread count (nnThreadsFor). */
export function planEngine(model: CollabModel, bs: number, plan: MemoryPlan, nnThreads: 1 | 2 = 1): PlannedEngine {
  if (model instanceof EmbeddingDotBias) {
    const layout = planDot(model, bs, plan);
    return { make: (kernels) => new DotEngine(model, layout, kernels), dot: { model, layout }, threads: 1 };
  }
  if (model instanceof EmbeddingNN) {
    const layout = planNn(model, bs, plan);
    if (nnThreads === 2) {
      const pair = planNnPair(layout, model, plan);
      // the TypeScript fallback (no WebAssembly SIMD here after all) has no shared memory: one thread
      return {
        make: (kernels, config) => (kernels.wasm ? new NnPairEngine(model, pair, kernels, config, bs) : new NnEngine(model, pair, kernels, config)),
        threads: 2,
      };
    }
    return { make: (kernels, config) => new NnEngine(model, layout, kernels, config), threads: 1 };
  }
  throw new Error(`no training engine for a '${model.kind}' model`);
}
