/**
 * One epoch of fit, as named steps over the state they share: shuffle the training records, train
 * on them batch by batch (or a run of batches per kernel call), validate. Progress is throttled,
 * cancel is checked after each kernel call, and the event loop gets a turn on time (LoopClock).
 */
import type { Kernels } from '../../kernels';
import type { TrainConfig } from '../run/types';
import type { PacedWork } from '../data/paced';
import { ADAM_COEF_FLOATS } from '../../kernels';
import { adamStep, setAdamStep, type AdamStep } from './adam';
import type { Engine } from './engine';
import type { FitCallbacks } from './fit';
import { CHUNK, type FitMemory, type FitShape } from './fit-memory';
import type { Hogwild } from './hogwild';
import type { LoopClock } from './loop-clock';
import { metricsFromSums, type RegressionMetrics } from './metrics';
import type { RecordShuffle } from './record-shuffle';
import type { OneCycle } from './schedule';
import { SmoothLoss } from './smooth-loss';
import { TRIPLE_BYTES } from './triples';

/** What an epoch loop works on. */
export interface EpochLoopParts {
  config: TrainConfig;
  shape: FitShape;
  /** The one-cycle lr and beta1 of every step. */
  schedule: OneCycle;
  kernels: Kernels;
  engine: Engine;
  memory: FitMemory;
  shuffle: RecordShuffle;
  clock: LoopClock;
  /** Helper threads running the other batches of each epoch (the dot model only), or null. */
  hogwild: Hogwild | null;
  /** fit's hooks (onBatchEnd is called from here, as a method of this object). */
  callbacks: FitCallbacks;
}

/** The epochs of one fit: the schedule, the optimiser step and the smoothed loss carried across them. */
export class EpochLoop {
  private readonly smooth = new SmoothLoss();
  private readonly adam: AdamStep;
  /** Whole runs of batches per kernel call where the engine can (not with Hogwild, which deals out single batches). */
  private readonly multiStep: Engine['steps'];
  /** What every step reads, kept at hand: the schedule's lr and beta1 per step, the weight decay, the batch size. */
  private readonly lr: Float64Array;
  private readonly mom: Float64Array;
  private readonly wd: number;
  private readonly bs: number;
  /** Feeds one batch's squared-error sum to the smoothed loss. */
  private readonly addBatch = (sse: number): void => this.smooth.add(sse / this.bs);

  constructor(private readonly parts: EpochLoopParts) {
    const { config, engine, hogwild, schedule } = parts;
    this.lr = schedule.lr;
    this.mom = schedule.mom;
    this.wd = config.wd;
    this.bs = parts.shape.bs;
    this.adam = adamStep(1, config.lr, 0.9, config.wd);
    this.multiStep = hogwild ? undefined : engine.steps?.bind(engine);
  }

  /** fastai's smoothed training loss so far. */
  get trainLoss(): number {
    return this.smooth.value;
  }

  /** Shuffles the training records for the next epoch. */
  async shuffle(): Promise<void> {
    await this.parts.clock.run(this.parts.shuffle.epoch('shuffling'));
  }

  /** Trains one epoch (1-based), reporting progress through onBatchEnd. */
  async trainEpoch(epoch: number): Promise<void> {
    const { shape: { batchesPerEpoch, batchesPerCall }, clock, hogwild, memory, callbacks } = this.parts;
    const before = (epoch - 1) * batchesPerEpoch;
    hogwild?.startEpoch(memory.train, before);
    for (let batch = 0; batch < batchesPerEpoch;) {
      // with Hogwild the helper threads run the other batches of the epoch meanwhile
      if (hogwild && !hogwild.mine(batch)) {
        batch++;
        continue;
      }
      // a progress report that is due is made right after the next single batch
      const reportDue = callbacks.onBatchEnd !== undefined && clock.reportDue(performance.now());
      const count = this.multiStep && !reportDue ? Math.min(batchesPerCall, batchesPerEpoch - batch) : 1;
      this.runBatches(batch, count, before + batch);
      batch += count;
      clock.throwIfAborted();
      const now = performance.now();
      if (callbacks.onBatchEnd) this.report(callbacks, epoch, batch - 1, before + batch, now);
      if (clock.pauseDue(now)) await clock.pause();
    }
    if (hogwild) {
      await hogwild.finishEpoch();
      hogwild.drain(this.addBatch);
    }
  }

