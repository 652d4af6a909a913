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
 * counter for a while before it sleeps (Atomics.wait). The worker runs from an eval'd source (no
 * extra bundle to locate) and from data: the program's kernel calls with numbers as arguments.
 */
import { Worker } from 'node:worker_threads';
import type { TrainConfig } from '../run/types';
import type { EmbeddingNN } from '../model/nn';
import type { Kernels } from '../../kernels';
import type { AdamStep } from './adam';
import { NnEngine } from './nn-engine';
import type { NnPairLayout } from './nn-pair-layout';
import { BATCH, pairProgram, type PairArg, type PairOp } from './nn-pair-program';

/** Control words (Int32 indices): 0 barrier arrivals, 1 barrier generation, 2 command, 3 failure, 4 expected exit. */
const GENERATION = 1;
const COMMAND = 2;
const FAILED = 3;
/** Commands read by the helper after each step-start barrier. */
const RUN = 0;
const SYNC = 1;
const STOP = 2;
/** Barrier spins before sleeping (a few tens of microseconds). */
const SPINS = 20000;

/**
 * The two-party barrier both threads use (its source is also the helper's, so it must not refer to
 * anything outside itself). Throws when the other side failed or the run stopped.
 */
function pairBarrier(ctl: Int32Array, spins: number): void {
  const generation = Atomics.load(ctl, 1);
  if (Atomics.add(ctl, 0, 1) === 1) {
    Atomics.store(ctl, 0, 0);
    Atomics.add(ctl, 1, 1);
    Atomics.notify(ctl, 1);
    return;
  }
  for (let i = 0; i < spins; i++) if (Atomics.load(ctl, 1) !== generation) return;
  while (Atomics.load(ctl, 1) === generation) {
    if (Atomics.load(ctl, 3)) throw new Error('the other NN training thread stopped');
    Atomics.wait(ctl, 1, generation, 20);
  }
}

/** A side's program as calls: each kernel call with its argument list, Adam coefficients patched in per step. */
function compileProgram(ops: PairOp[], kernels: Record<string, unknown>, coefs: Float64Array,
  barrier: () => void, main: (task: 'loss' | 'sparse') => void): (() => void)[] {
  return ops.map((op) => {
    if ('barrier' in op) return barrier;
    if ('main' in op) return () => main(op.main);
    const fn = kernels[op.kernel] as (...args: number[]) => void;
    const args = op.args.map((a: PairArg) => (typeof a === 'number' ? a : 0));
    const patches = op.args.flatMap((a: PairArg, i) => (typeof a === 'number' ? [] : [[i, a.coef, a.add ?? 0]]));
    return () => {
      for (const [i, c, add] of patches) args[i] = coefs[c] + add;
      fn(...args);
    };
  });
}

/** The helper thread: join the memory, run its program after every step-start barrier until told to stop. */
const WORKER_SOURCE = `
const { workerData: d } = require('node:worker_threads');
const ctl = new Int32Array(d.ctl);
const pairBarrier = ${pairBarrier.toString()};
const compileProgram = ${compileProgram.toString()};
try {
  const k = new WebAssembly.Instance(d.module, { env: { memory: d.memory } }).exports;
  const barrier = () => pairBarrier(ctl, ${SPINS});
  const program = compileProgram(d.ops, k, new Float64Array(d.coefs), barrier, () => {});
  for (;;) {
    barrier();
    const command = Atomics.load(ctl, ${COMMAND});
    if (command === ${STOP}) break;
    if (command === ${SYNC}) { barrier(); continue; }
    for (let i = 1; i < program.length; i++) program[i]();
  }
} catch (error) {
  Atomics.store(ctl, ${FAILED}, 1);
  Atomics.notify(ctl, ${GENERATION});
  if (!Atomics.load(ctl, ${FAILED} + 1)) throw error;
}
`;

/** The NN model trained on two threads (see above); inference, the gather and the embeddings' update stay on the fit's thread. */
export class NnPairEngine extends NnEngine {
  private readonly ctl = new Int32Array(new SharedArrayBuffer(4 * 5));
  private readonly coefs = new Float64Array(new SharedArrayBuffer(8 * (BATCH + 1)));
  private readonly worker: Worker;
  private readonly program: (() => void)[];
  private idle = true;
  /** True while a step runs: a step that threw leaves the threads between barriers. */
  private inStep = false;
  /** The batch being stepped, for the `main` tasks. */
  private current = { batch: 0, bs: 0, nu: 0, ni: 0, sse: 0, adam: null as AdamStep | null };

  constructor(model: EmbeddingNN, layout: NnPairLayout, kernels: Kernels, config: TrainConfig, bs: number) {
    super(model, layout, kernels, config);
    if (!kernels.wasm) throw new Error('the two-thread NN step needs the WebAssembly kernels (a shared memory)');
    const { module, memory } = kernels.wasm;
    this.worker = new Worker(WORKER_SOURCE, { eval: true, workerData: {
      module, memory, ctl: this.ctl.buffer, coefs: this.coefs.buffer, ops: pairProgram(layout, 1, bs),
    } });
    this.worker.unref();
    // a helper that dies outside a barrier (it cannot start, say) must not leave this thread waiting
    this.worker.once('error', () => this.fail());
    this.worker.once('exit', () => this.fail());
    this.program = compileProgram(pairProgram(layout, 0, bs), kernels as unknown as Record<string, unknown>, this.coefs,
      () => pairBarrier(this.ctl, SPINS), (task) => this.mainTask(task));
  }

  step(batch: number, bs: number, a: AdamStep): number {
    const { nu, ni } = this.touch(batch, bs);
    this.current = { batch, bs, nu, ni, sse: 0, adam: a };
    const c = this.coefs;
    // the batch before the step-start barrier (the helper's first call reads it), the Adam coefficients
    // after it (until then the helper may still be running the last step's Adam updates)
    c[BATCH] = batch;
    Atomics.store(this.ctl, COMMAND, RUN);
    this.inStep = true;
    this.idle = false;
    const program = this.program;
    program[0]();
    [c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]] = [a.b1, a.c1, a.b2, a.c2, a.step, a.rdb2, a.decay, a.eps];
    for (let i = 1; i < program.length; i++) program[i]();
    this.inStep = false;
    return this.current.sse;
  }

  predict(records: number, n: number, out: number): void {
    this.sync();
    super.predict(records, n, out);
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

  private mainTask(task: 'loss' | 'sparse'): void {
    const s = this.current;
    if (task === 'loss') s.sse = this.loss(s.batch, s.bs);
    else this.sparseUpdate(s.batch, s.bs, s.nu, s.ni, s.adam!);
  }
}
