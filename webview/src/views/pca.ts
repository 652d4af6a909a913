/**
 * The projection view: PCA (choice of the first three components, explained variance, extremes),
 * UMAP and t-SNE drawn as they iterate, and custom axes; isolate a brushed selection, neighbours of
 * its mean, saved views, export, a table of the points and a keyboard route to any point.
 */
import { PANEL_LIMITS, type LabelRow, type PanelSide, type PcaPoint, type PcaResult } from '../../../src/protocol/webview';
import { PROJECTION_POINTS, type ProjectFrame, type ProjectionMethod, type ProjectParams, type ProjectPoint, type SavedView } from '../../../src/protocol/projection';
import { changeRows, drawChart, type Chart } from '../charts';
import { unavailableReason, type PanelView, type ViewContext } from '../context';
import { clear, el, fmt, fmtCount, showError, shownLabel } from '../dom';
import { readTheme } from '../theme';
import { numberInput, segmented, selectInput } from './controls';
import { MetaControl } from './meta-control';
import { BRUSH_SIGNAL, HIGHLIGHT_SIGNAL, pcaSpec, POINTS_DATA, scatterRows, SELECTED_SIGNAL, ZOOM_X_SIGNAL, ZOOM_Y_SIGNAL, type ScatterRow } from './pca-spec';
import { customAxesForm, METHODS, methodControls, type MethodSettings } from './projection-settings';
import { ProjectionTools } from './projection-tools';
import { SuggestBox } from './suggest-box';
import { pointsTable } from './points-table';

const AXES = [{ value: '0', label: 'PC1' }, { value: '1', label: 'PC2' }, { value: '2', label: 'PC3' }];
const EXTREMES = 5;
const HIGHLIGHT_K = 8;
/** Above this many points the scatter draws on a canvas (SVG pan/zoom frame time grows with the marks). */
const CANVAS_ABOVE = 5000;
const PHASES: Record<string, string> = { neighbours: 'finding each point\u2019s nearest neighbours', graph: 'building the neighbour graph', layout: 'laying out', done: 'done' };

export class PcaView implements PanelView {
  readonly root = el('section', { class: 'view', 'data-testid': 'view-pca', role: 'tabpanel', id: 'view-pca', hidden: true });
  private readonly chartBox = el('div', { class: 'chart', 'data-testid': 'pca-chart', 'data-marks': '0' });
  private readonly side = el('aside', { class: 'pca-side', 'data-testid': 'pca-extremes' });
  private readonly selection = el('div', { class: 'pca-selection', 'data-testid': 'pca-selection' });
  private readonly status = el('p', { class: 'note', 'data-testid': 'pca-status', role: 'status' });
  private readonly progress = el('progress', { max: 1, value: 0, 'data-testid': 'pca-progress', hidden: true, 'aria-label': 'Projection progress' });
  private readonly methodBox = el('div', { class: 'toolbar', 'data-testid': 'pca-method-controls' });
  private readonly tableBox = el('div', { 'data-testid': 'pca-table', hidden: true });
  private readonly tools: ProjectionTools;
  private result: PcaResult | undefined;
  private axisTitles: string[] = [];
  private chart: Chart | undefined;
  private loaded = false;
  private request = 0;
  private selectRequest = 0;
  /** Colour by metadata (genres, year, ...): its controls and legend (meta-control.ts). */
  private readonly meta: MetaControl;
  private picked = new Set<number>();
  /** A saved view's zoom and selection, applied once its projection is drawn. */
  private pendingRestore: SavedView | undefined;
  private frameRows: LabelRow[] = [];

