/**
 * One training job, start to finish: load the file, build the dataset, train, save the run
 * atomically, and report every step as a protocol event. The trainer child process and the CLI
 * both run exactly this; they differ only in where the events go.
 */
import { performance } from 'node:perf_hooks';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { TrainerToHost, TrainRequest, DoneEvent, ErrorEvent, CancelledEvent } from '../protocol/trainer';
import type { TrainConfig } from '../core/run/types';
import { makeRunId, uniqueRunId, TEMP_PREFIX } from '../core/run/id';
import { saveRun } from '../core/run/save';
import { fileStamp, sameStamp, sha256File } from '../core/run/source';
import { shareBefore } from '../core/data/paced';
import { runStatsWork, SAVE_PLAN, SAVE_STAGES } from '../core/run/stats';
import { FIT_SETUP_PLAN, FIT_SETUP_STAGES } from '../core/train/fit';
import { Pacer } from '../core/data/paced';
import { configProblem } from './defaults';
import { isAbort, toErrorEvent, type JobPhase } from './errors';
import { loadSource, describeSource, preparationPlan, recordedSplit, type SourceProgress } from './load-source';
import { trainModel } from './train-model';
import { evaluateRunWork } from '../core/eval/evaluate';

/** The event a job ends with. */
export type FinalEvent = DoneEvent | ErrorEvent | CancelledEvent;

/** Where a job's events go, how it is stopped, and (for tests) its clock. */
export interface TrainJobOptions {
  emit: (event: TrainerToHost) => void;
  signal: AbortSignal;
  /** Told when the job enters a phase (the trainer never force-stops a save). */
  onPhase?: (phase: JobPhase) => void;
  now?: () => Date;
}

/** Minimum time between two load-progress events (the core throttles batches the same way). */
const PROGRESS_MS = 125;

/** A run id not yet used in `runsDir` (the save may still add a suffix if another run races us). */
function pickRunId(request: TrainRequest, now: Date): string {
  const id = makeRunId(now, request.config.model, request.file);
  return uniqueRunId(id, (c) => existsSync(join(request.runsDir, c)) || existsSync(join(request.runsDir, TEMP_PREFIX + c)));
}

