/**
 * The one fit loop, fastai's `fit_one_cycle` for both models: seeded shuffles, one-cycle lr and
 * beta1, fastai's Adam, MSE loss; valid MSE/RMSE/MAE after every epoch; throttled progress; cancel
 * through an AbortSignal checked after each kernel call (one batch, or a run of batches of a few
 * thousand records); yields to the event loop so messages get through. The steps of an epoch are
 * EpochLoop's (epoch-loop.ts).
 */
import type { RatingsDataset } from '../data/types';
import type { EpochMetrics, TrainConfig } from '../run/types';
import type { CollabModel } from '../model/types';
import { createKernels, MemoryPlan, type Kernels, type KernelPreference } from '../../kernels';
import { nnThreadsFor, planEngine, type NnThreads } from './engines';
import { EmbeddingNN } from '../model/nn';
import { EpochLoop } from './epoch-loop';
import { fitShape, planFitMemory, type FitMemory } from './fit-memory';
import { abortError, LoopClock } from './loop-clock';
import { RecordShuffle } from './record-shuffle';
import { oneCycle } from './schedule';
import { writeTriplesWork } from './triples';
import { Pacer, type PacedWork, type PlannedStage } from '../data/paced';
import { Hogwild, planHogwild } from './hogwild';

/** Progress after a batch (throttled; the last batch of each epoch is always reported). */
export interface BatchProgress {
  /** 1-based epoch. */
  epoch: number;
  /** 0-based batch within the epoch. */
  batch: number;
  batchesPerEpoch: number;
  /** 1-based global step. */
  step: number;
  totalSteps: number;
  /** fastai's smoothed training loss (EMA beta 0.98, debiased). */
  smoothLoss: number;
  lr: number;
}

/** What the run is about to do. */
export interface TrainBegin {
  /** Kernels in use: 'wasm-simd', 'wasm-relaxed-simd' or 'ts', with '-hogwild-<threads>' (dot) or '-2-threads' (NN). */
  engine: string;
  totalSteps: number;
  batchesPerEpoch: number;
  nTrain: number;
  nValid: number;
}

/** Optional hooks, called synchronously from the loop. */
export interface FitCallbacks {
  onTrainBegin?(info: TrainBegin): void;
  onBatchEnd?(progress: BatchProgress): void;
  onEpochEnd?(metrics: EpochMetrics): void;
}

/** What to train and how: the recipe, hooks, cancel, kernels, threads, and the setup's pacer. */
export interface FitOptions {
  config: TrainConfig;
  callbacks?: FitCallbacks;
  signal?: AbortSignal;
  /** Kernels: 'auto' (WebAssembly SIMD when available), 'wasm' or 'ts'. */
  engine?: KernelPreference;
  /**
   * Threads for Hogwild training of the dot model on the WebAssembly kernels (hogwild.ts); default 1.
   * More than 1 gives up run-to-run determinism; ignored for the NN model and the TypeScript kernels.
   */
  threads?: number;
  /**
   * Threads of the NN model's steps (nn-pair.ts: each batch's rows split between two threads, the same
   * semantics as one): 'auto' (the default) takes 2 where it pays (engines.ts's nnThreadsFor).
   */
  nnThreads?: NnThreads;
  /**
   * Runs the setup before the first batch (FIT_SETUP_PLAN: the rows into the kernels' memory, the
   * first shuffle; seconds on tens of millions of rows), reporting its stages and checking the signal.
   * Default: a pacer on `signal` that reports nothing.
   */
  pacer?: Pacer;
}

/**
 * The stages of fit's setup, and their relative costs (a Pacer's plan; weights comparable to the data
 * preparation's). The model's initial weights come first: its caller draws them (one step, reported once).
 */
export const FIT_SETUP_STAGES = {
  model: { stage: 'initialising the model', weight: 2 },
  rows: { stage: 'copying the rows into the training memory', weight: 3 },
  shuffle: { stage: 'shuffling the rows for the first epoch', weight: 2 },
} as const satisfies Record<string, PlannedStage>;
/** The plan of fit's setup. */
export const FIT_SETUP_PLAN: readonly PlannedStage[] = Object.values(FIT_SETUP_STAGES);

