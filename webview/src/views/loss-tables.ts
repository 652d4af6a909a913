/** The Loss view's tables: the loss history as a table (the chart's data for screen readers and copying) and the compared runs. */
import type { RunSeries } from '../../../src/protocol/webview';
import { el, fmt, fmtSeconds, shownLabel } from '../dom';

/** A collapsed "View as table" section holding a run's losses per epoch; the table is built only while open. */
export class HistoryTable {
  readonly root: HTMLDetailsElement;
  private series: RunSeries | undefined;

  constructor(summary = 'View the loss history as a table') {
    this.root = el('details', { class: 'as-table', 'data-testid': 'loss-table' }, el('summary', {}, summary));
    this.root.addEventListener('toggle', () => this.render());
  }

  /** New or grown history: redrawn at once if the table is open, else on the next open. */
  update(series: RunSeries): void {
    this.series = series;
    this.render();
  }

  private render(): void {
    this.root.querySelector('table')?.remove();
    if (!this.root.open || !this.series) return;
    const series = this.series;
    const body = el('tbody');
    for (const m of series.metrics) {
      body.append(el('tr', {},
        el('th', { scope: 'row', class: 'num' }, String(m.epoch)),
        el('td', { class: 'num' }, fmt(m.trainLoss, 4)), el('td', { class: 'num' }, fmt(m.validMse, 4)),
        el('td', { class: 'num' }, fmt(m.validRmse, 4)), el('td', { class: 'num' }, fmt(m.validMae, 4)),
        el('td', { class: 'num' }, fmtSeconds(m.seconds))));
    }
    if (series.metrics.length === 0) body.append(el('tr', { class: 'empty' }, el('td', { colspan: 6 }, 'No epoch has finished yet.')));
    const head = ['epoch', 'train loss', 'valid MSE', 'valid RMSE', 'valid MAE', 'time'].map((h) => el('th', { scope: 'col', class: 'num' }, h));
    this.root.append(el('table', { class: 'data history' },
      el('caption', {}, `Loss per epoch of ${shownLabel(series.name)}`), el('thead', {}, el('tr', {}, ...head)), body));
  }
}

/** Final metrics of each compared run, best valid MSE first. */
export function compareTable(main: RunSeries, others: RunSeries[]): HTMLElement {
  const rows = [main, ...others]
    .map((s) => ({ s, last: s.metrics.at(-1) }))
    .sort((a, b) => (a.last?.validMse ?? Infinity) - (b.last?.validMse ?? Infinity));
  const body = el('tbody');
  for (const { s, last } of rows) {
    body.append(el('tr', { 'data-testid': 'compare-row', 'data-label': s.name },
      el('th', { scope: 'row' }, shownLabel(s.name)), el('td', { class: 'num' }, String(s.metrics.length)),
      el('td', { class: 'num' }, fmt(last?.validMse, 4)), el('td', { class: 'num' }, fmt(last?.validRmse, 4)),
      el('td', { class: 'num' }, fmt(last?.validMae, 4))));
  }
  return el('table', { class: 'data compare' },
    el('caption', {}, 'Compared runs, best valid MSE first'),
    el('thead', {}, el('tr', {}, ...['run', 'epochs', 'MSE', 'RMSE', 'MAE'].map((h, i) => el('th', { scope: 'col', class: i ? 'num' : undefined }, h)))),
    body);
}
