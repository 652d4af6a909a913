/** The Loss view: final metrics and timings on top, loss per epoch and per batch, the LR schedule below. */
import type { TrainerToHost } from '../../../src/protocol/trainer';
import { modelLabel } from '../../../src/common/model-label';
import { ThinnedSeries } from '../../../src/common/thinning';
import { batchX, PANEL_LIMITS, type BatchPoint, type RunSeries, type RunSummary } from '../../../src/protocol/webview';
import { changeRows, drawChart, type Chart } from '../charts';
import type { PanelView, ViewContext } from '../context';
import { clear, el, fmt, fmtSeconds, shownLabel } from '../dom';
import { baselinesSection } from './baselines-table';
import { batchRow, epochRows, LOSS_DATA, lossDescription, lossRows, lossSpec, LR_DATA, lrSpec, seriesNames, seriesOf, type LossRow, type LrRow } from './loss-spec';
import { compareTable, HistoryTable } from './loss-tables';

/**
 * Live rows are drawn at most this often: a run of thousands of tiny epochs sends thousands of
 * events a second, and one Vega changeset per event would keep the webview busy redrawing.
 */
const LIVE_FLUSH_MS = 100;

export class LossView implements PanelView {
  readonly root = el('section', { class: 'view', 'data-testid': 'view-loss', role: 'tabpanel', id: 'view-loss' });
  private readonly summary = el('div', { class: 'summary', 'data-testid': 'loss-summary' });
  private readonly lossBox = el('div', { class: 'chart', 'data-testid': 'loss-chart', 'data-epochs': '0' });
  private readonly lrBox = el('div', { class: 'chart small', 'data-testid': 'lr-chart' });
  private readonly note = el('p', { class: 'note', role: 'status' });
  /** Training progress for screen readers: one announcement per epoch, never per batch. */
  private readonly progress = el('p', { class: 'visually-hidden', role: 'status', 'data-testid': 'loss-progress' });
  private readonly history = new HistoryTable();
  private lastStatus: RunSummary['status'] | undefined;
  private series: RunSeries | undefined;
  private compare: RunSeries[] = [];
  private lossChart: Chart | undefined;
  private lrChart: Chart | undefined;
  private drawn = false;
  private drawing: Promise<void> | undefined;
  /** The run's batch points, thinned live by the same rule as the host's (continued from its count). */
  private thinned = new ThinnedSeries<BatchPoint>(PANEL_LIMITS.batchPoints);
  /** Live changes not drawn yet (already in `series`): epoch rows, new batch points, x of dropped ones; and the timer that draws them. */
  private pendingEpochs: LossRow[] = [];
  private pendingBatches = new Map<number, BatchPoint>();
  private droppedX = new Set<number>();
  private flushTimer: ReturnType<typeof setTimeout> | undefined;
  private summaryStale = false;

  constructor(private readonly ctx: ViewContext) {
    this.root.append(
      this.summary,
      el('h3', { class: 'chart-title' }, 'Loss'), this.lossBox, this.history.root,
      el('h3', { class: 'chart-title' }, 'Learning rate'), this.lrBox,
      this.note, this.progress,
    );
  }

  /** New history for the panel's run (and the runs compared with it). */
  setSeries(series: RunSeries, compare: RunSeries[]): void {
    this.series = { ...series, metrics: [...series.metrics], batches: [...series.batches] };
    this.thinned = ThinnedSeries.resume(series.batches, series.batchesSeen ?? series.batches.length, PANEL_LIMITS.batchPoints);
    this.compare = compare;
    this.announceEnd();
    this.renderSummary();
    this.drawn = false;
    if (!this.root.hidden) this.shown();
  }

  shown(): void {
    if (!this.drawn && this.series) void this.draw();
  }

  runChanged(): void {
    this.announceEnd();
    this.renderSummary();
  }

  /** The live run ended (the host's new init or status): say so once; the badge and cards change silently. */
  private announceEnd(): void {
    const status = this.ctx.run()?.status;
    if (this.lastStatus === 'training' && status && status !== 'training') {
      const last = this.series?.metrics.at(-1);
      this.progress.textContent = `Training ${status === 'trained' ? 'finished' : status}${last ? `: valid MSE ${fmt(last.validMse, 4)} after ${last.epoch} epochs` : ''}.`;
    }
    this.lastStatus = status;
  }

  retheme(): void {
    this.drawn = false;
    if (!this.root.hidden) this.shown();
  }

