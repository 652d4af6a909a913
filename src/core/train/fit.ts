/**
 * The one fit loop, fastai's `fit_one_cycle` for both models: seeded shuffles, one-cycle lr and
 * beta1, fastai's Adam, MSE loss; valid MSE/RMSE/MAE after every epoch; throttled progress; cancel
 * through an AbortSignal checked after each kernel call (one batch, or a run of batches of a few
 * thousand records); yields to the event loop so messages get through.
 */
import type { RatingsDataset } from '../data/types';
import type { EpochMetrics, TrainConfig } from '../run/types';
import type { CollabModel } from '../model/types';
import { ADAM_COEF_FLOATS, createKernels, MemoryPlan, type KernelPreference } from '../../kernels';
import { adamStep, setAdamStep, type AdamStep } from './adam';
import { planEngine } from './engines';
import { metricsFromSums } from './metrics';
import { oneCycle, stepCount } from './schedule';
import { SmoothLoss } from './smooth-loss';
import { TRIPLE_BYTES, writeTriplesWork } from './triples';
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
  /** Kernels in use: 'wasm-simd', 'ts', or 'wasm-simd-hogwild-<threads>'. */
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

/** Milliseconds between onBatchEnd calls, and the most the loop runs without yielding. */
const REPORT_MS = 125;
const YIELD_MS = 50;
/** Records shuffled or validated per kernel call (a millisecond or so): short calls let the loop yield on
 *  time, and let a kernel's optimised code take over after its first calls (WebAssembly tiers up between calls). */
const CHUNK = 1 << 14;
/** Training records an engine with multi-batch steps runs per kernel call (a millisecond or two), so
 *  the per-batch work in JavaScript is paid once a call and cancel and progress are still seen often. */
const RECORDS_PER_CALL = 4096;

/** The error fit throws when its signal aborts. */
export function abortError(): Error {
  const error = new Error('training was cancelled');
  error.name = 'AbortError';
  return error;
}

/** True for the error fit throws on cancel. */
export function isAbortError(error: unknown): boolean {
  return error instanceof Error && error.name === 'AbortError';
}

