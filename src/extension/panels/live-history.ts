/**
 * What a panel needs to draw a run that is still training: the trainer's events so far, kept even
 * while no panel is open (so a panel opened mid-run shows the curve from the start), with the batch
 * points thinned to a bounded count. Pure (no vscode).
 */
import { ThinnedSeries } from '../../common/thinning';
import type { EpochMetrics } from '../../core/run/types';
import type { TrainerToHost } from '../../protocol/trainer';
import { batchX, PANEL_LIMITS, type BatchPoint, type RunSeries, type RunSummary } from '../../protocol/webview';

/** The events of one live run, folded into a summary and a loss series. */
export class LiveRunHistory {
  readonly metrics: EpochMetrics[] = [];
  /** Batch points, thinned by the shared rule (the webview continues it from `series()`). */
  private readonly thinned = new ThinnedSeries<BatchPoint>(PANEL_LIMITS.batchPoints);
  status: RunSummary['status'] = 'training';
  totalEpochs?: number;
  runDir?: string;
  error?: string;
  private dataset?: { rows: number; users: number; items: number };

  constructor(readonly runId: string, readonly title = runId) {}

  /** The batch points kept so far (a copy). */
  get batches(): BatchPoint[] {
    return this.thinned.points();
  }

  /** Folds one trainer event in. */
  record(event: TrainerToHost): void {
    switch (event.type) {
      case 'train/batch':
        this.thinned.push({ x: batchX(event.epoch, event.batch, event.batchesPerEpoch), smoothLoss: event.smoothLoss, lr: event.lr });
        return;
      case 'train/epoch':
        this.metrics.push(event.metrics);
        this.totalEpochs = event.totalEpochs;
        return;
      case 'train/dataset':
        this.dataset = { rows: event.rows, users: event.users, items: event.items };
        return;
      case 'train/saved':
      case 'train/done':
        this.runDir = event.runDir;
        this.status = 'trained';
        return;
      case 'train/cancelled':
        this.status = 'cancelled';
        return;
      case 'train/error':
        this.status = 'failed';
        this.error = event.message;
        return;
      case 'train/started':
      case 'train/load':
      case 'train/save':
      case 'train/log':
        return;
      default: {
        const unexpected: never = event;
        throw new Error(`Unexpected trainer event ${JSON.stringify(unexpected)}`);
      }
    }
  }

  /** Should the panel forward this event to the webview (it changes the drawing)? */
  static isDrawn(event: TrainerToHost): boolean {
    return event.type === 'train/batch' || event.type === 'train/epoch';
  }

  summary(): RunSummary {
    return {
      runId: this.runId, runDir: this.runDir, title: this.title, status: this.status,
      totalEpochs: this.totalEpochs, error: this.error,
      nUsers: this.dataset?.users, nItems: this.dataset?.items,
      source: undefined,
      has: { biases: false, items: false, users: false, rows: false },
    };
  }

  series(): RunSeries {
    return { runId: this.runId, name: this.title, metrics: [...this.metrics], batches: this.batches, batchesSeen: this.thinned.seen };
  }
}

/** Live batch points (losses) and a saved run's LR schedule, in x order, for one chart. */
export function mergeBatches(live: BatchPoint[], schedule: BatchPoint[]): BatchPoint[] {
  return [...live, ...schedule].sort((a, b) => a.x - b.x);
}
