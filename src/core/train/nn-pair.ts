/**
 * The NN model on two threads: synchronous data parallelism within each batch. The fit's thread and
 * one worker thread share the WebAssembly memory (weights, Adam moments, activations); each runs the
 * forward and backward pass on its half of the batch's rows, with barriers where BatchNorm needs the
 * whole batch (nn-pair-program.ts lists the steps). The result is the one-thread step's arithmetic up
 * to the order of float sums: the same batches, the same BatchNorm statistics (merged exactly), the
 * gradients of both halves summed before one Adam step.
 *
 * Why this and not the alternatives: Hogwild (hogwild.ts) works for the dot model's sparse rows, but
 * every NN step writes every dense weight, so lock-free threads would overwrite each other's updates;
 * a step per thread on different batches with averaged weights changes fastai's semantics. Splitting
 * a batch's rows keeps them; at bs 64 a step is ~0.3 ms, so the threads meet at ~8 barriers per step
 * and the barrier must cost a microsecond, not a futex wake-up (tens): a barrier spins on an Atomics
 * counter for a while before it sleeps (Atomics.wait) (nn-pair-worker.ts).
 */
import { Worker } from 'node:worker_threads';
import type { TrainConfig } from '../run/types';
import type { EmbeddingNN } from '../model/nn';
import type { Kernels } from '../../kernels';
import type { AdamStep } from './adam';
import { NnEngine } from './nn-engine';
import type { NnPairLayout } from './nn-pair-layout';
import { BATCH, NI, NU, PRED_RECORDS, PRED_ROWS, PRED_SPLIT, SPLIT, STEP_VALUES, TAIL_BATCH, pairProgram, predictProgram } from './nn-pair-program';
import { COMMAND, FAILED, GENERATION, PREDICT, RUN, SPINS, STOP, SYNC, WORKER_SOURCE, compileProgram, pairBarrier, timedBarrier } from './nn-pair-worker';

/**
 * Where the batch is split: 'adaptive' moves the split row after every step so that both threads' work
 * takes the same time (see NnPairEngine.balance), a number fixes it (h rows on the fit's thread).
 */
export type PairSplit = 'adaptive' | number;

/**
 * The split's controller (NnPairEngine.balance): each side keeps at least this share of the rows, and a
 * step's rows-per-millisecond weighs this much in each side's running average (~20 steps, a few ms).
 */
const MIN_SHARE = 1 / 8;
const RATE_WEIGHT = 0.05;
/**
 * The thread count's check (NnPairEngine.step): every period (PERIOD steps), PROBE steps on one thread
 * then PROBE on two (the first SETTLE of each not counted), then the faster way for the rest of the
 * period. On a busy machine two threads can take 5-10x one (waits at every barrier for a thread that is
 * not running), so the two-thread probe stops as soon as it has taken longer than the one-thread probe,
 * and each period that chose one thread doubles the next (up to MAX_PERIOD).
 */
const PERIOD = 1000;
const MAX_PERIOD = 16000;
const PROBE = 24;
const SETTLE = 4;

/** The NN model trained on two threads (see above); inference stays on the fit's thread. */
export class NnPairEngine extends NnEngine {
  private readonly ctl = new Int32Array(new SharedArrayBuffer(4 * 5));
  /** The step values (nn-pair-program.ts), shared with the helper. */
  private readonly values = new Float64Array(new SharedArrayBuffer(8 * STEP_VALUES));
  /** Each side's own work in the last step, ms (timedBarrier). */
  private readonly busy = new Float64Array(new SharedArrayBuffer(8 * 2));
  private readonly worker: Worker;
  private readonly program: (() => void)[];
  private readonly predictOwn: (() => void)[];
  private readonly bs: number;
  private readonly adaptive: boolean;
  /** Each side's rows per ms, running averages (0: none yet). */
  private rates = [0, 0];
  /** The step in the period, the period, the probes' step times (ms) on one and on two threads, the choice and whether it is made. */
  private probe = { at: 0, period: PERIOD, one: 0, two: 0, pair: true, decided: false };
  private idle = true;
  /** True while a step runs: a step that threw leaves the threads between barriers. */
  private inStep = false;
  /** The batch being stepped, for the `main` tasks; `lossMs`: the loss's time (the helper waits through it). */
  private current = { batch: 0, bs: 0, nu: 0, ni: 0, sse: 0, lossMs: 0 };