const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Trains `model` in place on `data.train`, validating on `data.valid` after each epoch. */
export async function fit(model: CollabModel, data: RatingsDataset, options: FitOptions): Promise<EpochMetrics[]> {
  const { config, callbacks = {}, signal } = options;
  const nTrain = data.train.length;
  const nValid = data.valid.length;
  if (nTrain === 0) throw new Error('there are no training rows to fit on');
  if (!(config.epochs >= 1 && config.lr > 0 && config.bs >= 1)) {
    throw new Error(`epochs (${config.epochs}), lr (${config.lr}) and bs (${config.bs}) must be positive`);
  }
  const { bs, batchesPerEpoch, totalSteps } = stepCount(nTrain, config.bs, config.epochs);

  const plan = new MemoryPlan();
  const planned = planEngine(model, bs, plan);
  const helpers = Math.max(0, Math.floor(options.threads ?? 1) - 1);
  const dot = helpers && options.engine !== 'ts' ? planned.dot : undefined;
  const scratch = dot ? planHogwild(dot.layout, model.nUsers, model.nItems, bs, helpers, plan) : [];
  const trainAt = plan.floats(nTrain * 3);
  const validAt = plan.floats(nValid * 3);
  // predictions of one validation chunk at a time
  const predAt = plan.floats(Math.min(CHUNK, nValid));
  const batchesPerCall = Math.max(1, Math.floor(RECORDS_PER_CALL / bs));
  const coefAt = plan.floats(batchesPerCall * ADAM_COEF_FLOATS);
  const sseAt = plan.floats(batchesPerCall * 2);
  const errorsAt = plan.floats(4);
  const kernels = createKernels(options.engine ?? 'auto', plan.bytes);
  const engine = planned.make(kernels, config);
  // the shuffle's generator state: mulberry32 seeded like src/core/data/random.ts's seededRandom(seed + 1)
  let shuffleState = (config.seed + 1) >>> 0;
  /** One epoch's shuffle of the training records, a chunk per kernel call, as paced work. */
  function* shuffleWork(stage: string): PacedWork<void> {
    for (let from = nTrain - 1; from > 0; from -= CHUNK) {
      yield { stage, fraction: 1 - from / nTrain };
      shuffleState = kernels.shuffleRecords(trainAt, from, from - CHUNK, shuffleState);
    }
  }
  /** The setup: training and validation rows into the kernels' memory, then the first epoch's shuffle. */
  function* setupWork(): PacedWork<void> {
    const { rows } = FIT_SETUP_STAGES;
    const nRows = nTrain + nValid;
    yield* writeTriplesWork(kernels.i32, kernels.f32, trainAt, data, data.train, model.nUsers, model.nItems,
      (k) => ({ stage: rows.stage, fraction: k / nRows }));
    yield* writeTriplesWork(kernels.i32, kernels.f32, validAt, data, data.valid, model.nUsers, model.nItems,
      (k) => ({ stage: rows.stage, fraction: (nTrain + k) / nRows }));
    yield* shuffleWork(FIT_SETUP_STAGES.shuffle.stage);
  }
  try {
    await (options.pacer ?? new Pacer({ signal })).run(setupWork());
  } catch (error) {
    throw signal?.aborted ? abortError() : error;
  }

  const schedule = oneCycle(totalSteps, { lrMax: config.lr });
  const smooth = new SmoothLoss();
  const adam = adamStep(1, config.lr, 0.9, config.wd);
  const history: EpochMetrics[] = [];
  const hogwild = dot && kernels.wasm
    ? new Hogwild(kernels, dot.layout, scratch, dot.model.nFactors, model.yRange, batchesPerEpoch, bs, schedule, config.wd)
    : null;
  const addBatch = (sse: number): void => smooth.add(sse / bs);
  const setStep = (t: number): AdamStep => setAdamStep(adam, t, schedule.lr[t - 1], schedule.mom[t - 1], config.wd);
  // whole runs of batches per kernel call where the engine can (not with Hogwild, which deals out single batches)
  const multiStep = hogwild ? undefined : engine.steps?.bind(engine);
  /** Runs `count` batches from `batch` (0-based in the epoch), steps t0 + 1 ..., feeding each batch's loss to the smoother. */
  const runBatches = (batch: number, count: number, t0: number): void => {
    const records = trainAt + batch * bs * TRIPLE_BYTES;
    if (multiStep) {
      const { f32, f64 } = kernels;
      for (let q = 0; q < count; q++) {
        const a = setStep(t0 + q + 1);
        const c = (coefAt >> 2) + q * ADAM_COEF_FLOATS;
        f32[c] = a.b1;
        f32[c + 1] = a.c1;
        f32[c + 2] = a.b2;
        f32[c + 3] = a.c2;
        f32[c + 4] = a.step;
        f32[c + 5] = a.rdb2;
        f32[c + 6] = a.decay;
        f32[c + 7] = a.eps;
      }
      multiStep(records, bs, count, coefAt, sseAt);
      for (let q = 0; q < count; q++) addBatch(f64[(sseAt >> 3) + q]);
      return;
    }
    const sse = engine.step(records, bs, setStep(t0 + 1));
    if (hogwild) {
      hogwild.record(batch, sse);
      hogwild.drain(addBatch);
    } else {
      addBatch(sse);
    }
  };
  let lastReport = -Infinity;
  let lastYield = performance.now();
  const pause = async (): Promise<void> => {
    await yieldToEventLoop();
    if (signal?.aborted) throw abortError();
    lastYield = performance.now();
  };

  const trainLoop = async (): Promise<EpochMetrics[]> => {
    callbacks.onTrainBegin?.({
      engine: hogwild ? `${kernels.name}-hogwild-${hogwild.threads}` : kernels.name, totalSteps, batchesPerEpoch, nTrain, nValid,
    });
    for (let epoch = 1; epoch <= config.epochs; epoch++) {
      const started = performance.now();
      const before = (epoch - 1) * batchesPerEpoch;
      // shuffles and validations run in short kernel calls, yielding on time, so a cancel is seen within a fraction of a second
      // (the first epoch's shuffle was part of the setup)
      if (epoch > 1) {
        for (let from = nTrain - 1; from > 0; from -= CHUNK) {
          shuffleState = kernels.shuffleRecords(trainAt, from, from - CHUNK, shuffleState);
          if (performance.now() - lastYield >= YIELD_MS) await pause();
        }
      }
      hogwild?.startEpoch(trainAt, before);
      for (let batch = 0; batch < batchesPerEpoch;) {
        // with Hogwild the helper threads run the other batches of the epoch meanwhile
        if (hogwild && !hogwild.mine(batch)) {
          batch++;
          continue;
        }
        // a progress report that is due is made right after the next single batch
        const reportDue = callbacks.onBatchEnd !== undefined && performance.now() - lastReport >= REPORT_MS;
        const count = multiStep && !reportDue ? Math.min(batchesPerCall, batchesPerEpoch - batch) : 1;
        runBatches(batch, count, before + batch);
        batch += count;
        if (signal?.aborted) throw abortError();
        const last = batch - 1;
        const t = before + batch;
        const now = performance.now();
        if (callbacks.onBatchEnd && (now - lastReport >= REPORT_MS || last >= batchesPerEpoch - (hogwild?.threads ?? 1))) {
          lastReport = now;
          callbacks.onBatchEnd({ epoch, batch: last, batchesPerEpoch, step: t, totalSteps, smoothLoss: smooth.value, lr: schedule.lr[t - 1] });
        }
        if (now - lastYield >= YIELD_MS) await pause();
      }
      if (hogwild) {
        await hogwild.finishEpoch();
        hogwild.drain(addBatch);
      }
      let se = 0;
      let ae = 0;
      for (let start = 0; start < nValid; start += CHUNK) {
        const n = Math.min(CHUNK, nValid - start);
        engine.predict(validAt + start * TRIPLE_BYTES, n, predAt);
        kernels.recordErrors(validAt + start * TRIPLE_BYTES, n, predAt, errorsAt);
        se += kernels.f64[errorsAt >> 3];
        ae += kernels.f64[(errorsAt >> 3) + 1];
        if (performance.now() - lastYield >= YIELD_MS) await pause();
      }
      const valid = metricsFromSums(se, ae, nValid);
      const metrics: EpochMetrics = {
        epoch, trainLoss: smooth.value, validMse: valid.mse, validRmse: valid.rmse, validMae: valid.mae,
        seconds: (performance.now() - started) / 1000,
      };
      history.push(metrics);
      callbacks.onEpochEnd?.(metrics);
    }
    engine.writeBack();
    return history;
  };

  try {
    return await trainLoop();
  } finally {
    await hogwild?.stop();
  }
}
