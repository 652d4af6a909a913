/**
 * The fit loop's clock: when to give the event loop a turn (so a cancel message gets through, and
 * the signal is then checked) and when a progress report is due. Checks are synchronous and cheap;
 * only a due pause awaits.
 */
import type { PacedWork } from '../data/paced';

/** Milliseconds between progress reports, and the most the loop runs without yielding. */
const REPORT_MS = 125;
const YIELD_MS = 50;

/** The error fit throws when its signal aborts. */
export function abortError(): Error {
  const error = new Error('training was cancelled');
  error.name = 'AbortError';
  return error;
}

/** True for the error fit throws on cancel. */
export function isAbortError(error: unknown): boolean {
  return error instanceof Error && error.name === 'AbortError';
}

const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** One loop's pauses and reports, shared by all its steps (shuffle, batches, validation). */
export class LoopClock {
  private lastYield = performance.now();
  private lastReport = -Infinity;

  constructor(private readonly signal: AbortSignal | undefined) {}

  /** Throws fit's AbortError once the signal has fired. */
  throwIfAborted(): void {
    if (this.signal?.aborted) throw abortError();
  }

  /** Whether the loop has run long enough (at `now`) to owe the event loop a turn. */
  pauseDue(now: number): boolean {
    return now - this.lastYield >= YIELD_MS;
  }

  /** Gives the event loop a turn, then throws if that let a cancel in. */
  async pause(): Promise<void> {
    await yieldToEventLoop();
    this.throwIfAborted();
    this.lastYield = performance.now();
  }

  /** Whether a progress report is due at `now`. */
  reportDue(now: number): boolean {
    return now - this.lastReport >= REPORT_MS;
  }

  /** Notes a report made at `now`. */
  reported(now: number): void {
    this.lastReport = now;
  }

  /** Runs paced work to its end, pausing between its chunks when a pause is due. */
  async run<T>(work: PacedWork<T>): Promise<T> {
    for (;;) {
      const step = work.next();
      if (step.done) return step.value;
      if (this.pauseDue(performance.now())) await this.pause();
    }
  }
}