/** The setup: training and validation rows into the kernels' memory, then the first epoch's shuffle. */
function* setupWork(kernels: Kernels, memory: FitMemory, model: CollabModel, data: RatingsDataset, shuffle: RecordShuffle): PacedWork<void> {
  const { rows } = FIT_SETUP_STAGES;
  const nTrain = data.train.length;
  const nRows = nTrain + data.valid.length;
  yield* writeTriplesWork(kernels.i32, kernels.f32, memory.train, data, data.train, model.nUsers, model.nItems,
    (k) => ({ stage: rows.stage, fraction: k / nRows }));
  yield* writeTriplesWork(kernels.i32, kernels.f32, memory.valid, data, data.valid, model.nUsers, model.nItems,
    (k) => ({ stage: rows.stage, fraction: (nTrain + k) / nRows }));
  yield* shuffle.epoch(FIT_SETUP_STAGES.shuffle.stage);
}

/** Trains `model` in place on `data.train`, validating on `data.valid` after each epoch. */
export async function fit(model: CollabModel, data: RatingsDataset, options: FitOptions): Promise<EpochMetrics[]> {
  const { config, callbacks = {}, signal } = options;
  const shape = fitShape(config, data.train.length, data.valid.length);

  const plan = new MemoryPlan();
  const nnThreads = model instanceof EmbeddingNN
    ? nnThreadsFor(model, config, shape.bs, shape.totalSteps, options.nnThreads ?? 'auto', options.engine !== 'ts')
    : 1;
  const planned = planEngine(model, shape.bs, plan, nnThreads);
  const helpers = Math.max(0, Math.floor(options.threads ?? 1) - 1);
  const dot = helpers && options.engine !== 'ts' ? planned.dot : undefined;
  const scratch = dot ? planHogwild(dot.layout, model.nUsers, model.nItems, shape.bs, helpers, plan) : [];
  const memory = planFitMemory(plan, shape);
  const kernels = createKernels(options.engine ?? 'auto', plan.bytes, planned.dot !== undefined);
  const engine = planned.make(kernels, config);
  const shuffle = new RecordShuffle(kernels, memory.train, shape.nTrain, config.seed);
  try {
    await (options.pacer ?? new Pacer({ signal })).run(setupWork(kernels, memory, model, data, shuffle));
  } catch (error) {
    throw signal?.aborted ? abortError() : error;
  }

  const schedule = oneCycle(shape.totalSteps, { lrMax: config.lr });
  const hogwild = dot && kernels.wasm
    ? new Hogwild(kernels, dot.layout, scratch, dot.model.nFactors, model.yRange, shape.batchesPerEpoch, shape.bs, schedule, config.wd)
    : null;
  const loop = new EpochLoop({
    config, shape, schedule, kernels, engine, memory, shuffle, clock: new LoopClock(signal), hogwild, callbacks,
  });
  try {
    callbacks.onTrainBegin?.({
      engine: hogwild ? `${kernels.name}-hogwild-${hogwild.threads}` : engine.stop ? `${kernels.name}-2-threads` : kernels.name,
      totalSteps: shape.totalSteps, batchesPerEpoch: shape.batchesPerEpoch, nTrain: shape.nTrain, nValid: shape.nValid,
    });
    const history: EpochMetrics[] = [];
    for (let epoch = 1; epoch <= config.epochs; epoch++) {
      const started = performance.now();
      // the first epoch's shuffle was part of the setup
      if (epoch > 1) await loop.shuffle();
      await loop.trainEpoch(epoch);
      const valid = await loop.validate();
      const metrics: EpochMetrics = {
        epoch, trainLoss: loop.trainLoss, validMse: valid.mse, validRmse: valid.rmse, validMae: valid.mae,
        seconds: (performance.now() - started) / 1000,
      };
      history.push(metrics);
      callbacks.onEpochEnd?.(metrics);
    }
    engine.writeBack();
    return history;
  } finally {
    await hogwild?.stop();
    await engine.stop?.();
  }
}
