/**
 * Hogwild! for the dot model: worker threads run the same WebAssembly step kernel on a shared
 * memory, lock-free, each on its own interleaved share of every epoch's batches (batch b goes to
 * thread b % threads, at schedule step epochStart + b + 1, so all threads walk the one-cycle
 * schedule together). Rows two threads touch at once may lose an update; with embedding tables much
 * larger than a batch that is rare, which is Hogwild's premise. Not deterministic, so opt-in.
 * The NN model does not use it: every step updates all of its dense weights, so every step would
 * conflict (see the report in bench/README.md).
 */
import { Worker } from 'node:worker_threads';
import type { Kernels, MemoryPlan } from '../../kernels';
import type { DotLayout } from './dot-engine';
import type { SparseRowScratch } from './engine';
import type { OneCycle } from './schedule';
import { ADAM_BETA2, ADAM_EPS } from './adam';
import { TRIPLE_BYTES } from './triples';

/** One helper thread's private scratch: gradient slots, touched-row marks and lists. */
interface Scratch extends SparseRowScratch {
  nUsers: number;
  nItems: number;
}

/** Reserves scratch memory for `helpers` extra threads. */
export function planHogwild(layout: DotLayout, nUsers: number, nItems: number, bs: number, helpers: number, plan: MemoryPlan): Scratch[] {
  return Array.from({ length: helpers }, () => ({
    nUsers, nItems, userGrads: plan.floats(bs * layout.s), itemGrads: plan.floats(bs * layout.s),
    userSlots: plan.floats(nUsers), itemSlots: plan.floats(nItems), userList: plan.floats(bs), itemList: plan.floats(bs),
  }));
}

/** The helper thread: instantiate the kernels over the shared memory, run the batches it is sent. */
const WORKER_SOURCE = `
const { parentPort, workerData: d } = require('node:worker_threads');
const k = new WebAssembly.Instance(d.module, { env: { memory: d.memory } }).exports;
k.dotSetup(...d.setup);
const done = new Int32Array(d.done);
const sse = new Float64Array(d.sse);
parentPort.on('message', (m) => {
  for (let b = m.first; b < m.batches; b += m.stride) {
    if (Atomics.load(done, done.length - 1)) break;
    const t = m.t0 + b + 1, b1 = d.mom[t - 1], lr = d.lr[t - 1];
    sse[b] = k.dotStep(m.trainAt + b * d.bs * ${TRIPLE_BYTES}, d.bs, b1, 1 - b1, d.b2, 1 - d.b2,
      lr / (1 - Math.pow(b1, t)), 1 / (1 - Math.pow(d.b2, t)), 1 - lr * d.wd, d.eps);
    Atomics.store(done, b, 1);
  }
  parentPort.postMessage('done');
});
`;

/** Helper threads sharing the main thread's epochs. */
export class Hogwild {
  private readonly workers: Worker[];
  private readonly done: Int32Array;
  private readonly sse: Float64Array;
  private absorbed = 0;
  private running: Promise<unknown>[] = [];

  constructor(kernels: Kernels, layout: DotLayout, scratch: Scratch[],
    k: number, yRange: [number, number], private readonly batches: number, bs: number, schedule: OneCycle, wd: number) {
    // per-batch completion flags (+ one abort flag at the end) and squared-error sums, shared
    this.done = new Int32Array(new SharedArrayBuffer(4 * (batches + 1)));
    this.sse = new Float64Array(new SharedArrayBuffer(8 * batches));
    if (!kernels.wasm) throw new Error('Hogwild needs the WebAssembly kernels');
    const { module, memory } = kernels.wasm;
    this.workers = scratch.map((s) => {
      kernels.i32.fill(-1, s.userSlots >> 2, (s.userSlots >> 2) + s.nUsers);
      kernels.i32.fill(-1, s.itemSlots >> 2, (s.itemSlots >> 2) + s.nItems);
      const setup = [layout.userTable, layout.itemTable, s.userGrads, s.itemGrads, s.userSlots, s.itemSlots,
        s.userList, s.itemList, layout.s, k, yRange[0], yRange[1]];
      const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: {
        module, memory, setup, bs, lr: schedule.lr, mom: schedule.mom, wd, b2: ADAM_BETA2, eps: ADAM_EPS,
        done: this.done.buffer, sse: this.sse.buffer,
      } });
      worker.unref();
      return worker;
    });
  }

  /** Threads in all, the main one included. */
  get threads(): number {
    return this.workers.length + 1;
  }

  /** Whether the main thread runs batch b. */
  mine(b: number): boolean {
    return b % this.threads === 0;
  }

  /** Hands the helpers their share of an epoch (records at trainAt, t0 steps done before it). */
  startEpoch(trainAt: number, t0: number): void {
    this.done.fill(0, 0, this.batches);
    this.absorbed = 0;
    this.running = this.workers.map((w, i) => new Promise((resolve, reject) => {
      w.once('message', resolve);
      w.once('error', reject);
      w.postMessage({ trainAt, t0, batches: this.batches, first: i + 1, stride: this.threads });
    }));
  }

  /** Records the main thread's batch b. */
  record(b: number, sse: number): void {
    this.sse[b] = sse;
    Atomics.store(this.done, b, 1);
  }

  /** Feeds finished batches, in batch order, to `add` (squared-error sum of each). */
  drain(add: (sse: number) => void): void {
    while (this.absorbed < this.batches && Atomics.load(this.done, this.absorbed)) add(this.sse[this.absorbed++]);
  }

  /** Waits for the helpers to finish the epoch. */
  async finishEpoch(): Promise<void> {
    await Promise.all(this.running);
  }

  /** Stops the helpers (after their current batch) and ends the threads. */
  async stop(): Promise<void> {
    Atomics.store(this.done, this.batches, 1);
    await Promise.allSettled(this.running);
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
