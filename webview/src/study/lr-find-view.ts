/**
 * The learning-rate finder's panel: fastai's lr_find curve as it is recorded, its suggestions, and a
 * button to train on the same file with the suggested rate (or any rate the person types).
 */
import type { LrFindState } from '../../../src/protocol/study';
import { drawChart } from '../charts';
import { el, fmt, fmtSeconds } from '../dom';
import { lrFindDescription, lrFindSpec, lrRows, SKIP_END, type CurveRow } from './lr-find-spec';
import type { StudyHost } from './study-host';

/** While the test runs, the chart is redrawn at most this often (100 points in well under a second). */
const REDRAW_MS = 150;

const STATUS: Record<LrFindState['status'], string> = {
  loading: 'Loading the data\u2026', running: 'Running the range test\u2026', done: 'Done.', failed: 'Failed.', cancelled: 'Cancelled.',
};

export class LrFindView {
  readonly root = el('section', { class: 'view study', 'data-testid': 'view-lr-find' });
  private readonly heading = el('h2', { class: 'run-title' });
  private readonly status = el('p', { class: 'note', role: 'status', 'aria-live': 'polite', 'data-testid': 'lr-status' });
  private readonly chartBox = el('div', { class: 'chart', 'data-testid': 'lr-find-chart', 'data-points': '0' });
  /** The curve as a table, for screen readers and copying; built only while open. */
  private readonly curveTable = el('details', { class: 'as-table', 'data-testid': 'lr-find-table' }, el('summary', {}, 'View the curve as a table'));
  private readonly result = el('div', { class: 'lr-result', 'data-testid': 'lr-result' });
  private readonly cancel = el('button', { type: 'button', 'data-testid': 'lr-cancel' }, 'Cancel');
  private readonly rateInput = el('input', { type: 'text', inputmode: 'decimal', 'aria-label': 'Learning rate to train with', 'data-testid': 'lr-rate', size: 10 });
  private readonly train = el('button', { type: 'button', class: 'primary', 'data-testid': 'lr-train' }, 'Train with this rate');
  private readonly explain = el('p', { class: 'note small' });
  private state: LrFindState | undefined;
  private redrawTimer: ReturnType<typeof setTimeout> | undefined;
  private lastDraw = 0;

  constructor(private readonly host: StudyHost) {
    this.cancel.addEventListener('click', () => host.post({ type: 'study/cancel' }));
    this.train.addEventListener('click', () => this.trainWithRate());
    this.rateInput.addEventListener('keydown', (event) => { if (event.key === 'Enter') this.trainWithRate(); });
    this.rateInput.addEventListener('input', () => this.checkRate());
    this.explain.textContent = 'fastai\u2019s learning-rate range test: one batch at each learning rate from 1e-7 up to 10, growing '
      + 'exponentially over 100 batches, stopping once the smoothed loss passes 4 times its best. The suggestion is fastai\u2019s default, '
      + `valley: the middle of the longest steady descent. The last ${SKIP_END} points are left out of the finished curve, as fastai plots it.`;
    this.curveTable.addEventListener('toggle', () => this.renderCurveTable());
    this.root.append(this.heading, this.status, el('div', { class: 'toolbar' }, this.cancel), this.chartBox, this.curveTable, this.result,
      el('div', { class: 'toolbar' }, el('label', { class: 'field' }, el('span', {}, 'Learning rate'), this.rateInput), this.train),
      this.explain);
  }

