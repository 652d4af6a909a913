/** The PCA view: a scatter of two of the first three components, extremes per axis, linked selection. */
import { PANEL_LIMITS, type LabelRow, type PanelSide, type PcaPoint, type PcaResult } from '../../../src/protocol/webview';
import { drawChart, type Chart } from '../charts';
import { unavailableReason, type PanelView, type ViewContext } from '../context';
import { clear, el, fmt, fmtCount, shownLabel } from '../dom';
import { readTheme } from '../theme';
import { numberInput, segmented, selectInput } from './controls';
import { MetaControl } from './meta-control';
import { HIGHLIGHT_SIGNAL, pcaSpec, scatterRows, SELECTED_SIGNAL, type ScatterRow } from './pca-spec';

const AXES = [{ value: '0', label: 'PC1' }, { value: '1', label: 'PC2' }, { value: '2', label: 'PC3' }];
const EXTREMES = 5;
const HIGHLIGHT_K = 8;

export class PcaView implements PanelView {
  readonly root = el('section', { class: 'view', 'data-testid': 'view-pca', role: 'tabpanel', id: 'view-pca', hidden: true });
  private readonly chartBox = el('div', { class: 'chart', 'data-testid': 'pca-chart', 'data-marks': '0' });
  private readonly side = el('aside', { class: 'pca-side', 'data-testid': 'pca-extremes' });
  private readonly selection = el('div', { class: 'pca-selection', 'data-testid': 'pca-selection' });
  private readonly status = el('p', { class: 'note', 'data-testid': 'pca-status' });
  private result: PcaResult | undefined;
  private chart: Chart | undefined;
  private loaded = false;
  private request = 0;
  private selectRequest = 0;
  /** Colour by metadata (genres, year, ...): its controls and legend (meta-control.ts). */
  private readonly meta: MetaControl;

  constructor(private readonly ctx: ViewContext) {
    const s = this.settings();
    this.meta = new MetaControl(ctx, { id: 'pca', fieldLabel: 'colour by', numeric: true, state: () => (this.settings().meta ??= {}), onChange: () => this.redraw() });
    this.root.append(
      el('div', { class: 'toolbar' },
        segmented<PanelSide>('pca-side', [{ value: 'items', label: 'Items' }, { value: 'users', label: 'Users' }], s.side, (side) => {
          this.settings().side = side;
          void this.reload();
        }),
        selectInput('x', 'pca-x', AXES, String(s.x), (v) => { this.settings().x = Number(v); this.redraw(); }),
        selectInput('y', 'pca-y', AXES, String(s.y), (v) => { this.settings().y = Number(v); this.redraw(); }),
        selectInput<'bias' | 'count'>('colour', 'pca-colour', [{ value: 'bias', label: 'bias' }, { value: 'count', label: 'log rating count' }], s.colour,
          (colour) => { this.settings().colour = colour; this.redraw(); }),
        numberInput('most rated', 'pca-top', s.topRated, 10, PANEL_LIMITS.pcaPoints, (topRated) => { this.settings().topRated = topRated; void this.reload(); }),
        this.meta.root,
      ),
      this.status, this.meta.legend, this.meta.note,
      el('div', { class: 'pca-layout' }, el('div', { class: 'pca-main' }, this.chartBox, this.selection), this.side),
    );
  }

  shown(): void {
    if (!this.loaded) void this.reload();
    else if (!this.chart && this.result) this.redraw();
  }

  runChanged(): void {
    this.loaded = false;
    this.result = undefined;
    if (!this.root.hidden) void this.reload();
  }

  retheme(): void {
    if (this.result && !this.root.hidden) this.redraw();
    else this.chart = undefined;
  }

  private settings() {
    this.ctx.state.pca ??= { side: 'items', topRated: 1000, x: 0, y: 1, colour: 'bias' };
    return this.ctx.state.pca;
  }

  private async reload(): Promise<void> {
    this.ctx.saveState();
    const reason = unavailableReason(this.ctx.run(), 'items');
    if (reason) { this.status.textContent = reason; return; }
    this.loaded = true;
    const id = ++this.request;
    this.status.textContent = 'Computing the principal components\u2026';
    try {
      const result = await this.ctx.host.request('query/pca', { side: this.settings().side, topRated: this.settings().topRated });
      if (id !== this.request) return;
      await this.meta.load(result.side);
      if (id !== this.request) return;
      this.result = result;
      if (!result.points.some((p) => p.bias !== undefined) && this.settings().colour === 'bias') this.settings().colour = 'count';
      this.redraw();
    } catch (error) {
      if (id === this.request) this.status.textContent = (error as Error).message;
    }
  }

