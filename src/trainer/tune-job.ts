/**
 * One tuning sweep in the trainer process: core's runTune with this bundle's worker threads
 * (dist/tune-worker.js beside dist/trainer.js), its progress as protocol events. A cancel stops the
 * fits at once and still saves what finished, so the sweep ends with `tune/done` either way.
 */
import { join } from 'node:path';
import type { CancelledEvent, ErrorEvent, TuneDoneEvent, TuneJobRequest, TuneToHost } from '../protocol/trainer';
import { runTune } from '../core/tune/tune';
import { toErrorEvent, type JobPhase } from './errors';

/** The event a sweep ends with. */
export type TuneFinalEvent = TuneDoneEvent | ErrorEvent | CancelledEvent;

/** Runs one sweep; emits its events and resolves to the final one (never rejects). */
export async function runTuneJob(request: TuneJobRequest, options: {
  emit: (event: TuneToHost) => void; signal: AbortSignal; onPhase?: (phase: JobPhase) => void; workerPath?: string;
}): Promise<TuneFinalEvent> {
  const { emit, signal } = options;
  let phase = 'loading' as JobPhase;
  options.onPhase?.(phase);
  const finish = (event: TuneFinalEvent): TuneFinalEvent => { emit(event); return event; };
  try {
    const { manifest, dir, outcome } = await runTune({ ...request, workerPath: options.workerPath ?? join(__dirname, 'tune-worker.js') }, {
      signal,
      onStart: (info) => {
        // The fits run in worker threads: this thread stays free to answer a cancel and save what finished.
        phase = 'saving';
        options.onPhase?.(phase);
        emit({ type: 'tune/start', ...info });
      },
      onResult: (result) => emit({ type: 'tune/result', result }),
    });
    return finish({ type: 'tune/done', dir, manifest, end: manifest.end, skipped: outcome.skipped });
  } catch (err) {
    // Cancelled before any configuration started: there is nothing to save.
    if (signal.aborted && phase === 'loading') return finish({ type: 'train/cancelled' });
    return finish(toErrorEvent(err, phase === 'saving' ? 'training' : phase, request.file));
  }
}