  /** Appends a live trainer event to the series; its rows reach the charts with the next flush. */
  onTrainerEvent(event: TrainerToHost): void {
    const series = this.series;
    if (!series) return;
    if (event.type === 'train/batch') {
      const point = { x: batchX(event.epoch, event.batch, event.batchesPerEpoch), smoothLoss: event.smoothLoss, lr: event.lr };
      // Points the thinning drops leave the chart too: a long run stays within the cap here as well.
      for (const dropped of this.thinned.push(point)) {
        if (!this.pendingBatches.delete(dropped.x)) this.droppedX.add(dropped.x);
      }
      this.pendingBatches.set(point.x, point);
      series.batches = this.thinned.points();
    } else if (event.type === 'train/epoch') {
      series.metrics.push(event.metrics);
      const m = event.metrics;
      this.progress.textContent = `Epoch ${m.epoch}${event.totalEpochs ? ` of ${event.totalEpochs}` : ''}: train loss ${fmt(m.trainLoss, 4)}, valid MSE ${fmt(m.validMse, 4)}.`;
      this.pendingEpochs.push(...epochRows(event.metrics.epoch, event.metrics.trainLoss, event.metrics.validMse, seriesNames(series, this.compare.length > 0)));
      this.summaryStale = true;
    } else {
      return;
    }
    this.flushTimer ??= setTimeout(() => {
      this.flushTimer = undefined;
      void this.flush();
    }, LIVE_FLUSH_MS);
  }

  /** Draws the pending live rows as one Vega changeset per chart (not a redraw). */
  private async flush(): Promise<void> {
    const series = this.series;
    if (!series) return;
    const names = seriesNames(series, this.compare.length > 0);
    const batches = [...this.pendingBatches.values()];
    const dropped = this.droppedX;
    const loss = [...this.pendingEpochs.splice(0), ...batches.flatMap((b) => b.smoothLoss === undefined ? [] : [batchRow({ ...b, smoothLoss: b.smoothLoss }, names.batch)])];
    const lr: LrRow[] = batches.map((b) => ({ x: b.x, lr: b.lr, series: series.name }));
    this.pendingBatches = new Map();
    this.droppedX = new Set();
    if (this.summaryStale) {
      this.summaryStale = false;
      this.renderSummary();
    }
    // Wait for a first draw in progress. A hidden chart is not touched (its container has no
    // width to lay out in): the next show redraws it from the series, new rows included.
    if (this.drawing) await this.drawing;
    if (this.root.hidden) this.drawn = false;
    if (!this.drawn) return;
    const gone = dropped.size > 0;
    this.lossChart?.view.description(lossDescription(series, this.ctx.run()?.totalEpochs));
    if ((loss.length || gone) && this.lossChart) {
      await changeRows<LossRow>(this.lossChart, LOSS_DATA, loss, gone ? (r) => r.kind === 'batch' && r.series === names.batch && dropped.has(r.x) : undefined);
    }
    if ((lr.length || gone) && this.lrChart) {
      await changeRows<LrRow>(this.lrChart, LR_DATA, lr, gone ? (r) => r.series === series.name && dropped.has(r.x) : undefined);
    }
    this.markDrawn(series);
  }

  private async draw(): Promise<void> {
    const series = this.series!;
    // The draw takes every row of the series, so changes still waiting for a flush are in it already.
    this.pendingEpochs = [];
    this.pendingBatches = new Map();
    this.droppedX = new Set();
    const comparing = this.compare.length > 0;
    const all = [series, ...this.compare];
    const rows = all.flatMap((s) => lossRows(s, comparing));
    // Legend entries only for series that have (or will get, while training) points.
    const live = this.ctx.run()?.status === 'training';
    const order = all.flatMap((s) => seriesOf(s, comparing, live || s.batches.some((b) => b.smoothLoss !== undefined)));
    const lr = all.flatMap((s) => s.batches.map((b) => ({ x: b.x, lr: b.lr, series: s.name })));
    // A run that stopped before its first loss has nothing to chart: say so instead of empty axes.
    const status = this.ctx.run()?.status;
    const stoppedEarly = (status === 'failed' || status === 'cancelled') && series.metrics.length === 0
      && !series.batches.some((b) => b.smoothLoss !== undefined) && this.compare.length === 0;
    this.root.classList.toggle('no-history', stoppedEarly);
    const maxEpoch = Math.max(this.ctx.run()?.totalEpochs ?? 0, ...all.map((s) => s.metrics.length)) || undefined;
    this.drawn = true;
    const task = (async () => {
      this.lossChart?.finalize();
      this.lrChart?.finalize();
      this.lossChart = await drawChart(this.lossBox, lossSpec(rows, order, maxEpoch, 'container', lossDescription(series, this.ctx.run()?.totalEpochs)));
      this.lrChart = await drawChart(this.lrBox, lrSpec(lr, maxEpoch, 'container'));
      this.markDrawn(series);
      this.note.textContent = historyNote(this.ctx.run()?.status, series, lr.length > 0);
    })();
    this.drawing = task;
    try { await task; } finally { if (this.drawing === task) this.drawing = undefined; }
  }