  constructor(private readonly ctx: ViewContext) {
    const s = this.settings();
    this.meta = new MetaControl(ctx, { id: 'pca', fieldLabel: 'colour by', numeric: true, state: () => (this.settings().meta ??= {}), onChange: () => this.redraw() });
    this.tools = new ProjectionTools({
      saveView: (name) => this.saveView(name), restoreView: (name) => this.restoreView(name),
      listViews: async () => (await this.ctx.host.request('views/list', {})).views,
      exportAs: (format) => this.exportAs(format), zoom: (f) => void this.zoomBy(f), resetZoom: () => this.redraw(),
      isolate: () => this.isolate([...this.picked]), showAll: () => { delete this.methodSettings().subset; void this.reload(); },
      meanNeighbours: () => void this.meanNeighbours(), clearSelection: () => this.setPicked([]),
      toggleTable: () => { this.tableBox.hidden = !this.tableBox.hidden; this.renderTable(); },
    }, (text) => { this.status.textContent = text; });
    const find = new SuggestBox({
      placeholder: 'Find a point\u2026', idPrefix: 'pca-find',
      suggest: async (text) => (await this.ctx.host.request('query/suggest', { side: this.settings().side, text, limit: PANEL_LIMITS.suggestions })).labels,
      onPick: (row) => void this.select(row),
      onSubmit: () => undefined,
    });
    this.root.append(
      el('div', { class: 'toolbar' },
        segmented<PanelSide>('pca-side', [{ value: 'items', label: 'Items' }, { value: 'users', label: 'Users' }], s.side, (side) => {
          this.settings().side = side;
          delete this.methodSettings().subset;
          void this.reload();
        }, 'Points to project'),
        selectInput<ProjectionMethod>('projection', 'pca-method', METHODS, s.method ?? 'pca', (method) => { this.settings().method = method; this.buildMethodControls(); void this.reload(); }),
        selectInput('x', 'pca-x', AXES, String(s.x), (v) => { this.settings().x = Number(v); this.redraw(); }),
        selectInput('y', 'pca-y', AXES, String(s.y), (v) => { this.settings().y = Number(v); this.redraw(); }),
        selectInput<'bias' | 'count'>('colour', 'pca-colour', [{ value: 'bias', label: 'bias' }, { value: 'count', label: 'log rating count' }], s.colour,
          (colour) => { this.settings().colour = colour; this.redraw(); }),
        numberInput('most rated', 'pca-top', s.topRated, 10, PROJECTION_POINTS, (topRated) => { this.settings().topRated = topRated; void this.reload(); }),
        find.root,
        this.meta.root,
      ),
      this.methodBox,
      this.tools.root,
      el('div', { class: 'toolbar' }, this.status, this.progress),
      this.meta.legend, this.meta.note,
      el('div', { class: 'pca-layout' }, el('div', { class: 'pca-main' }, this.chartBox, this.selection, this.tableBox), this.side),
    );
    this.buildMethodControls();
  }

  shown(): void {
    if (!this.loaded) { void this.reload(); void this.tools.refresh(); } else if (!this.chart && this.result) this.redraw();
  }

  runChanged(): void {
    this.loaded = false;
    this.result = undefined;
    if (!this.root.hidden) { void this.reload(); void this.tools.refresh(); }
  }

  retheme(): void {
    if (this.result && !this.root.hidden) this.redraw();
    else this.chart = undefined;
  }

  /** Isolates these rows: re-projects only them (a brushed region, or a legend entry's rows). */
  isolate(rows: number[]): void {
    if (rows.length < 3) { this.status.textContent = 'Select at least 3 points to isolate (shift-drag over them).'; return; }
    this.methodSettings().subset = rows.slice(0, PROJECTION_POINTS);
    this.setPicked([]);
    void this.reload();
  }

  private settings() {
    this.ctx.state.pca ??= { side: 'items', topRated: 1000, x: 0, y: 1, colour: 'bias' };
    return this.ctx.state.pca;
  }

  private methodSettings(): MethodSettings {
    const s = this.settings();
    s.projection ??= {};
    return s.projection;
  }

  private method(): ProjectionMethod {
    return this.settings().method ?? 'pca';
  }

  private buildMethodControls(): void {
    clear(this.methodBox);
    const method = this.method();
    const m = this.methodSettings();
    this.methodBox.append(...methodControls(method, m, () => void this.reload()));
    if (method === 'custom') {
      this.methodBox.append(customAxesForm(m.custom, (axes) => { m.custom = axes; void this.reload(); }, (text) => { this.status.textContent = text; }));
    }
    for (const id of ['pca-x', 'pca-y']) {
      const field = this.root.querySelector(`[data-testid="${id}"]`)?.closest('label');
      if (field) (field as HTMLElement).hidden = method !== 'pca';
    }
  }

