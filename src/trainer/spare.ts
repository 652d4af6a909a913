/**
 * A warm trainer: one trainer child forked ahead of need, idle until a request arrives. A fresh
 * Node process and the trainer bundle take ~0.2-0.4 s to start on a 2-core machine (Node 20:
 * ~135 ms for Node itself, ~45 ms for the bundle; bench/command-start.mjs), paid before the first
 * event of every run; a spare pays it while the person picks the file or reads the last run.
 *
 * The spare is the same one-job process as a cold one (src/trainer/main.ts): it loads the bundle
 * and waits for its message, holds no run's data, and exits when its job ends, so cancel, SIGKILL
 * and out-of-memory mean what they did. Only a request started with the spare's own Node options
 * takes it. An idle spare is ended after `idleMs`, and never keeps the host's event loop alive.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';

/** How long an unused spare waits before it is ended (it costs a Node process's memory, ~40 MB). */
export const SPARE_IDLE_MS = 5 * 60_000;

/** What a spare is started with; a request with other options forks its own trainer. */
export interface SpareOptions {
  trainerPath: string;
  execPath?: string;
  execArgv?: string[];
  env?: NodeJS.ProcessEnv;
  /** How long an unused spare lives (default SPARE_IDLE_MS). */
  idleMs?: number;
}

/** The argument a spare is forked with, so that process lists can tell an idle spare from a run's trainer. */
export const SPARE_ARG = '--spare';

/** Forks one trainer process with the client's stdio layout (stderr piped, stdout drained, IPC). */
export function forkTrainer(trainerPath: string, options: { execPath?: string; execArgv?: string[]; env?: NodeJS.ProcessEnv }, args: string[] = []): ChildProcess {
  const child = fork(trainerPath, args, {
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    execArgv: options.execArgv ?? [],
    ...(options.execPath ? { execPath: options.execPath } : {}),
    env: options.env ?? process.env,
  });
  child.stdout?.resume(); // the trainer talks over IPC; stdout is drained so it never blocks
  return child;
}

/** Holds at most one idle trainer child; take() hands it over, prime() starts the next. */
export class SpareTrainer {
  private child: ChildProcess | undefined;
  private idleTimer: NodeJS.Timeout | undefined;
  private disposed = false;
  /** Forgets the spare when it exits or fails while idle. */
  private onGone: (() => void) | undefined;

  constructor(private readonly options: SpareOptions) {}

  /** The idle spare's process id, if one is waiting. */
  get idlePid(): number | undefined {
    return this.alive(this.child) ? this.child.pid : undefined;
  }

  /** Forks a spare unless one is waiting (or the bundle is missing: the client reports that). */
  prime(): void {
    if (this.disposed || this.alive(this.child) || !existsSync(this.options.trainerPath)) return;
    let child: ChildProcess;
    try {
      child = forkTrainer(this.options.trainerPath, this.options, [SPARE_ARG]);
    } catch {
      return; // a cold start will say what is wrong
    }
    this.child = child;
    this.onGone = () => { if (this.child === child) this.forget(); };
    child.on('error', this.onGone);
    child.on('exit', this.onGone);
    // An idle spare must not keep the host (or a test) running.
    child.unref();
    (child as unknown as { channel?: { unref?(): void } }).channel?.unref?.();
    this.idleTimer = setTimeout(() => this.end(), this.options.idleMs ?? SPARE_IDLE_MS);
    this.idleTimer.unref();
  }

  /**
   * The waiting spare, now the caller's (referenced again), when it was started with these options;
   * otherwise undefined and the caller forks its own.
   */
  take(options: { trainerPath?: string; execPath?: string; execArgv?: string[]; env?: NodeJS.ProcessEnv }): ChildProcess | undefined {
    const child = this.child;
    if (!child || !this.alive(child)) return undefined;
    const same = (options.trainerPath ?? this.options.trainerPath) === this.options.trainerPath
      && options.execPath === this.options.execPath
      && JSON.stringify(options.execArgv ?? []) === JSON.stringify(this.options.execArgv ?? [])
      && (options.env === undefined || options.env === this.options.env);
    if (!same) return undefined;
    if (this.onGone) {
      child.off('exit', this.onGone);
      child.off('error', this.onGone);
    }
    this.forget();
    child.ref();
    (child as unknown as { channel?: { ref?(): void } }).channel?.ref?.();
    return child;
  }

  /** Ends the idle spare (if any) and starts no more. */
  dispose(): void {
    this.disposed = true;
    this.end();
  }

  /** Ends the idle spare; the next prime() starts another. */
  private end(): void {
    const child = this.child;
    this.forget();
    // It holds nothing: closing its channel makes it exit (main.ts), and a kill makes sure.
    if (child && this.alive(child)) child.kill('SIGKILL');
  }

  private forget(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
    this.child = undefined;
  }

  private alive(child: ChildProcess | undefined): child is ChildProcess {
    return !!child && child.exitCode === null && child.signalCode === null && child.connected;
  }
}
