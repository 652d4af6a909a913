/**
 * The tuning panel: a live, sortable table of the sweep's configurations with the best marked, a
 * heatmap of a chosen metric over two chosen parameters, and "Train and save the best".
 */
import type { TuneResult, TuneState } from '../../../src/protocol/study';
import { drawChart } from '../charts';
import { el, fmt, fmtSeconds } from '../dom';
import { renderTable, type Column, type SortOrder } from '../table';
import { selectInput } from '../views/controls';
import { heatCells, heatmapSpec } from './tune-heatmap-spec';
import type { StudyHost } from './study-host';

/** The figures a result may have, in table order, with their headings. */
const METRICS: { key: string; title: string; lower: boolean; hint: string }[] = [
  { key: 'rmse', title: 'RMSE', lower: true, hint: 'root mean squared error on the validation rows' },
  { key: 'mae', title: 'MAE', lower: true, hint: 'mean absolute error on the validation rows' },
  { key: 'ndcg', title: 'NDCG@10', lower: false, hint: 'normalised discounted cumulative gain of each user\u2019s top 10' },
  { key: 'precision', title: 'P@10', lower: false, hint: 'share of each user\u2019s top 10 that are relevant' },
  { key: 'recall', title: 'R@10', lower: false, hint: 'share of each user\u2019s relevant items found in the top 10' },
  { key: 'map', title: 'MAP@10', lower: false, hint: 'mean average precision at 10' },
  { key: 'hitRate', title: 'HR@10', lower: false, hint: 'share of users with a relevant item in their top 10' },
];

/** How a sweep's status reads. */
const STATUS: Record<TuneState['status'], string> = {
  loading: 'Loading and splitting the data\u2026', running: 'Running', done: 'Done', budget: 'Stopped by the time budget',
  cancelled: 'Cancelled (finished configurations kept)', failed: 'Failed',
};


