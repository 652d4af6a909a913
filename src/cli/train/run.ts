/** Running a TrainRequest from the command line: the trainer process, Ctrl-C, a reporter, an exit code. */
import type { TrainRequest } from '../../protocol/trainer';
import { startTrainer, type TrainResult, type TrainerClientOptions } from '../../trainer/client';
import { shouldTrainInProcess, trainInProcess } from '../../trainer/in-process';
import type { Reporter } from './reporter';

/** Exit codes: 0 trained and saved, 1 failed, 130 cancelled (the shell's code for Ctrl-C). */
export function exitCodeOf(result: TrainResult): number {
  return result.outcome === 'done' ? 0 : result.outcome === 'cancelled' ? 130 : 1;
}

/**
 * Trains a small file in this process (no second Node start: ~190 ms sooner on the 2-core VM, see
 * src/trainer/in-process.ts) and a large one in the trainer child process, as the extension does:
 * there a crash or an out-of-memory abort becomes a clear message instead of killing the command.
 * Ctrl-C cancels (nothing is saved); a second Ctrl-C stops the trainer (or this process) at once.
 */
export async function runTraining(request: TrainRequest, report: Reporter,
  client: Omit<TrainerClientOptions, 'onEvent'> = {}): Promise<TrainResult> {
  if (!client.trainerPath && !client.execArgv && shouldTrainInProcess(request)) {
    const session = trainInProcess(request, report);
    // Nothing is half-written at any moment (runs are renamed into place when complete): exiting is safe.
    return untilDone({ ...session, kill: () => { session.kill(); process.exit(130); } });
  }
  return untilDone(startTrainer(request, { ...client, onEvent: report }));
}

/** A trainer session (training or lr_find) as the command line waits for it. */
interface Session<R> { cancel(): void; kill(): void; result: Promise<R> }

/** Waits for a trainer session: the first Ctrl-C (or SIGTERM) cancels it, a second stops the trainer at once. */
export async function untilDone<R>(session: Session<R>): Promise<R> {
  let interrupts = 0;
  const onInterrupt = (): void => {
    interrupts++;
    if (interrupts === 1) session.cancel();
    else session.kill();
  };
  process.on('SIGINT', onInterrupt);
  process.on('SIGTERM', onInterrupt);
  try {
    return await session.result;
  } finally {
    process.off('SIGINT', onInterrupt);
    process.off('SIGTERM', onInterrupt);
  }
}