  /** What the loss chart holds, on its element (for tests and the e2e suite): epochs, rows, and the run's batch rows' first and last x. */
  private markDrawn(series: RunSeries): void {
    const rows = (this.lossChart?.view.data(LOSS_DATA) ?? []) as LossRow[];
    const batchName = seriesNames(series, this.compare.length > 0).batch;
    const batches = rows.filter((r) => r.kind === 'batch' && r.series === batchName).map((r) => r.x);
    this.lossBox.dataset.epochs = String(series.metrics.length);
    this.lossBox.dataset.points = String(rows.length);
    this.lossBox.dataset.batchPoints = String(batches.length);
    this.lossBox.dataset.batchX = batches.length ? `${Math.min(...batches)} ${Math.max(...batches)}` : '';
  }

  private renderSummary(): void {
    clear(this.summary);
    const run = this.ctx.run();
    const series = this.series;
    if (!run || !series) return;
    this.summary.append(el('div', { class: 'run-title' }, el('strong', {}, shownLabel(run.title)), ' ', statusBadge(run)));
    if (run.error) this.summary.append(el('p', { class: 'error', role: 'alert' }, run.error));
    this.history.update(series);
    const last = series.metrics.at(-1);
    const cards = el('div', { class: 'cards' },
      card('valid MSE', fmt(last?.validMse, 4), 'metric-mse'),
      card('valid RMSE', fmt(last?.validRmse, 4), 'metric-rmse'),
      card('valid MAE', fmt(last?.validMae, 4), 'metric-mae'),
      card('train loss', fmt(last?.trainLoss, 4)),
      card('epochs', `${series.metrics.length}${run.totalEpochs ? ` / ${run.totalEpochs}` : ''}`, 'metric-epochs'),
    );
    if (run.timings) {
      cards.append(card('load', fmtSeconds(run.timings.loadSeconds)), card('train', fmtSeconds(run.timings.trainSeconds)), card('save', fmtSeconds(run.timings.saveSeconds)));
    } else if (series.metrics.length) {
      cards.append(card('train', fmtSeconds(series.metrics.reduce((s, m) => s + m.seconds, 0))));
    }
    this.summary.append(cards);
    const c = run.config;
    if (c) {
      this.summary.append(el('p', { class: 'config' },
        `${modelLabel(c)} \u00b7 lr ${c.lr} \u00b7 wd ${c.wd} \u00b7 batch ${c.bs} \u00b7 valid ${Math.round(c.validPct * 100)}% \u00b7 seed ${c.seed}`
        + (run.nUsers !== undefined ? ` \u00b7 ${run.nUsers.toLocaleString('en-US')} users, ${run.nItems?.toLocaleString('en-US')} items` : '')));
    }
    if (run.evaluation) this.summary.append(baselinesSection(run.evaluation));
    if (this.compare.length) this.summary.append(compareTable(series, this.compare));
  }
}

function card(title: string, value: string, testId?: string): HTMLElement {
  return el('div', { class: 'card', 'data-testid': testId }, el('div', { class: 'card-value' }, value), el('div', { class: 'card-title' }, title));
}

/** The line under the charts: why there is less to see than a person might expect. */
function historyNote(status: RunSummary['status'] | undefined, series: RunSeries, hasLr: boolean): string {
  const hasBatches = series.batches.some((b) => b.smoothLoss !== undefined);
  switch (status) {
    case 'imported':
      return 'Imported embeddings have no training history; see Neighbours and PCA.';
    case 'failed':
    case 'cancelled': {
      const what = status === 'failed' ? 'failed' : 'was cancelled';
      if (series.metrics.length === 0 && !hasBatches) {
        return `Training ${what} before its first batch, so there is no loss to draw and nothing was saved. `
          + 'Run Collab: Train Model again once the cause above is fixed (Collab: Show Log has the details).';
      }
      return `Training ${what} after ${series.metrics.length} of its epochs; nothing was saved. The losses above are all it reported.`;
    }
    case 'trained':
      return hasBatches ? ''
        : `This run was saved without its per-batch losses (by an older Collab); it shows its losses per epoch${hasLr ? ' and its learning-rate schedule.' : '.'}`;
    default:
      return '';
  }
}

function statusBadge(run: RunSummary): HTMLElement {
  return el('span', { class: `badge ${run.status}`, 'data-testid': 'run-status' }, run.status);
}
