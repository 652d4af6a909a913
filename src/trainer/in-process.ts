/**
 * A training job run in this process, behind the same session shape as the trainer child
 * (client.ts): `collab train` on a small file uses it to skip a second Node start. Measured on the
 * 2-core VM (bench/command-start.mjs; README, "Faster to the first answer"): a Node process start is ~135 ms there
 * (Node 20), a worker thread's ~85-110 ms plus the job bundle's evaluation again, the job in this
 * thread nothing extra; the CLI's first event came ~390 ms after the command started with the
 * child and ~200 ms with the job here. The child stays for files where isolation matters
 * (shouldTrainInProcess): a V8 heap out-of-memory there kills only the child, and SIGKILL stops any
 * synchronous step.
 */
import { statSync } from 'node:fs';
import type { TrainerToHost, TrainRequest } from '../protocol/trainer';
import type { TrainResult, TrainerSession } from './client';
import { runTrainJob } from './job';
import type { JobPhase } from './errors';

/**
 * Largest ratings file (plus validation file) trained in the CLI's own process: ~1.5M MovieLens
 * rows, loaded in well under a second, a V8 heap of tens of MB at most; larger files get the child.
 */
export const IN_PROCESS_MAX_BYTES = 32 * 2 ** 20;

/** After cancel(), how long the job may take to unwind before the session reports the cancel anyway (as the trainer's deadline). */
const CANCEL_DEADLINE_MS = 700;

/**
 * Whether a request is small enough to train in this process. `COLLAB_TRAINER=process` always
 * forks the trainer, `COLLAB_TRAINER=inline` never does (both for tests and measurements).
 */
export function shouldTrainInProcess(request: TrainRequest, env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.COLLAB_TRAINER === 'process') return false;
  if (env.COLLAB_TRAINER === 'inline') return true;
  const size = (file: string | undefined): number => {
    if (!file) return 0;
    try {
      return statSync(file).size;
    } catch {
      return 0; // missing: the job reports it as the trainer would
    }
  };
  return size(request.file) + size(request.validFile) <= IN_PROCESS_MAX_BYTES;
}

/**
 * Runs the job here; events go to `onEvent` as the child's would. cancel() aborts it (reported
 * within CANCEL_DEADLINE_MS unless a save is being written); kill() settles as cancelled at once.
 */
export function trainInProcess(request: TrainRequest, onEvent: (event: TrainerToHost) => void): TrainerSession {
  const controller = new AbortController();
  let phase: JobPhase = 'starting';
  let settle!: (r: TrainResult) => void;
  let final: TrainResult | undefined;
  const result = new Promise<TrainResult>((resolve) => { settle = resolve; });
  const end = (r: TrainResult): void => {
    if (final) return;
    final = r;
    settle(r);
  };
  const emit = (event: TrainerToHost): void => {
    if (final) return; // after a forced cancel, the unwinding job is not heard
    onEvent(event);
    if (event.type === 'train/done') end({ outcome: 'done', done: event });
    else if (event.type === 'train/cancelled') end({ outcome: 'cancelled' });
    else if (event.type === 'train/error') end({ outcome: 'error', error: event, exitCode: null, signal: null });
  };
  void runTrainJob(request, { emit, signal: controller.signal, onPhase: (p) => { phase = p; } });
  const cancelled = (): void => {
    if (final) return;
    onEvent({ type: 'train/cancelled' });
    end({ outcome: 'cancelled' });
  };
  return {
    pid: process.pid,
    result,
    cancel(): void {
      if (final || controller.signal.aborted) return;
      controller.abort();
      setTimeout(() => { if (phase !== 'saving') cancelled(); }, CANCEL_DEADLINE_MS).unref();
    },
    kill(): void {
      controller.abort();
      cancelled();
    },
  };
}