export class TuneView {
  readonly root = el('section', { class: 'view study', 'data-testid': 'view-tune' });
  private readonly heading = el('h2', { class: 'run-title' });
  private readonly status = el('p', { class: 'note', role: 'status', 'aria-live': 'polite', 'data-testid': 'tune-status' });
  private readonly cancel = el('button', { type: 'button', 'data-testid': 'tune-cancel' }, 'Cancel');
  private readonly resume = el('button', { type: 'button', 'data-testid': 'tune-resume' }, 'Resume');
  private readonly trainBest = el('button', { type: 'button', class: 'primary', 'data-testid': 'tune-train-best' }, 'Train and save the best');
  private readonly bestLine = el('p', { 'data-testid': 'tune-best' });
  private readonly heatControls = el('div', { class: 'toolbar' });
  private readonly heatBox = el('div', { class: 'chart', 'data-testid': 'tune-heatmap' });
  private readonly tableBox = el('div', { 'data-testid': 'tune-table' });
  private state: TuneState | undefined;
  private sort: SortOrder | undefined;
  private heat: { x?: string; y?: string; metric?: string } = {};
  private drawTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly host: StudyHost) {
    this.cancel.addEventListener('click', () => host.post({ type: 'study/cancel' }));
    this.resume.addEventListener('click', () => host.post({ type: 'tune/resume' }));
    this.trainBest.addEventListener('click', () => {
      if (this.state?.best !== undefined) host.post({ type: 'tune/train', index: this.state.best });
    });
    this.root.append(this.heading, this.status, el('div', { class: 'toolbar' }, this.cancel, this.resume, this.trainBest), this.bestLine,
      el('h3', {}, 'Heatmap'), this.heatControls, this.heatBox, el('h3', {}, 'Configurations'), this.tableBox);
  }

  /** The whole state (on ready, at the start and at the end of the sweep). */
  update(state: TuneState): void {
    this.state = { ...state, results: [...state.results] };
    this.heading.textContent = state.title;
    // A saved sweep's panel comes back after a window reload (the host's serializer reopens the folder).
    if (state.dir) this.host.setState({ tuneDir: state.dir });
    this.render();
  }

  /** One more finished configuration. */
  add(result: TuneResult, best: number | undefined, seconds: number): void {
    if (!this.state) return;
    this.state.results.push(result);
    this.state.best = best;
    this.state.seconds = seconds;
    this.render();
  }

  retheme(): void {
    this.scheduleHeatmap();
  }

  private metricsShown(): typeof METRICS {
    const results = this.state?.results ?? [];
    return METRICS.filter((m) => results.some((r) => typeof (r.metrics as unknown as Record<string, unknown>)[m.key] === 'number'));
  }

  private render(): void {
    const state = this.state;
    if (!state) return;
    const running = state.status === 'loading' || state.status === 'running';
    const counts = state.configs !== undefined ? `${state.results.length} of ${state.configs} configurations` : '';
    const folds = state.folds > 1 ? ` \u00d7 ${state.folds} folds` : '';
    const workers = state.parallel ? `, ${state.parallel} at a time` : '';
    this.status.textContent = `${STATUS[state.status]}${counts ? ` \u00b7 ${counts}${folds}${workers}` : ''} \u00b7 ${fmtSeconds(state.seconds)} \u00b7 ${state.space}`;
    // An error is said at once (role=alert), the rest of the status politely.
    if (state.error) this.status.append(' \u00b7 ', el('span', { role: 'alert' }, state.error));
    this.status.classList.toggle('error', state.status === 'failed');
    this.status.setAttribute('data-status', state.status);
    this.cancel.hidden = !running;
    this.resume.hidden = running || !state.resumable;
    this.resume.title = `Run the ${Math.max(0, (state.configs ?? 0) - state.results.length)} configurations that did not start`;
    this.trainBest.disabled = state.best === undefined;
    const best = state.results.find((r) => r.index === state.best);
    const m = METRICS.find((x) => x.key === state.metric);
    this.bestLine.textContent = best
      ? `Best by ${m?.title ?? state.metric} (${state.lowerIsBetter ? 'lower' : 'higher'} is better): #${best.index + 1}, ${this.describe(best)}: `
        + `${fmt((best.metrics as unknown as Record<string, number>)[state.metric], 4)}`
      : running ? 'The best configuration appears as soon as one finishes.' : 'No configuration finished.';
    this.renderTable();
    this.renderHeatControls();
    this.scheduleHeatmap();
  }

  private describe(r: TuneResult): string {
    const params = r.params as Record<string, number | string | undefined>;
    return (this.state?.params ?? []).filter((p) => params[p] !== undefined).map((p) => `${p}=${params[p]}`).join(' ');
  }

  private renderTable(): void {
    const state = this.state!;
    const paramColumns: Column<TuneResult>[] = state.params.map((p) => ({
      key: `param:${p}`, title: p, numeric: true,
      cell: (r) => String((r.params as Record<string, unknown>)[p] ?? ''),
      sortValue: (r) => (r.params as Record<string, number | string | undefined>)[p],
    }));
    const metricColumns: Column<TuneResult>[] = this.metricsShown().map((m) => ({
      key: m.key, title: m.title, numeric: true, hint: `${m.hint} (${m.lower ? 'lower' : 'higher'} is better)`,
      cell: (r) => {
        const value = (r.metrics as unknown as Record<string, number | undefined>)[m.key];
        const sd = (r.std as unknown as Record<string, number | undefined> | undefined)?.[m.key];
        return sd === undefined ? fmt(value, 4) : `${fmt(value, 4)} \u00b1 ${fmt(sd, 3)}`;
      },
      sortValue: (r) => (r.metrics as unknown as Record<string, number | undefined>)[m.key],
    }));
    const columns: Column<TuneResult>[] = [
      { key: 'index', title: '#', numeric: true, cell: (r) => `${r.index === state.best ? '\u2605 ' : ''}${r.index + 1}`, sortValue: (r) => r.index, hint: 'position in the search space (\u2605 the best)' },
      ...paramColumns, ...metricColumns,
      { key: 'seconds', title: 'time', numeric: true, cell: (r) => fmtSeconds(r.seconds), sortValue: (r) => r.seconds },
      {
        key: 'train', title: 'Actions', titleHidden: true, cell: (r) => {
          const button = el('button', { type: 'button', class: 'link', 'data-testid': 'tune-train-row', 'aria-label': `Train configuration ${r.index + 1} and save it` }, 'Train');
          button.addEventListener('click', (event) => { event.stopPropagation(); this.host.post({ type: 'tune/train', index: r.index }); });
          return button;
        },
      },
    ];
    const order = this.sort ?? { column: state.metric, descending: !state.lowerIsBetter };
    const table = renderTable(state.results, {
      columns, rowTestId: 'tune-row', label: (r) => String(r.index + 1),
      onSort: (next) => { this.sort = next; this.renderTable(); },
      caption: `${state.results.length} configuration${state.results.length === 1 ? '' : 's'}, sorted by ${order.column.replace('param:', '')}`,
      empty: state.status === 'failed' ? 'The sweep failed before any configuration finished.' : 'Configurations appear here as they finish.',
    }, order);
    for (const row of table.querySelectorAll<HTMLTableRowElement>('tbody tr[data-testid="tune-row"]')) {
      if (Number(row.dataset.label) - 1 === state.best) { row.classList.add('best'); row.setAttribute('aria-label', `best configuration ${row.dataset.label}`); }
    }
    this.tableBox.replaceChildren(table);
  }

  private renderHeatControls(): void {
    const state = this.state!;
    const params = state.params;
    const metrics = this.metricsShown();
    if (params.length === 0 || metrics.length === 0) { this.heatControls.replaceChildren(); return; }
    const metric = metrics.some((m) => m.key === this.heat.metric) ? this.heat.metric! : state.metric;
    const x = this.heat.x && params.includes(this.heat.x as never) ? this.heat.x : params[0];
    const ys = params.filter((p) => p !== x);
    const y = this.heat.y && ys.includes(this.heat.y as never) ? this.heat.y : ys[0];
    this.heat = { x, y, metric };
    const redraw = (): void => { this.renderHeatControls(); this.scheduleHeatmap(); };
    this.heatControls.replaceChildren(
      selectInput('Colour by', 'heat-metric', metrics.map((m) => ({ value: m.key, label: m.title })), metric, (v) => { this.heat.metric = v; redraw(); }),
      selectInput('Across', 'heat-x', params.map((p) => ({ value: p as string, label: p })), x, (v) => { this.heat.x = v; redraw(); }),
      ...(ys.length ? [selectInput('Down', 'heat-y', ys.map((p) => ({ value: p as string, label: p })), y!, (v) => { this.heat.y = v; redraw(); })] : []),
      el('span', { class: 'muted small' }, 'each cell: the best over the other parameters'),
    );
  }

  private scheduleHeatmap(): void {
    if (this.drawTimer !== undefined) return;
    this.drawTimer = setTimeout(() => { this.drawTimer = undefined; void this.drawHeatmap(); }, 100);
  }

  private async drawHeatmap(): Promise<void> {
    const state = this.state;
    const { x, y, metric } = this.heat;
    if (!state || !x || !metric) { this.heatBox.replaceChildren(el('p', { class: 'muted' }, 'The heatmap appears as configurations finish.')); return; }
    const lower = METRICS.find((m) => m.key === metric)?.lower ?? true;
    const cells = heatCells(state.results, metric, x, y, lower);
    if (cells.length === 0) { this.heatBox.replaceChildren(el('p', { class: 'muted' }, 'The heatmap appears as configurations finish.')); return; }
    const title = METRICS.find((m) => m.key === metric)?.title ?? metric;
    const best = cells.reduce((a, b) => ((lower ? b.value < a.value : b.value > a.value) ? b : a));
    const description = `Heatmap of the best ${title} by ${x}${y ? ` and ${y}` : ''}, ${cells.length} cells; best ${fmt(best.value, 4)} at ${x}=${best.x}${y ? `, ${y}=${best.y}` : ''}. The table below lists every configuration.`;
    await drawChart(this.heatBox, heatmapSpec(cells, { x, y, metric: title }, lower, 'container', description));
    this.heatBox.setAttribute('data-cells', String(cells.length));
  }
}