  private async reload(): Promise<void> {
    this.ctx.saveState();
    const reason = unavailableReason(this.ctx.run(), 'items');
    if (reason) { this.status.textContent = reason; return; }
    this.loaded = true;
    const id = ++this.request;
    const s = this.settings();
    const m = this.methodSettings();
    const method = this.method();
    try {
      await this.meta.load(s.side); // the colour-by fields of this side (asked once, then cached)
      if (id !== this.request) return;
      if (method === 'pca') {
        this.status.textContent = 'Computing the principal components\u2026';
        const topRated = Math.min(s.topRated, PANEL_LIMITS.pcaPoints);
        const result = await this.ctx.host.request('query/pca', { side: s.side, topRated, ...(m.subset ? { subset: m.subset } : {}) });
        if (id !== this.request) return;
        this.axisTitles = [0, 1, 2].map((i) => `PC${i + 1} (${Math.round(result.explained[i] * 100)}% of variance)`);
        this.show(result);
        return;
      }
      if (method === 'custom' && !m.custom) { this.status.textContent = 'Choose the axes above: each goes from one set of items to another.'; return; }
      const params: ProjectParams = {
        method, side: s.side, top: s.topRated, seed: m.seed ?? 42,
        ...(m.subset ? { subset: m.subset } : {}), ...(m.umap ? { umap: m.umap } : {}), ...(m.tsne ? { tsne: m.tsne } : {}), ...(m.custom ? { custom: m.custom } : {}),
      };
      this.status.textContent = `Starting ${METHODS.find((x) => x.value === method)?.label}\u2026`;
      this.frameRows = [];
      const result = await this.ctx.host.request('query/project', params, (frame) => { if (id === this.request) void this.onFrame(frame); });
      if (id !== this.request) return;
      this.progress.hidden = true;
      this.axisTitles = result.axes;
      this.show(asPca(result.side, result.points, result.total), result.notes);
    } catch (error) {
      if (id === this.request) { showError(this.status, (error as Error).message); this.progress.hidden = true; }
    }
  }

  /** One layout on the way: the first is drawn, later ones replace the points' data in place. */
  private async onFrame(frame: ProjectFrame): Promise<void> {
    if (frame.rows) this.frameRows = frame.rows;
    const rows = this.frameRows;
    if (rows.length * 2 !== frame.coords.length) return;
    this.progress.hidden = false;
    this.progress.value = frame.progress;
    this.status.textContent = `${METHODS.find((x) => x.value === this.method())?.label}: ${PHASES[frame.phase] ?? frame.phase}, ${Math.round(frame.progress * 100)}%`;
    this.axisTitles = frame.axes;
    const points = rows.map((r, i) => ({ ...r, x: frame.coords[2 * i], y: frame.coords[2 * i + 1] }));
    const result = asPca(this.settings().side, points, this.result?.total ?? rows.length);
    if (frame.rows || !this.chart) { this.result = result; this.redraw(true); return; }
    this.result = result;
    await changeRows(this.chart, POINTS_DATA, scatterRows(result.points, 0, 1), () => true);
  }

  private show(result: PcaResult, notes: string[] = []): void {
    this.result = result;
    if (!result.points.some((p) => p.bias !== undefined) && this.settings().colour === 'bias') this.settings().colour = 'count';
    this.redraw(false, notes);
  }

  private axes(): [number, number] {
    return this.method() === 'pca' ? [this.settings().x, this.settings().y] : [0, 1];
  }

