/**
 * The state of one training run as the extension shows it (notification, status bar, Runs view),
 * folded from the trainer's events by a pure reducer.
 */
import { assertNever, type TrainerToHost } from '../../protocol/trainer';
import { basename } from 'node:path';
import { groupDigits } from '../text/format-number';
import { plainText } from '../text/plain-text';

export type LivePhase = 'starting' | 'loading' | 'training' | 'saving' | 'done' | 'failed' | 'cancelled';

/** What is known about a run in progress (or just ended). */
export interface LiveRun {
  /** Extension-side key, stable before the trainer names the run. */
  key: string;
  file: string;
  model: string;
  phase: LivePhase;
  runId?: string;
  runDir?: string;
  bytesRead?: number;
  bytesTotal?: number;
  rows?: number;
  /** After the read, what the trainer is preparing ('splitting training and validation rows'); while saving, the save's stage. */
  stage?: string;
  /** The share of the preparation done, in [0, 1]. */
  prepared?: number;
  /** The share of the save done, in [0, 1]. */
  saved?: number;
  epoch?: number;
  totalEpochs?: number;
  batch?: number;
  batchesPerEpoch?: number;
  smoothLoss?: number;
  lastValidLoss?: number;
  lastValidRmse?: number;
  error?: string;
}

/** The state after one trainer event. Epochs in events are 1-based; batches 0-based. */
export function reduceLiveRun(state: LiveRun, event: TrainerToHost): LiveRun {
  switch (event.type) {
    case 'train/started':
      return { ...state, runId: event.runId, phase: 'loading' };
    case 'train/load':
      return {
        ...state, phase: 'loading', bytesRead: event.bytesRead, bytesTotal: event.bytesTotal, rows: event.rows,
        stage: event.stage, prepared: event.prepared,
      };
    case 'train/dataset':
      return { ...state, phase: 'training', rows: event.rows, bytesRead: state.bytesTotal };
    case 'train/batch':
      return {
        ...state, phase: 'training', epoch: event.epoch, batch: event.batch, batchesPerEpoch: event.batchesPerEpoch,
        smoothLoss: event.smoothLoss,
      };
    case 'train/epoch':
      return {
        ...state, phase: 'training', epoch: event.metrics.epoch, totalEpochs: event.totalEpochs,
        lastValidLoss: event.metrics.validMse, lastValidRmse: event.metrics.validRmse,
        batch: state.batchesPerEpoch !== undefined ? state.batchesPerEpoch - 1 : state.batch,
      };
    case 'train/save':
      return { ...state, phase: 'saving', stage: event.stage, saved: event.saved };
    case 'train/saved':
      return { ...state, phase: 'saving', runId: event.runId, runDir: event.runDir, stage: undefined, saved: undefined };
    case 'train/done':
      return { ...state, phase: 'done', runId: event.runId, runDir: event.runDir };
    case 'train/cancelled':
      return { ...state, phase: 'cancelled' };
    case 'train/error':
      return { ...state, phase: 'failed', error: event.message };
    case 'train/log':
      return state;
    default:
      return assertNever(event);
  }
}

/** True while the trainer works on it. */
export function isActive(run: LiveRun): boolean {
  return run.phase === 'starting' || run.phase === 'loading' || run.phase === 'training' || run.phase === 'saving';
}

/** Overall progress in [0, 1]: loading is the first 10 % (reading 7, preparing 3), epochs the rest. */
export function progressFraction(run: LiveRun, totalEpochs: number): number {
  const epochs = run.totalEpochs ?? totalEpochs;
  if (run.phase === 'done' || run.phase === 'saving') return 1;
  if (run.phase === 'starting') return 0;
  if (run.phase === 'loading' || run.epoch === undefined) {
    const read = run.bytesTotal ? Math.min(1, (run.bytesRead ?? 0) / run.bytesTotal) : 0;
    return 0.1 * (0.7 * read + 0.3 * Math.min(1, run.prepared ?? 0));
  }
  const within = run.batchesPerEpoch ? Math.min(1, ((run.batch ?? 0) + 1) / run.batchesPerEpoch) : 0;
  return 0.1 + 0.9 * Math.min(1, (run.epoch - 1 + within) / Math.max(1, epochs));
}

/** The notification's message, e.g. `epoch 2/5 · batch 300/1250 · loss 0.912 · valid 0.887`. */
export function progressMessage(run: LiveRun, totalEpochs: number): string {
  const epochs = run.totalEpochs ?? totalEpochs;
  switch (run.phase) {
    case 'starting': return 'starting the trainer…';
    case 'loading': {
      if (run.stage !== undefined) return `preparing the data ${Math.floor(100 * (run.prepared ?? 0))}% · ${run.stage}`;
      const pct = run.bytesTotal ? ` ${Math.floor((100 * (run.bytesRead ?? 0)) / run.bytesTotal)}%` : '';
      return `loading${pct}${run.rows ? ` · ${groupDigits(run.rows)} rows` : ''}`;
    }
    case 'saving':
      return run.stage !== undefined ? `saving the model… (${run.stage} ${Math.floor(100 * (run.saved ?? 0))}%)` : 'saving the model…';
    case 'done': {
      const parts = run.epoch !== undefined ? [`epoch ${run.epoch}/${epochs}`] : [];
      if (run.lastValidLoss !== undefined) parts.push(`valid ${run.lastValidLoss.toFixed(3)}`);
      return [...parts, 'saved'].join(' · ');
    }
    case 'cancelled': return 'cancelled';
    case 'failed': return `failed: ${run.error ?? 'unknown error'}`;
    case 'training': {
      const parts = [`epoch ${run.epoch ?? 1}/${epochs}`];
      if (run.batch !== undefined && run.batchesPerEpoch) parts.push(`batch ${run.batch + 1}/${run.batchesPerEpoch}`);
      if (run.smoothLoss !== undefined) parts.push(`loss ${run.smoothLoss.toFixed(3)}`);
      if (run.lastValidLoss !== undefined) parts.push(`valid ${run.lastValidLoss.toFixed(3)}`);
      return parts.join(' · ');
    }
    default: return assertNever(run.phase);
  }
}

/**
 * Status-bar text for the active runs (undefined hides the item): `Collab: epoch 2/5 · valid 0.912`.
 * It changes once an epoch, never per batch: an item redrawn ten times a second swallowed clicks in the
 * real-VS-Code suite, and a screen reader would read every batch's loss.
 */
export function statusBarText(active: readonly LiveRun[], totalEpochs: number): string | undefined {
  if (active.length === 0) return undefined;
  if (active.length === 1) {
    const run = active[0];
    const epoch = run.phase === 'training' ? `epoch ${run.epoch ?? 1}/${run.totalEpochs ?? totalEpochs}` : run.phase;
    const loss = run.phase === 'training' && run.lastValidLoss !== undefined ? ` · valid ${run.lastValidLoss.toFixed(3)}` : '';
    return `$(sync~spin) Collab: ${epoch}${loss}`;
  }
  return `$(sync~spin) Collab: ${active.length} runs training`;
}

/** The status item's tooltip and screen-reader label: each active run's file and progress, one per line. */
export function statusBarDetail(active: readonly LiveRun[]): string {
  return active.map((run) => `Collab is training on ${plainText(basename(run.file), 80)}: ${progressMessage(run, run.totalEpochs ?? 0)}`).join('\n');
}
