/**
 * Starting the trainer child process (dist/trainer.js) and following it: typed events, cancel,
 * kill, and a result that always settles. A crash, an out-of-memory abort or a vanished process
 * becomes a clear error; nothing waits forever on a dead child.
 */
import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type {
  DoneEvent, ErrorEvent, HostToTrainer, LrFindDoneEvent, LrFindRequest, LrFindToHost, TrainerMessage, TrainerToHost, TrainRequest,
  TuneDoneEvent, TuneJobRequest, TuneToHost,
} from '../protocol/trainer';
import { MEMORY_ADVICE } from './errors';
import { forkTrainer, type SpareTrainer } from './spare';

/** How a training session ended. */
export type TrainResult =
  | { outcome: 'done'; done: DoneEvent }
  | { outcome: 'cancelled' }
  | { outcome: 'error'; error: ErrorEvent; exitCode: number | null; signal: NodeJS.Signals | null };

/** How an lr_find session ended. */
export type LrFindSessionResult =
  | { outcome: 'done'; done: LrFindDoneEvent }
  | { outcome: 'cancelled' }
  | { outcome: 'error'; error: ErrorEvent; exitCode: number | null; signal: NodeJS.Signals | null };

/** How a tuning sweep ended ('done' also after a cancel: what finished was saved). */
export type TuneSessionResult =
  | { outcome: 'done'; done: TuneDoneEvent }
  | { outcome: 'cancelled' }
  | { outcome: 'error'; error: ErrorEvent; exitCode: number | null; signal: NodeJS.Signals | null };

/** Any session's result (the process is followed the same way). */
type ProcessResult = TrainResult | LrFindSessionResult | TuneSessionResult;

/** Options of startTrainer. */
export interface TrainerClientOptions {
  /** The bundled trainer; defaults to trainer.js beside the running bundle (dist/). */
  trainerPath?: string;
  /** Node flags for the child, e.g. ['--max-old-space-size=4096']. */
  execArgv?: string[];
  /** The Node executable (VS Code passes its own runtime). */
  execPath?: string;
  env?: NodeJS.ProcessEnv;
  /** Every event, in order, as it arrives. */
  onEvent?: (event: TrainerToHost) => void;
  /** The child's stderr, as it arrives (for the Output channel). */
  onStderr?: (text: string) => void;
  /** After cancel(), how long the child may take before it is killed (default 500 ms). */
  cancelGraceMs?: number;
  /** A warm trainer to take instead of forking one, when it was started with these options (spare.ts). */
  spare?: SpareTrainer;
}

/** Options of startLrFind: startTrainer's, with lr_find's events. */
export type LrFindClientOptions = Omit<TrainerClientOptions, 'onEvent'> & { onEvent?: (event: LrFindToHost) => void };

/** Options of startTune: startTrainer's, with a sweep's events. */
export type TuneClientOptions = Omit<TrainerClientOptions, 'onEvent'> & { onEvent?: (event: TuneToHost) => void };

/** A running trainer. */
export interface TrainerSession<R extends ProcessResult = TrainResult> {
  readonly pid: number | undefined;
  /** Settles once the child has exited; never rejects. */
  readonly result: Promise<R>;
  /** Asks the trainer to stop (nothing is saved); kills it if it does not exit in time. */
  cancel(): void;
  /** Stops the trainer at once (SIGKILL); the result is 'cancelled'. */
  kill(): void;
}

/**
 * After cancel(), how long the trainer may take before it is killed. Killing is safe at any moment
 * (runs are renamed into place only when complete: test/process/faults/kill.test.ts), and a cancel must
 * answer within a second even when a long synchronous step holds the trainer's event loop.
 */
const CANCEL_GRACE_MS = 500;

/** After cancel(), how long a sweep may take to stop its workers and save what finished. */
const TUNE_CANCEL_GRACE_MS = 5000;

/** Keeps the last `max` characters of stderr for crash messages. */
const STDERR_TAIL = 8192;

/** Where the bundled trainer is, relative to the running bundle. */
export function defaultTrainerPath(): string {
  return join(__dirname, 'trainer.js');
}

function isTrainerEvent(msg: unknown): msg is TrainerMessage {
  if (typeof msg !== 'object' || msg === null) return false;
  const type = (msg as { type?: unknown }).type;
  return typeof type === 'string' && (type.startsWith('train/') || type.startsWith('lr-find/') || type.startsWith('tune/'));
}

/** The error for a child that exited without saying how training ended. */
export function crashError(exitCode: number | null, signal: NodeJS.Signals | null, stderrTail: string, lastEvent?: TrainerMessage['type']): ErrorEvent {
  const during = lastEvent === 'train/save' ? ' while saving the run'
    : lastEvent === 'train/started' || lastEvent === 'train/load' ? ' while loading the data'
    : lastEvent === 'train/dataset' || lastEvent === 'train/batch' || lastEvent === 'train/epoch' || lastEvent === 'lr-find/step'
    || lastEvent === 'tune/start' || lastEvent === 'tune/result' ? ' while training' : '';
  const oom = /heap out of memory|Allocation failed|out of memory|Invalid array length|ERR_MEMORY_ALLOCATION_FAILED/i.test(stderrTail);
  if (oom) {
    return { type: 'train/error', kind: 'memory', message: `The trainer ran out of memory${during} and stopped; nothing was saved. ${MEMORY_ADVICE}` };
  }
  const how = signal ? `was killed (${signal})${during}` : `exited with code ${exitCode}${during}`;
  const lastLines = stderrTail.trim().split('\n').slice(-6).join('\n');
  return {
    type: 'train/error', kind: 'internal',
    message: `The trainer process ${how}; nothing was saved.${lastLines ? `\n${lastLines}` : ''}`,
  };
}