  /**
   * `split`: 'adaptive' (the split row follows the threads' speeds, and every PERIOD steps a probe checks
   * that two threads still beat one) or a fixed split row (always two threads; reproducible to the bit).
   */
  constructor(model: EmbeddingNN, layout: NnPairLayout, kernels: Kernels, config: TrainConfig, bs: number, split: PairSplit = 'adaptive') {
    super(model, layout, kernels, config);
    if (!kernels.wasm) throw new Error('the two-thread NN step needs the WebAssembly kernels (a shared memory)');
    const { module, memory } = kernels.wasm;
    this.bs = bs;
    this.adaptive = split === 'adaptive';
    this.values[SPLIT] = this.adaptive ? bs >> 1 : Math.min(bs - 1, Math.max(1, Math.round(split as number)));
    this.worker = new Worker(WORKER_SOURCE, { eval: true, workerData: {
      module, memory, ctl: this.ctl.buffer, values: this.values.buffer, busy: this.busy.buffer, ops: pairProgram(layout, 1, bs),
      predictOps: predictProgram(layout, 1),
    } });
    this.worker.unref();
    // a helper that dies outside a barrier (it cannot start, say) must not leave this thread waiting
    this.worker.once('error', () => this.fail());
    this.worker.once('exit', () => this.fail());
    const own = kernels as unknown as Record<string, unknown>;
    this.program = compileProgram(pairProgram(layout, 0, bs), own, this.values,
      timedBarrier(this.ctl, SPINS, this.busy, 0, () => this.current.lossMs), (task) => this.mainTask(task));
    this.predictOwn = compileProgram(predictProgram(layout, 0), own, this.values, () => {}, () => {});
  }

  step(batch: number, bs: number, a: AdamStep): number {
    if (!this.adaptive) return this.pairStep(batch, bs, a);
    const p = this.probe;
    const at = p.at;
    p.at = at + 1 >= p.period ? 0 : at + 1;
    if (at === 0) [p.one, p.two, p.decided] = [0, 0, false];
    const pair = p.decided || at >= 2 * PROBE ? p.pair : at >= PROBE;
    const started = performance.now();
    const sse = pair ? this.pairStep(batch, bs, a) : this.oneStep(batch, bs, a);
    if (!p.decided && at < 2 * PROBE) {
      if (at % PROBE >= SETTLE) p[pair ? 'two' : 'one'] += performance.now() - started;
      if (pair && (p.two > p.one || at === 2 * PROBE - 1)) {
        [p.decided, p.pair] = [true, p.two <= p.one];
        p.period = p.pair ? PERIOD : Math.min(MAX_PERIOD, 2 * p.period);
      }
    }
    return sse;
  }

  /** The one-thread step, the helper idle: when the probe found it faster (the other core busy: see PERIOD). */
  private oneStep(batch: number, bs: number, a: AdamStep): number {
    this.sync();
    this.clearSlots();
    return super.step(batch, bs, a);
  }