/** Runs one job; emits its events and resolves to the final one (never rejects). */
export async function runTrainJob(request: TrainRequest, options: TrainJobOptions): Promise<FinalEvent> {
  const { emit, signal } = options;
  let phase: JobPhase = 'starting';
  const enter = (p: JobPhase): void => { phase = p; options.onPhase?.(p); };
  const finish = (event: FinalEvent): FinalEvent => { emit(event); return event; };
  try {
    const problem = configProblem(request.config, request.validFile !== undefined, request.split);
    if (problem) return finish({ type: 'train/error', kind: 'internal', message: `Invalid training settings: ${problem}.` });
    const createdAt = (options.now ?? (() => new Date()))();
    const runId = pickRunId(request, createdAt);
    emit({ type: 'train/started', runId, pid: process.pid });

    enter('loading');
    const t0 = performance.now();
    const stampBefore = await fileStamp(request.file).catch(() => undefined);
    // Hash while loading: both stream the file; a failure only costs the hash.
    const hashing = sha256File(request.file, signal).catch(() => '');
    let lastProgress = 0;
    let read: SourceProgress = { bytesRead: 0, bytesTotal: 0, rows: 0 };
    /** A stage after the read, as the preparation reports its own (see LoadProgressEvent). */
    const emitStage = (stage: string, prepared: number): void => emit({
      type: 'train/load', bytesRead: read.bytesTotal, bytesTotal: read.bytesTotal, rows: read.rows, stage, prepared,
    });
    const emitSave = (stage: string, saved: number): void => emit({ type: 'train/save', stage, saved });
    // The plan runs on to fit's setup: its stages come after train/dataset, `prepared` still rising.
    const source = await loadSource(request, signal, (p) => {
      read = p;
      const t = performance.now();
      // Stages after the read come already throttled (at most ten a second), and each is news.
      if (!p.stage && t - lastProgress < PROGRESS_MS && p.bytesRead < p.bytesTotal) return;
      lastProgress = t;
      emit({ type: 'train/load', ...p });
    }, FIT_SETUP_PLAN);
    signal.throwIfAborted();
    const loadSeconds = (performance.now() - t0) / 1000;

    enter('preparing');
    const { dataset, warnings } = source;
    emit({
      type: 'train/dataset', rows: dataset.n, users: dataset.userVocab.labels.length - 1, items: dataset.itemVocab.labels.length - 1,
      trainRows: dataset.train.length, validRows: dataset.valid.length, warnings,
    });

    enter('training');
    const t1 = performance.now();
    // Drawing the initial weights is one synchronous step (a second at 25M rows' vocabularies): said before it starts.
    const { stage: modelStage } = FIT_SETUP_STAGES.model;
    emitStage(modelStage, shareBefore(preparationPlan(FIT_SETUP_PLAN), modelStage));
    const trained = await trainModel(dataset, request.config, {
      signal,
      pacer: source.pacer,
      onBatch: (b) => emit({ type: 'train/batch', ...b }),
      onEpoch: (metrics) => emit({ type: 'train/epoch', metrics, totalEpochs: request.config.epochs }),
      onLog: (message) => emit({ type: 'train/log', level: 'info', message }),
    });
    const trainSeconds = (performance.now() - t1) / 1000;
    signal.throwIfAborted();

    // Is the model any good? Its ranking metrics and three baselines on the same split (src/core/eval),
    // then the statistics and indexes: seconds on tens of millions of rows, reported as stages of the
    // save and cancellable (nothing is written yet).
    enter('indexing');
    const saving = new Pacer({ signal, plan: SAVE_PLAN, onProgress: ({ stage, fraction }) => emitSave(stage, fraction) });
    const evaluated = await saving.run(evaluateRunWork(trained.model, dataset, request.evaluation));
    const evaluation = 'evaluation' in evaluated ? evaluated.evaluation : undefined;
    emit('evaluation' in evaluated
      ? { type: 'train/log', level: 'info', message: `Ranking metrics at k=${evaluated.evaluation.ranking.k} and the baselines in ${evaluated.seconds.toFixed(2)} s.` }
      : { type: 'train/log', level: 'warn', message: `No ranking metrics or baselines for this run: ${evaluated.problem}.` });
    const { stats, lineIndexes } = await saving.run(
      // With a separate validation file, only the training file's rows have lines in `source.path`.
      runStatsWork(dataset, request.validFile ? dataset.train : undefined));
    signal.throwIfAborted();

    enter('saving');
    emitSave(SAVE_STAGES.write.stage, shareBefore(SAVE_PLAN, SAVE_STAGES.write.stage));
    const sha256 = await hashing;
    const stampAfter = await fileStamp(request.file).catch(() => undefined);
    if (!stampBefore || !stampAfter || !sameStamp(stampBefore, stampAfter)) {
      emit({ type: 'train/log', level: 'warn', message: `${request.file} changed or vanished during training; the run keeps what was read when training started.` });
    }
    const config: TrainConfig = { ...request.config, yRange: trained.yRange };
    const saved = await saveRun(request.runsDir, {
      id: runId,
      manifest: {
        createdAt: createdAt.toISOString(),
        origin: 'trained',
        source: {
          path: request.file, size: stampBefore?.size ?? 0, mtimeMs: stampBefore?.mtimeMs ?? 0, sha256,
          ...describeSource(source),
          ...(request.usersFile ? { usersFile: request.usersFile } : {}),
        },
        config,
        engine: trained.engine,
        vocab: source.vocab,
        stats,
        metrics: trained.metrics,
        history: trained.history,
        timings: { loadSeconds, trainSeconds, saveSeconds: 0 },
        split: recordedSplit(request),
        ...evaluation,
      },
      tensors: trained.tensors,
      lineIndexes,
      lineOffsets: source.lineOffsets,
    }, { signal });
    emit({ type: 'train/saved', runId: saved.id, runDir: saved.dir });
    return finish({ type: 'train/done', runId: saved.id, runDir: saved.dir, metrics: trained.metrics, seconds: (performance.now() - t0) / 1000, ...evaluation });
  } catch (err) {
    if (signal.aborted || isAbort(err)) return finish({ type: 'train/cancelled' });
    const event = toErrorEvent(err, phase, request.file);
    if (event.kind === 'internal' && err instanceof Error && err.stack) emit({ type: 'train/log', level: 'warn', message: err.stack });
    return finish(event);
  }
}