/** Forks the trainer, sends it the request and follows it until it exits. */
export function startTrainer(request: TrainRequest, options: TrainerClientOptions = {}): TrainerSession {
  const { onEvent } = options;
  return startProcess({ type: 'train/start', request }, { ...options, onEvent: (e) => onEvent?.(e as TrainerToHost) }) as TrainerSession;
}

/** Forks the trainer to run fastai's lr_find on the request's data, and follows it until it exits. */
export function startLrFind(request: LrFindRequest, options: LrFindClientOptions = {}): TrainerSession<LrFindSessionResult> {
  const { onEvent } = options;
  return startProcess({ type: 'lr-find', request }, { ...options, onEvent: (e) => onEvent?.(e as LrFindToHost) }) as TrainerSession<LrFindSessionResult>;
}

/** Forks the trainer to run a tuning sweep, or resume a saved one (its fits in the trainer's worker threads), and follows it until it exits. */
export function startTune(request: TuneJobRequest | { resume: string; budgetSeconds?: number }, options: TuneClientOptions = {}): TrainerSession<TuneSessionResult> {
  const { onEvent } = options;
  const message: HostToTrainer = 'resume' in request
    ? { type: 'tune-resume', dir: request.resume, ...(request.budgetSeconds !== undefined ? { budgetSeconds: request.budgetSeconds } : {}) }
    : { type: 'tune', request };
  // A cancelled sweep still writes tune.json (workers stopped, then one small file): give it longer than a training.
  return startProcess(message, { cancelGraceMs: TUNE_CANCEL_GRACE_MS, ...options, onEvent: (e) => onEvent?.(e as TuneToHost) }) as TrainerSession<TuneSessionResult>;
}

/** Forks the trainer, sends it `message` (a training, lr_find or tuning request) and follows it until it exits. */
function startProcess(message: HostToTrainer, options: Omit<TrainerClientOptions, 'onEvent'> & { onEvent?: (event: TrainerMessage) => void }):
TrainerSession<ProcessResult> {
  const trainerPath = options.trainerPath ?? defaultTrainerPath();
  if (!existsSync(trainerPath)) {
    const error: ErrorEvent = { type: 'train/error', kind: 'internal', message: `The trainer bundle ${trainerPath} is missing; run \`npm run build\`.` };
    options.onEvent?.(error);
    return { pid: undefined, result: Promise.resolve({ outcome: 'error', error, exitCode: null, signal: null }), cancel() {}, kill() {} };
  }
  const child: ChildProcess = options.spare?.take({ ...options, trainerPath }) ?? forkTrainer(trainerPath, options);
  let stderrTail = '';
  let final: ProcessResult | undefined;
  let stopRequested = false;
  let lastEvent: TrainerMessage['type'] | undefined;
  let killTimer: NodeJS.Timeout | undefined;

  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (text: string) => {
    stderrTail = (stderrTail + text).slice(-STDERR_TAIL);
    options.onStderr?.(text);
  });

  child.on('message', (msg: unknown) => {
    if (!isTrainerEvent(msg)) return;
    if (msg.type !== 'train/log') lastEvent = msg.type;
    if (msg.type === 'train/done' || msg.type === 'lr-find/done' || msg.type === 'tune/done') final = { outcome: 'done', done: msg } as ProcessResult;
    else if (msg.type === 'train/cancelled') final = { outcome: 'cancelled' };
    else if (msg.type === 'train/error') final = { outcome: 'error', error: msg, exitCode: null, signal: null };
    options.onEvent?.(msg);
  });

  const send = (msg: HostToTrainer): void => {
    if (child.connected) child.send(msg, (err) => { if (err) child.kill('SIGKILL'); });
  };

  const result = new Promise<ProcessResult>((resolve) => {
    let settled = false;
    const settle = (r: ProcessResult): void => {
      if (settled) return;
      settled = true;
      if (killTimer) clearTimeout(killTimer);
      resolve(r);
    };
    child.on('error', (err) => {
      // Spawning failed (or a signal could not be sent); 'close' may never come.
      if (child.exitCode === null && child.signalCode === null && child.pid === undefined) {
        const error: ErrorEvent = { type: 'train/error', kind: 'internal', message: `Could not start the trainer: ${err.message}` };
        options.onEvent?.(error);
        settle({ outcome: 'error', error, exitCode: null, signal: null });
      }
    });
    // 'close' comes after the exit and after stdio and the IPC channel have drained: all events are in.
    child.on('close', (exitCode: number | null, signal: NodeJS.Signals | null) => {
      if (final?.outcome === 'error') settle({ ...final, exitCode, signal });
      else if (final) settle(final);
      else if (stopRequested) settle({ outcome: 'cancelled' });
      else {
        const error = crashError(exitCode, signal, stderrTail, lastEvent);
        options.onEvent?.(error);
        settle({ outcome: 'error', error, exitCode, signal });
      }
    });
  });

  send(message);

  return {
    pid: child.pid,
    result,
    cancel(): void {
      if (stopRequested || child.exitCode !== null || child.signalCode !== null) return;
      stopRequested = true;
      send({ type: 'train/cancel' });
      killTimer = setTimeout(() => child.kill('SIGKILL'), options.cancelGraceMs ?? CANCEL_GRACE_MS);
      killTimer.unref();
    },
    kill(): void {
      stopRequested = true;
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
  };
}
