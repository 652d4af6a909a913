/**
 * One tuning sweep in the trainer process: core's runTune with this bundle's worker threads
 * (dist/tune-worker.js beside dist/trainer.js), its progress as protocol events. A cancel stops the
 * fits at once and still saves what finished, so the sweep ends with `tune/done` either way.
 */
import { join } from 'node:path';
import type {
  CancelledEvent, ErrorEvent, TuneDoneEvent, TuneJobRequest, TuneResultEvent, TuneStartEvent, TuneToHost,
} from '../protocol/trainer';
import { runTune } from '../core/tune/tune';
import { resumeTune } from '../core/tune/resume';
import { toErrorEvent, type JobPhase } from './errors';

/** The event a sweep ends with. */
export type TuneFinalEvent = TuneDoneEvent | ErrorEvent | CancelledEvent;

/** Runs one sweep, or resumes the saved one in `request.resume`; emits its events and resolves to the final one (never rejects). */
export async function runTuneJob(request: TuneJobRequest | { resume: string; budgetSeconds?: number }, options: {
  emit: (event: TuneToHost) => void; signal: AbortSignal; onPhase?: (phase: JobPhase) => void; workerPath?: string;
}): Promise<TuneFinalEvent> {
  const { emit, signal } = options;
  let phase = 'loading' as JobPhase;
  options.onPhase?.(phase);
  const finish = (event: TuneFinalEvent): TuneFinalEvent => { emit(event); return event; };
  try {
    const workerPath = options.workerPath ?? join(__dirname, 'tune-worker.js');
    const hooks = {
      signal,
      onStart: (info: Omit<TuneStartEvent, 'type'>) => {
        // The fits run in worker threads: this thread stays free to answer a cancel and save what finished.
        phase = 'saving';
        options.onPhase?.(phase);
        emit({ type: 'tune/start', ...info });
      },
      onResult: (result: TuneResultEvent['result']) => emit({ type: 'tune/result', result }),
    };
    const { manifest, dir, outcome } = 'resume' in request
      ? await resumeTune(request.resume, hooks, { budgetSeconds: request.budgetSeconds, workerPath })
      : await runTune({ ...request, workerPath }, hooks);
    return finish({ type: 'tune/done', dir, manifest, end: manifest.end, skipped: outcome.skipped });
  } catch (err) {
    // Cancelled before any configuration started: there is nothing to save.
    if (signal.aborted && phase === 'loading') return finish({ type: 'train/cancelled' });
    return finish(toErrorEvent(err, phase === 'saving' ? 'training' : phase, 'resume' in request ? request.resume : request.file));
  }
}
