/**
 * Where a sweep's fits run: on this thread (tests, P = 1) or in a pool of worker threads that each
 * hold the sweep's datasets in shared memory (typed arrays over SharedArrayBuffers, so P workers
 * read one copy of the rows) and run trainOne on the configurations they are sent.
 */
import { Worker } from 'node:worker_threads';
import type { RatingsDataset } from '../data/types';
import type { TrainConfig } from '../run/types';
import type { RankingOptions, RankingPlan } from '../eval/ranking';
import type { TuneFigures } from './metric';
import { rankingPlanOf, trainOne } from './train-one';

/** One fit to run: a configuration on one of the sweep's datasets (a fold). */
export interface TuneTask {
  config: TrainConfig;
  fold: number;
}

/** Runs tasks, at most `slots` at once. */
export interface TuneExecutor {
  readonly slots: number;
  run(task: TuneTask, signal: AbortSignal): Promise<TuneFigures>;
  close(): Promise<void>;
}

/** What every executor is built from. */
export interface ExecutorData {
  datasets: RatingsDataset[];
  /** Ranking metrics after each fit (undefined: errors only). */
  ranking?: RankingOptions;
  /**
   * Ranking metrics for NN configurations too. Off by default: scoring every user x item through the
   * NN in TypeScript took about two minutes on ML-100K's u1 split (the dot model's: 50 ms), so an NN
   * configuration gets ranking figures only when the sweep is judged by one.
   */
  rankNn?: boolean;
}

/** Fits on this thread, one at a time (fit yields to the event loop, so the caller stays responsive). */
export function inProcessExecutor(data: ExecutorData): TuneExecutor {
  const plans: (RankingPlan | undefined)[] = [];
  const planOf = (fold: number): RankingPlan | undefined => {
    if (data.ranking && !plans[fold]) plans[fold] = rankingPlanOf(data.datasets[fold], data.ranking);
    return plans[fold];
  };
  return {
    slots: 1,
    async run(task, signal) {
      // A fit shorter than fit's own yield interval never returns to the event loop, so a sweep of
      // small fits would not see a cancel (an IPC message) until it ended: yield between fits.
      await new Promise<void>((resolve) => setImmediate(resolve));
      signal.throwIfAborted();
      return trainOne(data.datasets[task.fold], task.config, signal,
        task.config.model === 'dot' || data.rankNn ? planOf(task.fold) : undefined);
    },
    close: async () => undefined,
  };
}

/** A copy of `a` in shared memory (structured clone then shares it with every worker instead of copying). */
function shared<T extends Int32Array | Uint32Array | Float32Array>(a: T): T {
  const Ctor = a.constructor as new (buffer: SharedArrayBuffer) => T;
  const out = new Ctor(new SharedArrayBuffer(a.byteLength));
  out.set(a as never);
  return out;
}

/** The dataset with its row columns in shared memory (source lines are not needed to fit). */
export function shareDataset(d: RatingsDataset): RatingsDataset {
  return {
    ...d, users: shared(d.users), items: shared(d.items), ratings: shared(d.ratings), train: shared(d.train),
    valid: shared(d.valid), lines: new Int32Array(0),
  };
}

/** Messages between the pool and its workers. */
export type ToWorker = { id: number; config: TrainConfig; fold: number };
export type FromWorker = { type: 'ready' } | { id: number; figures: TuneFigures } | { id: number; error: string };

interface Slot {
  worker: Worker;
  busy: boolean;
  /** Settles when the worker says it is ready, or when it dies first (then `dead` says why). */
  ready: Promise<void>;
  dead?: Error;
}

/**
 * `size` worker threads running `workerPath` (dist/tune-worker.js). A cancel terminates the worker
 * of that task at once (a fit in a worker cannot be interrupted any faster) and starts a fresh one.
 */
export function workerPoolExecutor(data: ExecutorData, size: number, workerPath: string): TuneExecutor {
  const workerData: ExecutorData = { ...data, datasets: data.datasets.map(shareDataset) };
  const pending = new Map<number, { resolve: (f: TuneFigures) => void; reject: (e: Error) => void }>();
  let nextId = 0;
  let closed = false;
  const spawn = (): Slot => {
    const worker = new Worker(workerPath, { workerData });
    let ready!: () => void;
    const slot: Slot = { worker, busy: false, ready: new Promise<void>((r) => { ready = r; }) };
    worker.on('message', (m: FromWorker) => {
      if ('type' in m) { ready(); return; }
      const p = pending.get(m.id);
      pending.delete(m.id);
      if ('figures' in m) p?.resolve(m.figures);
      else p?.reject(new Error(m.error));
    });
    // A worker that fails (an exception, out of memory) fails its task; the sweep then stops.
    const fail = (e: Error): void => {
      slot.dead ??= e;
      ready();
      for (const p of pending.values()) p.reject(e);
      pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => { if (!closed) fail(new Error(`a tuning worker stopped (exit code ${code})`)); });
    return slot;
  };
  const slots = Array.from({ length: size }, spawn);
  return {
    slots: size,
    async run(task, signal) {
      const index = slots.findIndex((s) => !s.busy);
      if (index < 0) throw new Error('tune: more tasks than worker slots');
      const slot = slots[index];
      slot.busy = true;
      try {
        await slot.ready;
        signal.throwIfAborted();
        if (slot.dead) throw slot.dead;
        const id = nextId++;
        return await new Promise<TuneFigures>((resolve, reject) => {
          const onAbort = (): void => {
            pending.delete(id);
            void slot.worker.terminate();
            if (!closed) slots[index] = spawn();
            reject(signal.reason instanceof Error ? signal.reason : new Error('cancelled'));
          };
          signal.addEventListener('abort', onAbort, { once: true });
          pending.set(id, {
            resolve: (f) => { signal.removeEventListener('abort', onAbort); resolve(f); },
            reject: (e) => { signal.removeEventListener('abort', onAbort); reject(e); },
          });
          slot.worker.postMessage({ id, config: task.config, fold: task.fold } satisfies ToWorker);
        });
      } finally {
        slot.busy = false;
      }
    },
    async close() {
      closed = true;
      await Promise.all(slots.map((s) => s.worker.terminate()));
    },
  };
}

/** The worker side: answers each task with trainOne on the shared datasets (src/trainer/tune-worker.ts calls this). */
export function serveTuneWorker(port: { on(e: 'message', f: (m: ToWorker) => void): void; postMessage(m: FromWorker): void },
  data: ExecutorData): void {
  const local = inProcessExecutor(data);
  const never = new AbortController().signal;
  // Tasks arrive one at a time per worker (the pool waits for each answer).
  port.on('message', (m) => {
    local.run({ config: m.config, fold: m.fold }, never).then(
      (figures) => port.postMessage({ id: m.id, figures }),
      (e: unknown) => port.postMessage({ id: m.id, error: e instanceof Error ? e.message : String(e) }),
    );
  });
  port.postMessage({ type: 'ready' });
}