  /** The model's validation MSE, RMSE and MAE. */
  validate(): Promise<RegressionMetrics> {
    return this.parts.clock.run(this.validationWork());
  }

  /** Runs `count` batches from `batch` (0-based in the epoch) as steps t0 + 1 ..., feeding each batch's loss to the smoother. */
  private runBatches(batch: number, count: number, t0: number): void {
    const { kernels, engine, memory, shape: { bs }, hogwild } = this.parts;
    const records = memory.train + batch * bs * TRIPLE_BYTES;
    if (this.multiStep) {
      this.writeCoefficients(count, t0);
      this.multiStep(records, bs, count, memory.coefs, memory.sse);
      const { f64 } = kernels;
      for (let q = 0; q < count; q++) this.addBatch(f64[(memory.sse >> 3) + q]);
      return;
    }
    const sse = engine.step(records, bs, this.step(t0 + 1));
    if (hogwild) {
      hogwild.record(batch, sse);
      hogwild.drain(this.addBatch);
    } else {
      this.addBatch(sse);
    }
  }

  /** Step t's Adam coefficients (1-based t, one-cycle lr and beta1). */
  private step(t: number): AdamStep {
    return setAdamStep(this.adam, t, this.lr[t - 1], this.mom[t - 1], this.wd);
  }

  /** Fills the multi-batch call's table with the coefficients of steps t0 + 1 ... t0 + count. */
  private writeCoefficients(count: number, t0: number): void {
    const { f32 } = this.parts.kernels;
    const coefs = this.parts.memory.coefs >> 2;
    for (let q = 0; q < count; q++) {
      const a = this.step(t0 + q + 1);
      const c = coefs + q * ADAM_COEF_FLOATS;
      f32[c] = a.b1;
      f32[c + 1] = a.c1;
      f32[c + 2] = a.b2;
      f32[c + 3] = a.c2;
      f32[c + 4] = a.step;
      f32[c + 5] = a.rdb2;
      f32[c + 6] = a.decay;
      f32[c + 7] = a.eps;
    }
  }

  /** Reports the progress after `batch` (step t) if a report is due, or if it is one of the epoch's last batches. */
  private report(callbacks: FitCallbacks, epoch: number, batch: number, t: number, now: number): void {
    const { clock, hogwild, schedule, shape: { batchesPerEpoch, totalSteps } } = this.parts;
    if (!clock.reportDue(now) && batch < batchesPerEpoch - (hogwild?.threads ?? 1)) return;
    clock.reported(now);
    callbacks.onBatchEnd?.({ epoch, batch, batchesPerEpoch, step: t, totalSteps, smoothLoss: this.smooth.value, lr: schedule.lr[t - 1] });
  }

  /** The validation error sums, a chunk of records per kernel call, pausing after each. */
  private *validationWork(): PacedWork<RegressionMetrics> {
    const { kernels, engine, memory } = this.parts;
    const { nValid } = this.parts.shape;
    let se = 0;
    let ae = 0;
    for (let start = 0; start < nValid; start += CHUNK) {
      const n = Math.min(CHUNK, nValid - start);
      engine.predict(memory.valid + start * TRIPLE_BYTES, n, memory.predictions);
      kernels.recordErrors(memory.valid + start * TRIPLE_BYTES, n, memory.predictions, memory.errors);
      se += kernels.f64[memory.errors >> 3];
      ae += kernels.f64[(memory.errors >> 3) + 1];
      yield { stage: 'validating', fraction: (start + n) / nValid };
    }
    return metricsFromSums(se, ae, nValid);
  }
}