  private redraw(inProgress = false, notes: string[] = []): void {
    const result = this.result;
    if (!result) return;
    this.ctx.saveState();
    const s = this.settings();
    const [xi, yi] = this.axes();
    const subset = this.methodSettings().subset;
    if (!inProgress) {
      this.status.textContent = `${subset ? `${result.points.length.toLocaleString('en-US')} isolated` : `The ${result.points.length.toLocaleString('en-US')} most rated`} of ${result.total.toLocaleString('en-US')} ${result.side}. `
        + `${notes.length ? `${notes.join(' ')} ` : ''}Scroll to zoom, drag to pan, shift-drag to select, double-click to reset; click a point for its neighbours.`;
    }
    const rows = scatterRows(result.points, xi, yi);
    const titles = { x: this.axisTitles[xi] ?? 'x', y: this.axisTitles[yi] ?? 'y' };
    const method = METHODS.find((x) => x.value === this.method())?.label ?? 'PCA';
    const description = `${method} scatter of ${rows.length} ${result.side}: ${titles.x} against ${titles.y}. View as table lists the points.`;
    const spec = pcaSpec(rows, titles, s.colour, readTheme(), description);
    // The chart's one-line summary for screen readers (its points are hidden from them).
    this.chartBox.setAttribute('role', 'figure');
    this.chartBox.setAttribute('aria-label', description);
    if (!inProgress) {
      if (this.method() === 'pca' || this.method() === 'custom') this.renderExtremes(result.points, xi, yi); else clear(this.side);
      clear(this.selection);
      this.renderTable();
    }
    const previous = this.chart;
    this.chart = undefined;
    void this.meta.colour(spec, rows).then((coloured) => drawChart(this.chartBox, coloured, rows.length > CANVAS_ABOVE ? 'canvas' : 'svg')).then((chart) => {
      previous?.finalize();
      this.chart = chart;
      this.chartBox.dataset.marks = String(rows.length);
      this.chartBox.dataset.renderer = rows.length > CANVAS_ABOVE ? 'canvas' : 'svg';
      chart.view.addEventListener('click', (_event, item) => {
        const datum = (item as { datum?: Partial<ScatterRow> } | null | undefined)?.datum;
        if (datum && typeof datum.index === 'number' && typeof datum.label === 'string') void this.select(labelRowOf(datum as ScatterRow));
      });
      chart.view.addSignalListener(BRUSH_SIGNAL, (_name, value: unknown) => this.onBrush(value));
      if (!inProgress) void this.applyRestore();
    }, (error: Error) => { this.status.textContent = `Could not draw the scatter: ${error.message}`; });
  }

  private onBrush(value: unknown): void {
    const range = value as { x?: [number, number]; y?: [number, number] } | undefined;
    if (!range?.x || !range.y || !this.result) { this.setPicked([]); return; }
    const [x0, x1] = [Math.min(...range.x), Math.max(...range.x)];
    const [y0, y1] = [Math.min(...range.y), Math.max(...range.y)];
    const [xi, yi] = this.axes();
    this.setPicked(this.result.points.filter((p) => p.pc[xi] >= x0 && p.pc[xi] <= x1 && p.pc[yi] >= y0 && p.pc[yi] <= y1).map((p) => p.index));
  }

  private setPicked(rows: number[]): void {
    this.picked = new Set(rows);
    this.tools.update(this.picked.size, Boolean(this.methodSettings().subset));
    void this.chart?.view.signal(HIGHLIGHT_SIGNAL, rows.slice(0, 2000)).runAsync();
  }

  /** Selects a point: highlight its neighbours in the plot and list them; "Show ratings" opens its rows. */
  private async select(row: LabelRow): Promise<void> {
    const side = this.result?.side ?? 'items';
    const id = ++this.selectRequest;
    await this.chart?.view.signal(SELECTED_SIGNAL, row.index).signal(HIGHLIGHT_SIGNAL, []).runAsync();
    clear(this.selection);
    const shown = new Set(this.result?.points.map((p) => p.index));
    const open = el('button', { type: 'button', 'data-testid': 'pca-show-ratings' }, 'Show ratings');
    open.addEventListener('click', () => this.ctx.openRows(side, row));
    this.selection.append(el('div', { class: 'query-label' }, shownLabel(row.label), ' ', open),
      shown.has(row.index) ? '' : el('p', { class: 'muted' }, 'Not among the points shown (raise "most rated" or show all).'));
    try {
      const minCount = this.ctx.state.neighbours?.minCount;
      const result = await this.ctx.host.request('query/neighbours', { side, query: row.index, metric: 'cosine', k: HIGHLIGHT_K, ...(minCount !== undefined ? { minCount } : {}) });
      if (id !== this.selectRequest || !result.ok) return;
      await this.chart?.view.signal(HIGHLIGHT_SIGNAL, result.neighbours.map((n) => n.index)).runAsync();
      this.selection.append(el('div', { class: 'facts' }, `bias ${fmt(row.bias)} \u00b7 ${fmtCount(row.count)} ratings \u00b7 mean ${fmt(row.mean, 2)} \u00b7 nearest by cosine${result.minCount ? ` among ${side} with at least ${result.minCount} ratings` : ''}:`),
        this.labelList('pca-neighbours', result.neighbours.map((n) => ({ row: n, note: ` ${fmt(n.score, 2)}`, muted: !shown.has(n.index) }))));
    } catch (error) {
      if (id === this.selectRequest) this.selection.append(el('p', { class: 'error', role: 'alert' }, (error as Error).message));
    }
  }

