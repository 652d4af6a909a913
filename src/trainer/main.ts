/**
 * The trainer child process (bundled to dist/trainer.js). The host forks it, sends one
 * `train/start`, and receives events until `train/done`, `train/error` or `train/cancelled`;
 * then the process disconnects and exits. An `lr-find` request instead runs the learning-rate range
 * test and ends with `lr-find/done`, `train/error` or `train/cancelled`; a `tune` request runs a sweep
 * (its fits in worker threads) and ends with `tune/done` (also after a cancel) or `train/error`. `train/cancel` (or the host going away) stops it
 * within a second: nothing is saved, because a run is only renamed into place when complete.
 */
import type { HostToTrainer, TrainerMessage } from '../protocol/trainer';
import { runTrainJob } from './job';
import { runLrFindJob } from './lr-find-job';
import { runTuneJob } from './tune-job';
import { toErrorEvent, type JobPhase } from './errors';

/** After a cancel, how long the job may take to unwind before the process stops anyway. */
const CANCEL_DEADLINE_MS = 700;

function send(event: TrainerMessage, then?: () => void): void {
  if (!process.send || !process.connected) {
    then?.();
    return;
  }
  // A host that went away cannot be told anything; the send error is not ours to report.
  process.send(event, undefined, {}, () => then?.());
}

/** Sends the last event, closes the channel and lets the process end. */
function finishWith(event: TrainerMessage, exitCode: number): void {
  process.exitCode = exitCode;
  send(event, () => {
    if (process.connected) process.disconnect();
    // Anything still holding the event loop (a worker, a timer) must not keep a finished trainer alive.
    setTimeout(() => process.exit(exitCode), 1000).unref();
  });
}

function main(): void {
  if (!process.send) {
    console.error('dist/trainer.js is the Collab trainer process; it is started by the extension or `collab train`, not by hand.');
    process.exitCode = 2;
    return;
  }
  const controller = new AbortController();
  let started = false;
  let finished = false;
  let phase: JobPhase = 'starting';

  const stop = (): void => {
    if (finished || controller.signal.aborted) return;
    controller.abort();
    // Cancellation is cooperative (checked after every batch, and every ~50 ms while the data is prepared,
    // the training set up or the run indexed), but a long synchronous step must not hold it up: past the
    // deadline, stop anyway. Only a save in progress is let finish.
    setTimeout(() => {
      if (finished || phase === 'saving') return;
      finished = true;
      finishWith({ type: 'train/cancelled' }, 0);
    }, CANCEL_DEADLINE_MS).unref();
  };

  const isFinal = (e: TrainerMessage): boolean =>
    e.type === 'train/done' || e.type === 'train/error' || e.type === 'train/cancelled' || e.type === 'lr-find/done' || e.type === 'tune/done';
  const emit = (event: TrainerMessage): void => {
    if (finished) return;
    if (!isFinal(event)) return send(event);
    finished = true;
    finishWith(event, event.type === 'train/error' ? 1 : 0);
  };
  let file = '';
  process.on('message', (msg: HostToTrainer) => {
    if (msg?.type === 'train/start' && !started) {
      started = true;
      file = msg.request.file;
      void runTrainJob(msg.request, { emit, signal: controller.signal, onPhase: (p) => { phase = p; } });
    } else if (msg?.type === 'lr-find' && !started) {
      started = true;
      file = msg.request.file;
      void runLrFindJob(msg.request, { emit, signal: controller.signal, onPhase: (p) => { phase = p; } });
    } else if (msg?.type === 'tune' && !started) {
      started = true;
      file = msg.request.file;
      void runTuneJob(msg.request, { emit, signal: controller.signal, onPhase: (p) => { phase = p; } });
    } else if (msg?.type === 'tune-resume' && !started) {
      started = true;
      file = msg.dir;
      void runTuneJob({ resume: msg.dir, budgetSeconds: msg.budgetSeconds }, { emit, signal: controller.signal, onPhase: (p) => { phase = p; } });
    } else if (msg?.type === 'train/cancel') {
      if (!started) {
        finished = true;
        finishWith({ type: 'train/cancelled' }, 0);
      } else {
        stop();
      }
    }
  });
  // Ctrl-C in a terminal reaches the whole process group: treat it as a cancel, like the host's.
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  // The host closed or died: nobody will read the result, so stop and let the process end.
  process.on('disconnect', () => {
    stop();
    setTimeout(() => process.exit(0), 2000).unref();
  });
  process.on('uncaughtException', (err) => {
    if (!finished) {
      finished = true;
      const event = toErrorEvent(err, phase, file);
      finishWith({ ...event, message: `${event.message}${err.stack ? `\n${err.stack}` : ''}` }, 1);
    } else {
      process.exit(1);
    }
  });
}

main();