  /** The step on both threads. */
  private pairStep(batch: number, bs: number, a: AdamStep): number {
    if (bs !== this.bs) throw new Error(`the two-thread NN step was set up for batches of ${this.bs} rows, not ${bs}`);
    this.current = { batch, bs, nu: 0, ni: 0, sse: 0, lossMs: 0 };
    const c = this.values;
    // the batch (and split) before the step-start barrier (the helper's first call reads them), the Adam
    // coefficients after it (until then the helper may still be running the last step's updates)
    c[BATCH] = batch;
    Atomics.store(this.ctl, COMMAND, RUN);
    this.inStep = true;
    this.idle = false;
    const program = this.program;
    program[0]();
    [c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]] = [a.b1, a.c1, a.b2, a.c2, a.step, a.rdb2, a.decay, a.eps];
    for (let i = 1; i < program.length; i++) program[i]();
    this.inStep = false;
    if (this.adaptive) this.balance();
    return this.current.sse;
  }

  /** Inference, each chunk's rows split between the threads in the training step's ratio (one thread where the probe chose one). */
  predict(records: number, n: number, out: number): void {
    this.sync();
    if (this.adaptive && !this.probe.pair) {
      super.predict(records, n, out);
      return;
    }
    const { layout: L, values } = this;
    const share = values[SPLIT] / this.bs;
    for (let start = 0; start < n; start += L.rows) {
      const rows = Math.min(L.rows, n - start);
      values[PRED_RECORDS] = records + start * 12;
      values[PRED_ROWS] = rows;
      values[PRED_SPLIT] = Math.min(rows, Math.round(rows * share));
      Atomics.store(this.ctl, COMMAND, PREDICT);
      pairBarrier(this.ctl, SPINS);
      for (const call of this.predictOwn) call();
      pairBarrier(this.ctl, SPINS);
      this.output(rows, out + start * 4);
    }
  }

  writeBack(): void {
    this.sync();
    super.writeBack();
  }

  /** Ends the helper thread. */
  async stop(): Promise<void> {
    if (this.inStep) this.fail();
    if (!Atomics.load(this.ctl, FAILED)) {
      this.sync();
      Atomics.store(this.ctl, COMMAND, STOP);
      pairBarrier(this.ctl, SPINS);
    }
    await this.worker.terminate();
  }

  /**
   * Moves the split row so that both sides' own work takes the same time: each side's rows per ms
   * (averaged over steps), the rows shared in their ratio. Its fixed point is equal busy times whatever
   * the work that does not scale with rows. Why: this machine's two vCPUs are not equal when both are
   * busy (two copies of one spin loop: 1.55 s alone, 1.55 s and 2.2-2.6 s together, the faster one
   * varies), so fixed halves wait at every barrier for the slower side.
   */
  private balance(): void {
    const { busy, values, bs, rates } = this;
    const h = values[SPLIT];
    if (!(busy[0] > 0 && busy[1] > 0)) return;
    const [r0, r1] = [h / busy[0], (bs - h) / busy[1]];
    if (rates[0] === 0) [rates[0], rates[1]] = [r0, r1];
    else [rates[0], rates[1]] = [rates[0] + RATE_WEIGHT * (r0 - rates[0]), rates[1] + RATE_WEIGHT * (r1 - rates[1])];
    const least = Math.max(1, Math.round(bs * MIN_SHARE));
    values[SPLIT] = Math.min(bs - least, Math.max(least, Math.round((bs * rates[0]) / (rates[0] + rates[1]))));
  }

  /** Waits until the helper has finished its part of the last step (its Adam updates). */
  private sync(): void {
    if (this.idle) return;
    Atomics.store(this.ctl, COMMAND, SYNC);
    pairBarrier(this.ctl, SPINS);
    pairBarrier(this.ctl, SPINS);
    this.idle = true;
  }

  private fail(): void {
    // the word after FAILED marks an expected exit, so the helper does not report it as an error
    Atomics.store(this.ctl, FAILED + 1, 1);
    Atomics.store(this.ctl, FAILED, 1);
    Atomics.notify(this.ctl, GENERATION);
  }

  /** Clears the gradient slots of the rows the last two-thread step touched (that step's last phase has run). */
  private clearSlots(): void {
    const { i32, layout: L, values } = this;
    const [nu, ni] = [values[NU], values[NI]];
    for (let q = 0; q < nu; q++) i32[(L.userSlots >> 2) + i32[(L.userList >> 2) + q]] = -1;
    for (let q = 0; q < ni; q++) i32[(L.itemSlots >> 2) + i32[(L.itemList >> 2) + q]] = -1;
    values[NU] = 0;
    values[NI] = 0;
  }

  /**
   * The fit's thread's own work: 'touch' (the step's first phase) clears the last step's gradient slots
   * and gives the batch's rows theirs; 'loss' (both threads wait at barriers either side of it).
   */
  private mainTask(task: 'touch' | 'loss'): void {
    const s = this.current;
    const { values } = this;
    if (task === 'touch') {
      this.clearSlots();
      const touched = this.touch(s.batch, s.bs);
      [values[NU], values[NI], values[TAIL_BATCH]] = [touched.nu, touched.ni, s.batch];
      return;
    }
    const started = performance.now();
    s.sse = this.loss(s.batch, s.bs);
    s.lossMs = performance.now() - started;
  }
}