  /** A list of labels as buttons (Enter and Space work as on any button). */
  private labelList(testId: string, items: { row: LabelRow; note: string; muted?: boolean }[], itemTestId?: string): HTMLElement {
    const list = el('ol', { class: 'compact', 'data-testid': testId });
    for (const { row, note, muted } of items) {
      const b = el('button', { type: 'button', class: muted ? 'link muted' : 'link', title: muted ? 'not among the points shown' : undefined },
        el('span', { class: 'label-text', title: shownLabel(row.label) }, shownLabel(row.label)), el('span', { class: 'muted' }, note));
      b.addEventListener('click', () => void this.select(row));
      list.append(el('li', { 'data-testid': itemTestId, 'data-label': row.label }, b));
    }
    return list;
  }

  private async meanNeighbours(): Promise<void> {
    const side = this.result?.side ?? 'items';
    try {
      const { neighbours } = await this.ctx.host.request('query/mean-neighbours', { side, rows: [...this.picked], k: 10 });
      clear(this.selection);
      this.selection.append(el('div', { class: 'facts' }, `Nearest (cosine) to the mean of the ${this.picked.size} selected:`),
        this.labelList('pca-mean-neighbours', neighbours.map((n) => ({ row: n, note: ` ${fmt(n.score, 2)}` }))));
      await this.chart?.view.signal(HIGHLIGHT_SIGNAL, neighbours.map((n) => n.index)).runAsync();
    } catch (error) {
      showError(this.status, (error as Error).message);
    }
  }

  private async zoomBy(factor: number): Promise<void> {
    const view = this.chart?.view;
    if (!view) return;
    const scaled = (domain: number[]) => { const mid = (domain[0] + domain[1]) / 2; const half = ((domain[1] - domain[0]) / 2) * factor; return [mid - half, mid + half]; };
    await view.signal(ZOOM_X_SIGNAL, scaled(view.scale('x').domain() as number[])).signal(ZOOM_Y_SIGNAL, scaled(view.scale('y').domain() as number[])).runAsync();
  }

  private currentView(name: string): SavedView {
    const { side, topRated, method, projection, x, y, ...display } = this.settings();
    const m = projection ?? {};
    const view = this.chart?.view;
    const zx = view?.signal(ZOOM_X_SIGNAL) as [number, number] | undefined;
    const zy = view?.signal(ZOOM_Y_SIGNAL) as [number, number] | undefined;
    return {
      version: 1, name, savedAt: '',
      projection: { method: method ?? 'pca', side, top: topRated, seed: m.seed ?? 42, components: [x, y],
        ...(m.subset ? { subset: m.subset } : {}), ...(m.umap ? { umap: m.umap } : {}), ...(m.tsne ? { tsne: m.tsne } : {}), ...(m.custom ? { custom: m.custom } : {}) },
      display: { ...display },
      ...(zx?.length === 2 && zy?.length === 2 ? { zoom: { x: zx, y: zy } } : {}),
      ...(this.picked.size ? { selection: [...this.picked].slice(0, PROJECTION_POINTS) } : {}),
    };
  }

  private async saveView(name: string): Promise<void> {
    try {
      await this.ctx.host.request('views/save', { view: this.currentView(name) });
      this.status.textContent = `Saved the view '${name}' in the run folder.`;
    } catch (error) {
      showError(this.status, (error as Error).message);
    }
  }

  private async restoreView(name: string): Promise<void> {
    try {
      const { view } = await this.ctx.host.request('views/load', { name });
      const p = view.projection;
      const s = this.settings();
      Object.assign(s, view.display, { side: p.side, topRated: p.top, method: p.method, x: p.components?.[0] ?? 0, y: p.components?.[1] ?? 1 });
      s.projection = { seed: p.seed, ...(p.subset ? { subset: p.subset } : {}), ...(p.umap ? { umap: p.umap } : {}), ...(p.tsne ? { tsne: p.tsne } : {}), ...(p.custom ? { custom: p.custom } : {}) };
      this.pendingRestore = view;
      this.syncControls();
      this.buildMethodControls();
      await this.reload();
    } catch (error) {
      showError(this.status, (error as Error).message);
    }
  }

