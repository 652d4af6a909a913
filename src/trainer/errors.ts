/** Turning whatever a training job threw into the protocol's error event (or a cancellation). */
import type { ErrorEvent } from '../protocol/trainer';
import { DataError } from '../core/csv/errors';

/** What the job was doing, for messages such as "ran out of memory while loading". */
export type JobPhase = 'starting' | 'loading' | 'preparing' | 'training' | 'indexing' | 'saving';

/** True for the errors an aborted AbortSignal produces (ours, fetch's, or the engine's). */
export function isAbort(err: unknown): boolean {
  return err instanceof Error && (err.name === 'AbortError' || (err as { code?: string }).code === 'ABORT_ERR');
}

/** Allocation failures V8 reports as catchable errors (the fatal heap OOM kills the process instead). */
export function isOutOfMemory(err: unknown): boolean {
  return err instanceof RangeError
    && /allocation failed|invalid (typed )?array length|out of memory|array buffer/i.test(err.message);
}

/** Advice shown with every out-of-memory error. */
export const MEMORY_ADVICE = 'Try a smaller file, fewer factors or a smaller batch, or give Node more memory '
  + '(NODE_OPTIONS=--max-old-space-size=<MB>).';

/** The error event for a failure during `phase` of training `file`. */
export function toErrorEvent(err: unknown, phase: JobPhase, file: string): ErrorEvent {
  if (err instanceof DataError) {
    return {
      type: 'train/error', message: err.message, kind: err.code === 'unreadable' ? 'io' : 'data',
      ...(err.location ? { location: { file: err.location.file, line: err.location.line, column: err.location.column } } : {}),
    };
  }
  if (isOutOfMemory(err)) {
    return { type: 'train/error', kind: 'memory', message: `Ran out of memory while ${phase} ${file}. ${MEMORY_ADVICE}` };
  }
  const code = (err as { code?: unknown } | null)?.code;
  const message = err instanceof Error ? err.message : String(err);
  if (typeof code === 'string' && /^E[A-Z]+$/.test(code)) {
    return { type: 'train/error', kind: 'io', message: `File error while ${phase}: ${message}` };
  }
  return { type: 'train/error', kind: 'internal', message: `Training failed while ${phase}: ${message}` };
}
