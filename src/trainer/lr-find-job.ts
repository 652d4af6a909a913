/**
 * One lr_find job: load the file as a training would (same reader, split and vocabularies), run
 * fastai's learning-rate range test on a fresh model, and report it as protocol events. Nothing is
 * saved. The trainer process runs it for an `lr-find` request.
 */
import { performance } from 'node:perf_hooks';
import type { CancelledEvent, ErrorEvent, LrFindDoneEvent, LrFindRequest, LrFindToHost } from '../protocol/trainer';
import { lrFind } from '../core/train/lr-find-run';
import { configProblem } from './defaults';
import { isAbort, toErrorEvent, type JobPhase } from './errors';
import { loadSource } from './load-source';

/** The event an lr_find job ends with. */
export type LrFindFinalEvent = LrFindDoneEvent | ErrorEvent | CancelledEvent;

/** Minimum time between two load-progress events. */
const PROGRESS_MS = 125;

/** Runs one lr_find job; emits its events and resolves to the final one (never rejects). */
export async function runLrFindJob(request: LrFindRequest, options: {
  emit: (event: LrFindToHost) => void; signal: AbortSignal; onPhase?: (phase: JobPhase) => void;
}): Promise<LrFindFinalEvent> {
  const { emit, signal } = options;
  let phase: JobPhase = 'starting';
  const finish = (event: LrFindFinalEvent): LrFindFinalEvent => { emit(event); return event; };
  try {
    const problem = configProblem(request.config, request.validFile !== undefined, request.split);
    if (problem) return finish({ type: 'train/error', kind: 'internal', message: `Invalid training settings: ${problem}.` });
    const t0 = performance.now();
    phase = 'loading';
    options.onPhase?.(phase);
    let lastProgress = 0;
    const source = await loadSource(request, signal, (p) => {
      const t = performance.now();
      if (!p.stage && t - lastProgress < PROGRESS_MS && p.bytesRead < p.bytesTotal) return;
      lastProgress = t;
      emit({ type: 'train/load', ...p });
    });
    signal.throwIfAborted();
    const { dataset, warnings } = source;
    emit({
      type: 'train/dataset', rows: dataset.n, users: dataset.userVocab.labels.length - 1, items: dataset.itemVocab.labels.length - 1,
      trainRows: dataset.train.length, validRows: dataset.valid.length, warnings,
    });
    phase = 'training';
    options.onPhase?.(phase);
    const found = await lrFind(dataset, request.config, {
      ...request.options, signal,
      onBatch: (lr, loss, iteration) => emit({ type: 'lr-find/step', iteration, lr, loss }),
    });
    return finish({
      type: 'lr-find/done', lrs: found.lrs, losses: found.losses, ...(found.suggestion ? { suggestion: found.suggestion } : {}),
      suggestions: found.suggestions, engine: found.engine, bs: found.bs, seconds: (performance.now() - t0) / 1000,
    });
  } catch (err) {
    if (signal.aborted || isAbort(err)) return finish({ type: 'train/cancelled' });
    return finish(toErrorEvent(err, phase, request.file));
  }
}