  /** A new state from the host: text at once, the chart throttled while the test runs. */
  update(state: LrFindState): void {
    const first = this.state === undefined;
    const suggestionChanged = state.suggestion?.lr !== this.state?.suggestion?.lr;
    this.state = state;
    this.heading.textContent = state.title;
    const progress = state.status === 'loading' && state.progress ? ` ${state.progress}` : '';
    const timing = state.seconds !== undefined ? ` ${state.points.length} batches in ${fmtSeconds(state.seconds)} (${state.engine ?? ''}, bs ${state.bs ?? ''}).` : '';
    this.status.textContent = `${STATUS[state.status]}${progress}${timing}`;
    this.status.classList.toggle('error', state.status === 'failed');
    // An error is said at once (role=alert), the rest of the status politely.
    if (state.error) this.status.append(' ', el('span', { role: 'alert' }, state.error));
    this.cancel.hidden = !(state.status === 'loading' || state.status === 'running');
    this.renderResult(state);
    if (first || (suggestionChanged && state.suggestion)) this.rateInput.value = (state.suggestion?.lr ?? state.currentLr).toPrecision(2);
    this.checkRate();
    this.scheduleDraw(state.status !== 'running');
  }

  retheme(): void {
    this.scheduleDraw(true);
  }

  private renderResult(state: LrFindState): void {
    const s = state.suggestion;
    const rows: (HTMLElement | string)[] = [];
    if (s) rows.push(el('p', { class: 'lr-suggestion' }, 'Suggested learning rate (valley): ', el('strong', { 'data-testid': 'lr-suggested' }, s.lr.toExponential(2))));
    const others = Object.entries(state.suggestions ?? {}).filter(([method]) => method !== s?.method);
    if (others.length) rows.push(el('p', { class: 'muted small' }, `Other fastai suggestions: ${others.map(([m, x]) => `${m} ${x!.lr.toExponential(2)}`).join(', ')}. Your setting: ${state.currentLr.toExponential(2)}.`));
    else if (state.status === 'done' && !s) rows.push(el('p', { class: 'muted' }, 'The test stopped too early to suggest a rate (the loss diverged within the first batches). Try a smaller batch size or start lr.'));
    this.result.replaceChildren(...rows);
  }

  private rate(): number | undefined {
    const value = Number(this.rateInput.value.trim());
    return Number.isFinite(value) && value > 0 && value < 100 ? value : undefined;
  }

  private checkRate(): void {
    const ok = this.rate() !== undefined;
    this.rateInput.setAttribute('aria-invalid', String(!ok));
    this.train.disabled = !ok || this.state?.status === 'loading';
  }

  private trainWithRate(): void {
    const lr = this.rate();
    if (lr !== undefined) this.host.post({ type: 'lr/train', lr });
  }

  private renderCurveTable(): void {
    this.curveTable.querySelector('table')?.remove();
    if (!this.curveTable.open || !this.state) return;
    const body = el('tbody');
    for (const row of lrRows(this.state).curve as CurveRow[]) {
      body.append(el('tr', {}, el('td', { class: 'num' }, row.lr.toExponential(2)), el('td', { class: 'num' }, fmt(row.loss, 4))));
    }
    this.curveTable.append(el('table', { class: 'data' }, el('caption', {}, 'Smoothed training loss at each learning rate'),
      el('thead', {}, el('tr', {}, el('th', { scope: 'col', class: 'num' }, 'learning rate'), el('th', { scope: 'col', class: 'num' }, 'smoothed loss'))), body));
  }

  private scheduleDraw(now: boolean): void {
    if (this.redrawTimer !== undefined) return;
    const wait = now ? 0 : Math.max(0, REDRAW_MS - (performance.now() - this.lastDraw));
    this.redrawTimer = setTimeout(() => { this.redrawTimer = undefined; void this.draw(); }, wait);
  }

  private async draw(): Promise<void> {
    const state = this.state;
    if (!state) return;
    this.lastDraw = performance.now();
    const { curve, marks } = lrRows(state);
    if (curve.length === 0) { this.chartBox.replaceChildren(el('p', { class: 'muted' }, 'The curve appears as the batches run.')); return; }
    this.renderCurveTable();
    await drawChart(this.chartBox, lrFindSpec(curve, marks, 'container', lrFindDescription(curve, state.suggestion?.lr)));
    this.chartBox.setAttribute('data-points', String(state.points.length));
    this.chartBox.setAttribute('data-status', state.status);
  }
}