  private redraw(): void {
    const result = this.result;
    if (!result) return;
    this.ctx.saveState();
    const s = this.settings();
    const what = result.side;
    const pct = (i: number) => `PC${i + 1} (${Math.round(result.explained[i] * 100)}% of variance)`;
    this.status.textContent = `The ${result.points.length.toLocaleString('en-US')} most rated of ${result.total.toLocaleString('en-US')} ${what}. `
      + 'Scroll to zoom, drag to pan, double-click to reset; click a point to highlight its neighbours and open its ratings.';
    const rows = scatterRows(result.points, s.x, s.y);
    const spec = pcaSpec(rows, { x: pct(s.x), y: pct(s.y) }, s.colour, readTheme());
    this.renderExtremes(result.points, s.x, s.y);
    clear(this.selection);
    const previous = this.chart;
    void this.meta.colour(spec, rows).then((coloured) => drawChart(this.chartBox, coloured, 'svg')).then((chart) => {
      previous?.finalize();
      this.chart = chart;
      this.chartBox.dataset.marks = String(rows.length);
      chart.view.addEventListener('click', (_event, item) => {
        const datum = (item as { datum?: Partial<ScatterRow> } | null | undefined)?.datum;
        if (datum && typeof datum.index === 'number' && typeof datum.label === 'string') this.select(labelRowOf(datum as ScatterRow), true);
      });
    }, (error: Error) => { this.status.textContent = `Could not draw the scatter: ${error.message}`; });
  }

  /** Selects a point: highlight its neighbours in the plot, list them, and optionally open its rows. */
  private async select(row: LabelRow, openRows: boolean): Promise<void> {
    const side = this.result?.side ?? 'items';
    if (openRows) this.ctx.openRows(side, row);
    const id = ++this.selectRequest;
    await this.chart?.view.signal(SELECTED_SIGNAL, row.index).signal(HIGHLIGHT_SIGNAL, []).runAsync();
    clear(this.selection);
    this.selection.append(el('div', { class: 'query-label' }, shownLabel(row.label)));
    try {
      const minCount = this.ctx.state.neighbours?.minCount;
      const result = await this.ctx.host.request('query/neighbours', { side, query: row.index, metric: 'cosine', k: HIGHLIGHT_K, ...(minCount !== undefined ? { minCount } : {}) });
      if (id !== this.selectRequest || !result.ok) return;
      const shown = new Set(this.result?.points.map((p) => p.index));
      await this.chart?.view.signal(HIGHLIGHT_SIGNAL, result.neighbours.map((n) => n.index)).runAsync();
      const list = el('ol', { class: 'compact', 'data-testid': 'pca-neighbours' });
      for (const n of result.neighbours) {
        const item = el('li', { class: shown.has(n.index) ? 'clickable' : 'clickable muted', tabindex: 0, 'data-label': n.label, title: shown.has(n.index) ? undefined : 'not among the points shown' },
          el('span', { class: 'label-text', title: shownLabel(n.label) }, shownLabel(n.label)), ` ${fmt(n.score, 2)}`);
        item.addEventListener('click', () => void this.select(n, true));
        item.addEventListener('keydown', (e) => { if (e.key === 'Enter') void this.select(n, true); });
        list.append(item);
      }
      this.selection.append(el('div', { class: 'facts' }, `bias ${fmt(row.bias)} \u00b7 ${fmtCount(row.count)} ratings \u00b7 mean ${fmt(row.mean, 2)} \u00b7 nearest by cosine${result.minCount ? ` among ${side} with at least ${result.minCount} ratings` : ''}:`), list);
    } catch (error) {
      if (id === this.selectRequest) this.selection.append(el('p', { class: 'error' }, (error as Error).message));
    }
  }

  /** The highest and lowest scores on each shown axis, clickable. */
  private renderExtremes(points: PcaPoint[], xi: number, yi: number): void {
    clear(this.side);
    for (const axis of [xi, yi]) {
      const sorted = [...points].sort((a, b) => b.pc[axis] - a.pc[axis]);
      const block = el('div', { class: 'extremes', 'data-testid': `pca-extremes-pc${axis + 1}` }, el('h4', {}, `PC${axis + 1}`));
      const list = (title: string, rows: PcaPoint[]) => {
        const ol = el('ol', { class: 'compact' });
        for (const p of rows) {
          const item = el('li', { class: 'clickable', tabindex: 0, 'data-testid': 'pca-extreme', 'data-label': p.label },
            el('span', { class: 'label-text', title: shownLabel(p.label) }, shownLabel(p.label)), el('span', { class: 'muted' }, ` ${fmt(p.pc[axis], 2)}`));
          item.addEventListener('click', () => void this.select(p, true));
          item.addEventListener('keydown', (e) => { if (e.key === 'Enter') void this.select(p, true); });
          ol.append(item);
        }
        block.append(el('div', { class: 'muted small' }, title), ol);
      };
      list('highest', sorted.slice(0, EXTREMES));
      list('lowest', sorted.slice(-EXTREMES).reverse());
      this.side.append(block);
    }
  }
}

function labelRowOf(row: ScatterRow): LabelRow {
  return { index: row.index, label: row.label, bias: row.bias ?? undefined, count: row.count ?? undefined, mean: row.mean ?? undefined };
}
