/** The Biases view: highest and lowest biases with count and mean; sortable, text and count filters. */
import { PANEL_LIMITS, type BiasesResult, type LabelRow, type PanelSide } from '../../../src/protocol/webview';
import { unavailableReason, type PanelView, type ViewContext } from '../context';
import { clear, debounce, el, fmt, fmtCount, showError, shownLabel } from '../dom';
import { bar, renderTable, type Column, type SortOrder } from '../table';
import { numberInput, segmented } from './controls';
import { MetaControl } from './meta-control';
import { metaColumn, metaFilter } from './meta-column';

const TOP = 25;

export class BiasesView implements PanelView {
  readonly root = el('section', { class: 'view', 'data-testid': 'view-biases', role: 'tabpanel', id: 'view-biases', hidden: true });
  private readonly tables = el('div', { class: 'bias-tables' });
  private readonly status = el('p', { class: 'note', role: 'status', 'data-testid': 'biases-status' });
  private result: BiasesResult | undefined;
  private loaded = false;
  private request = 0;
  /** A metadata column and a filter by one of its values (meta-control.ts). */
  private readonly meta: MetaControl;

  constructor(private readonly ctx: ViewContext) {
    const s = this.settings();
    this.meta = new MetaControl(ctx, {
      id: 'biases', fieldLabel: 'metadata', numeric: true, state: () => (this.ctx.state.biasesMeta ??= {}),
      // "Only these" ranks more rows so that the filter still fills the tables.
      onChange: () => { this.ctx.saveState(); this.reload(); },
    });
    const filter = el('input', { type: 'search', placeholder: 'Filter labels\u2026', value: s.filter, 'data-testid': 'biases-filter', 'aria-label': 'Filter labels' });
    filter.addEventListener('input', debounce(() => { this.settings().filter = filter.value; this.reload(); }, 150));
    this.root.append(
      el('div', { class: 'toolbar' },
        segmented<PanelSide>('biases-side', [{ value: 'items', label: 'Items' }, { value: 'users', label: 'Users' }], s.side,
          (side) => { this.settings().side = side; this.reload(); }, 'Show biases of'),
        filter,
        numberInput('min ratings', 'biases-min-count', s.minCount, 0, 1_000_000, (minCount) => { this.settings().minCount = minCount; this.reload(); }),
        this.meta.root,
      ),
      this.status, this.tables,
    );
  }

  shown(): void {
    if (!this.loaded) this.reload();
  }

  runChanged(): void {
    this.loaded = false;
    this.result = undefined;
    if (!this.root.hidden) this.reload();
  }

  retheme(): void { /* tables follow the CSS variables by themselves */ }

  private settings() {
    this.ctx.state.biases ??= { side: 'items', minCount: 0, filter: '' };
    return this.ctx.state.biases;
  }

  private async reload(): Promise<void> {
    this.ctx.saveState();
    const reason = unavailableReason(this.ctx.run(), 'biases');
    if (reason) { this.status.textContent = reason; clear(this.tables); return; }
    this.loaded = true;
    const s = this.settings();
    const id = ++this.request;
    this.status.textContent = 'Loading\u2026';
    try {
      const metaOnly = Boolean(this.ctx.state.biasesMeta?.only && this.ctx.state.biasesMeta.value !== undefined);
      const result = await this.ctx.host.request('query/biases', {
        side: s.side, top: metaOnly ? PANEL_LIMITS.biasesTop : Math.min(TOP, PANEL_LIMITS.biasesTop), minCount: s.minCount, filter: s.filter.trim() || undefined,
      });
      await this.meta.load(s.side);
      const field = this.meta.field();
      const indices = [...result.highest, ...result.lowest].map((r) => r.index);
      const values = field ? await this.meta.values(indices).catch(() => undefined) : undefined;
      if (id !== this.request) return;
      const state = this.ctx.state.biasesMeta;
      const highest = metaFilter(result.highest.map((r) => ({ ...r }) as LabelRow & { meta?: string }), field, values?.slice(0, result.highest.length), state);
      const lowest = metaFilter(result.lowest.map((r) => ({ ...r }) as LabelRow & { meta?: string }), field, values?.slice(result.highest.length), state);
      this.result = { ...result, highest: highest.slice(0, TOP), lowest: lowest.slice(0, TOP) };
      this.render();
    } catch (error) {
      if (id !== this.request) return;
      showError(this.status, (error as Error).message);
      clear(this.tables);
    }
  }

  private render(): void {
    const result = this.result!;
    const s = this.settings();
    const what = result.side === 'items' ? 'items' : 'users';
    this.status.textContent = `${result.considered.toLocaleString('en-US')} ${what} with at least ${s.minCount} ratings`
      + (s.filter.trim() ? ` matching \u201c${s.filter.trim()}\u201d` : '') + '. Click a row, or press Enter on it, to open its ratings in the source file.'
      + (result.note ? ` ${result.note}` : '');
    const maxAbs = Math.max(1e-9, ...[...result.highest, ...result.lowest].map((r) => Math.abs(r.bias ?? 0)));
    const field = this.meta.field();
    const columns: Column<LabelRow & { rank?: number; meta?: string }>[] = [...biasColumns(maxAbs), ...(field ? [metaColumn<LabelRow & { meta?: string }>(field)] : [])];
    const order = s.sort;
    const onSort = (next: SortOrder) => { s.sort = next; this.ctx.saveState(); this.render(); };
    const onRowClick = (row: LabelRow) => this.ctx.openRows(result.side, row);
    const table = (rows: LabelRow[], caption: string) => renderTable(rows, {
      columns, rowTestId: 'bias-row', label: (r) => r.label, onRowClick, onSort, caption,
      empty: 'No labels pass the filters.',
    }, order);
    clear(this.tables);
    this.tables.append(
      el('div', { class: 'bias-table', 'data-testid': 'biases-highest' }, table(result.highest, `Highest ${what === 'items' ? 'item' : 'user'} biases`)),
      el('div', { class: 'bias-table', 'data-testid': 'biases-lowest' }, table(result.lowest, `Lowest ${what === 'items' ? 'item' : 'user'} biases`)),
    );
  }
}

function biasColumns(maxAbs: number): Column<LabelRow & { rank?: number }>[] {
  return [
    { key: 'label', title: 'label', cell: (r) => el('span', { class: 'label-text', title: shownLabel(r.label) }, shownLabel(r.label)), sortValue: (r) => r.label.toLowerCase() },
    {
      key: 'bias', title: 'bias', numeric: true, hint: 'learned bias: how much better (or worse) rated than its factors explain',
      cell: (r) => bar(Math.abs(r.bias ?? 0) / maxAbs, fmt(r.bias, 3), (r.bias ?? 0) < 0), sortValue: (r) => r.bias,
    },
    { key: 'count', title: 'ratings', numeric: true, hint: 'ratings in the training split', cell: (r) => fmtCount(r.count), sortValue: (r) => r.count },
    { key: 'mean', title: 'mean', numeric: true, hint: 'mean rating in the training split', cell: (r) => fmt(r.mean, 2), sortValue: (r) => r.mean },
  ];
}
