/**
 * The two-thread NN step's synchronisation and its helper thread (nn-pair.ts): the control words, the
 * spinning barrier, a side's program compiled to calls, and the helper's source (eval'd: no extra
 * bundle to locate; it runs its program from data, the kernel calls with numbers as arguments).
 */
import type { PairArg, PairOp } from './nn-pair-program';

/** Control words (Int32 indices): 0 barrier arrivals, 1 barrier generation, 2 command, 3 failure, 4 expected exit. */
export const GENERATION = 1;
export const COMMAND = 2;
export const FAILED = 3;
/** Commands read by the helper after each step-start barrier. */
export const RUN = 0;
export const SYNC = 1;
export const STOP = 2;
export const PREDICT = 3;
/** Barrier spins before sleeping (a few tens of microseconds). */
export const SPINS = 20000;

/**
 * The two-party barrier both threads use (its source is also the helper's, so it must not refer to
 * anything outside itself). Throws when the other side failed or the run stopped.
 */
export function pairBarrier(ctl: Int32Array, spins: number): void {
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

/**
 * A side's program as calls: each kernel call with its argument list, the step values (nn-pair-program.ts)
 * patched in per call; `barrier(kind)` is called with 0 at the step's first barrier, 2 at its last, 1 between.
 */
export function compileProgram(ops: PairOp[], kernels: Record<string, unknown>, values: Float64Array,
  barrier: (kind: number) => void, main: (task: 'touch' | 'loss') => void): (() => void)[] {
  const barriers = ops.flatMap((op, i) => ('barrier' in op ? [i] : []));
  return ops.map((op, i) => {
    if ('barrier' in op) {
      const kind = i === barriers[0] ? 0 : i === barriers[barriers.length - 1] ? 2 : 1;
      return () => barrier(kind);
    }
    if ('main' in op) return () => main(op.main);
    const fn = kernels[op.kernel] as (...args: number[]) => void;
    const args = op.args.map((a: PairArg) => (typeof a === 'number' ? a : 0));
    const patches = op.args.flatMap((a: PairArg, i) => (typeof a === 'number' ? [] : [[i, a.terms, a.add] as const]));
    return () => {
      for (const [i, terms, add] of patches) {
        let v = add;
        for (const [at, factor] of terms) v += values[at] * factor;
        args[i] = v;
      }
      fn(...args);
    };
  });
}

/**
 * A side's barrier that also times the side's own work in the step: from leaving the first barrier to
 * arriving at the last, less the waits between (and less `excluded()`, the fit's thread's work done
 * while the helper waits); stored at busy[side] for the split's controller.
 */
export function timedBarrier(ctl: Int32Array, spins: number, busy: Float64Array, side: number, excluded: () => number): (kind: number) => void {
  let start = 0;
  let waited = 0;
  return (kind: number) => {
    const arrive = performance.now();
    if (kind === 2) busy[side] = arrive - start - waited - excluded();
    pairBarrier(ctl, spins);
    const leave = performance.now();
    if (kind === 0) [start, waited] = [leave, 0];
    else waited += leave - arrive;
  };
}

/** The helper thread: join the memory, run its program after every step-start barrier until told to stop. */
export const WORKER_SOURCE = `
const { workerData: d } = require('node:worker_threads');
const ctl = new Int32Array(d.ctl);
const pairBarrier = ${pairBarrier.toString()};
${pairBarrier.name === 'pairBarrier' ? '' : `const ${pairBarrier.name} = pairBarrier; // timedBarrier's name for it in a bundle that renamed it`}
const compileProgram = ${compileProgram.toString()};
const timedBarrier = ${timedBarrier.toString()};
try {
  const k = new WebAssembly.Instance(d.module, { env: { memory: d.memory } }).exports;
  const barrier = timedBarrier(ctl, ${SPINS}, new Float64Array(d.busy), 1, () => 0);
  const values = new Float64Array(d.values);
  const program = compileProgram(d.ops, k, values, barrier, () => {});
  const predict = compileProgram(d.predictOps, k, values, barrier, () => {});
  for (;;) {
    program[0]();
    const command = Atomics.load(ctl, ${COMMAND});
    if (command === ${STOP}) break;
    if (command === ${SYNC}) { pairBarrier(ctl, ${SPINS}); continue; }
    if (command === ${PREDICT}) {
      for (let i = 0; i < predict.length; i++) predict[i]();
      pairBarrier(ctl, ${SPINS});
      continue;
    }
    for (let i = 1; i < program.length; i++) program[i]();
  }
} catch (error) {
  Atomics.store(ctl, ${FAILED}, 1);
  Atomics.notify(ctl, ${GENERATION});
  if (!Atomics.load(ctl, ${FAILED} + 1)) throw error;
}
`;