  /** The saved view's zoom and selection, once its layout is drawn. */
  private async applyRestore(): Promise<void> {
    const view = this.pendingRestore;
    const chart = this.chart;
    if (!view || !chart) return;
    this.pendingRestore = undefined;
    if (view.zoom) await chart.view.signal(ZOOM_X_SIGNAL, view.zoom.x).signal(ZOOM_Y_SIGNAL, view.zoom.y).runAsync();
    if (view.selection) this.setPicked(view.selection);
    this.status.textContent = `Restored the view '${view.name}'.`;
  }

  private syncControls(): void {
    const s = this.settings();
    const set = (id: string, value: string) => { const c = this.root.querySelector<HTMLInputElement | HTMLSelectElement>(`[data-testid="${id}"]`); if (c) c.value = value; };
    set('pca-method', s.method ?? 'pca'); set('pca-x', String(s.x)); set('pca-y', String(s.y)); set('pca-colour', s.colour); set('pca-top', String(s.topRated));
    const radio = this.root.querySelector<HTMLInputElement>(`[data-testid="pca-side-${s.side}"]`);
    if (radio) radio.checked = true;
  }

  private async exportAs(format: 'png' | 'svg' | 'csv'): Promise<void> {
    const result = this.result;
    if (!result || !this.chart) { this.status.textContent = 'Nothing drawn to export yet.'; return; }
    const [xi, yi] = this.axes();
    const suggestedName = `${this.ctx.run()?.runId ?? 'run'}-${this.method()}`;
    try {
      const params = format === 'csv'
        ? { format, side: result.side, suggestedName, points: result.points.map((p) => ({ index: p.index, x: p.pc[xi], y: p.pc[yi] })) }
        : { format, side: result.side, suggestedName, data: format === 'png' ? await this.chart.view.toImageURL('png', 2) : await this.chart.view.toSVG() };
      const { saved } = await this.ctx.host.request('projection/export', params);
      this.status.textContent = saved ? `Exported to ${saved}.` : 'Export cancelled.';
    } catch (error) {
      this.status.textContent = `Could not export: ${(error as Error).message}`;
    }
  }

  private renderTable(): void {
    if (this.tableBox.hidden || !this.result) { clear(this.tableBox); return; }
    const [xi, yi] = this.axes();
    clear(this.tableBox);
    this.tableBox.append(pointsTable(this.result.points, xi, yi, this.axisTitles, (row) => void this.select(row)));
  }

  /** The highest and lowest scores on each shown axis, as buttons. */
  private renderExtremes(points: PcaPoint[], xi: number, yi: number): void {
    clear(this.side);
    for (const axis of [xi, yi]) {
      const sorted = [...points].sort((a, b) => b.pc[axis] - a.pc[axis]);
      const title = this.method() === 'pca' ? `PC${axis + 1}` : (this.axisTitles[axis] ?? '');
      const block = el('div', { class: 'extremes', 'data-testid': `pca-extremes-pc${axis + 1}` }, el('h4', {}, title));
      const list = (heading: string, rows: PcaPoint[]) => {
        block.append(el('div', { class: 'muted small' }, heading), this.labelList(`pca-extremes-${heading}`, rows.map((p) => ({ row: p, note: ` ${fmt(p.pc[axis], 2)}` })), 'pca-extreme'));
      };
      list('highest', sorted.slice(0, EXTREMES));
      list('lowest', sorted.slice(-EXTREMES).reverse());
      this.side.append(block);
    }
  }
}

/** Placed points as the PCA result the scatter draws (x and y as the first two "components"). */
function asPca(side: PanelSide, points: ProjectPoint[], total: number): PcaResult {
  return { side, points: points.map(({ x, y, ...row }) => ({ ...row, pc: [x, y, 0] })), explained: [0, 0, 0], total };
}

function labelRowOf(row: ScatterRow): LabelRow {
  return { index: row.index, label: row.label, bias: row.bias ?? undefined, count: row.count ?? undefined, mean: row.mean ?? undefined };
}
