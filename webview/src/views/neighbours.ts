/** The Neighbours view: search with suggestions, metric and k, a results table, a trail to walk back. */
import { PANEL_LIMITS, type LabelRow, type NeighboursResult, type PanelMetric, type PanelSide } from '../../../src/protocol/webview';
import { unavailableReason, type PanelView, type ViewContext } from '../context';
import { clear, el, fmt, fmtCount, showError, shownLabel } from '../dom';
import { bar, renderTable, type Column } from '../table';
import { numberInput, segmented, selectInput } from './controls';
import { SuggestBox } from './suggest-box';
import { MetaControl } from './meta-control';
import { metaColumn, metaFilter } from './meta-column';

type Row = LabelRow & { score: number; rank: number };

export class NeighboursView implements PanelView {
  readonly root = el('section', { class: 'view', 'data-testid': 'view-neighbours', role: 'tabpanel', id: 'view-neighbours', hidden: true });
  private readonly trailBox = el('nav', { class: 'trail', 'aria-label': 'Queries so far', 'data-testid': 'neighbours-trail' });
  private readonly queryBox = el('div', { class: 'query-card' });
  private readonly results = el('div', { class: 'results' });
  private readonly status = el('p', { class: 'note', role: 'status', 'data-testid': 'neighbours-status' });
  private readonly search: SuggestBox;
  private request = 0;
  private loaded = false;
  /** The minimum rating count for neighbours (the setting's until the person changes it). */
  private readonly minCountBox: HTMLElement;
  /** A metadata column and a filter by one of its values (meta-control.ts). */
  private readonly meta: MetaControl;
  private last: Extract<NeighboursResult, { ok: true }> | undefined;
  /** "Closest match for ..." when the query was matched loosely. */
  private matchNote = '';

  constructor(private readonly ctx: ViewContext) {
    const s = this.settings();
    this.meta = new MetaControl(ctx, {
      id: 'neighbours', fieldLabel: 'metadata', numeric: true, state: () => (this.settings().meta ??= {}),
      onChange: () => { this.ctx.saveState(); if (this.last) void this.renderResults(this.last); },
    });
    this.minCountBox = numberInput('min ratings', 'neighbours-min-count', s.minCount ?? 0, 0, 100_000, (minCount) => { this.settings().minCount = minCount; this.requery(); });
    this.search = new SuggestBox({
      placeholder: 'Type a title or id\u2026',
      suggest: async (text) => (await ctx.host.request('query/suggest', { side: this.settings().side, text, limit: PANEL_LIMITS.suggestions })).labels,
      onPick: (row) => void this.query(row.index, true),
      onSubmit: (text) => void this.query(text, true),
    });
    this.root.append(
      el('div', { class: 'toolbar' },
        segmented<PanelSide>('neighbours-side', [{ value: 'items', label: 'Items' }, { value: 'users', label: 'Users' }], s.side, (side) => {
          Object.assign(this.settings(), { side, trail: [] });
          this.search.setText('');
          this.showEmpty();
        }, 'Find neighbours among'),
        this.search.root,
        selectInput<PanelMetric>('metric', 'neighbours-metric', [{ value: 'cosine', label: 'cosine similarity' }, { value: 'euclidean', label: 'Euclidean distance' }],
          s.metric, (metric) => { this.settings().metric = metric; this.requery(); }),
        numberInput('k', 'neighbours-k', s.k, 1, PANEL_LIMITS.neighboursK, (k) => { this.settings().k = k; this.requery(); }),
        this.minCountBox,
        this.meta.root,
      ),
      this.trailBox, this.status, this.queryBox, this.results,
    );
  }

  shown(): void {
    if (this.loaded) return;
    this.loaded = true;
    const reason = unavailableReason(this.ctx.run(), 'items');
    if (reason) { this.status.textContent = reason; return; }
    this.requery();
  }

  /** Looks a label up as a new query (the hover's "Show neighbours", or the host's `panel/show`). */
  lookUp(text: string): void {
    this.loaded = true;
    if (unavailableReason(this.ctx.run(), 'items')) return;
    this.search.setText(text);
    void this.query(text, true);
  }

  runChanged(): void {
    this.loaded = false;
    if (!this.root.hidden) this.shown();
  }

  retheme(): void { /* plain HTML */ }

  private settings() {
    this.ctx.state.neighbours ??= { side: 'items', metric: 'cosine', k: 10, trail: [] };
    return this.ctx.state.neighbours;
  }

  /** Runs the last query of the trail again (after a metric or k change, or a reload). */
  private requery(): void {
    const last = this.settings().trail.at(-1);
    if (last) void this.query(last.index, false);
    else this.showEmpty();
  }

  private showEmpty(): void {
    this.ctx.saveState();
    this.renderTrail();
    clear(this.queryBox);
    clear(this.results);
    this.status.textContent = 'Type a label to see its nearest neighbours; click a result, or press Enter on it, to follow it.';
  }

  /** Queries a label (typed text or vocab index); `push` adds it to the trail. */
  private async query(query: string | number, push: boolean): Promise<void> {
    const s = this.settings();
    const id = ++this.request;
    this.status.textContent = 'Searching\u2026';
    let result: NeighboursResult;
    try {
      result = await this.ctx.host.request('query/neighbours', { side: s.side, query, metric: s.metric, k: s.k, ...(s.minCount !== undefined ? { minCount: s.minCount } : {}) });
      await this.meta.load(s.side);
    } catch (error) {
      if (id === this.request) showError(this.status, (error as Error).message);
      return;
    }
    if (id !== this.request) return;
    if (!result.ok) { this.showSuggestions(result.text, result.suggestions); return; }
    if (push && s.trail.at(-1)?.index !== result.query.index) s.trail.push({ index: result.query.index, label: result.query.label });
    if (s.trail.length > 30) s.trail.splice(0, s.trail.length - 30);
    this.ctx.saveState();
    this.search.setText(result.query.label);
    this.matchNote = result.how === 'fuzzy' || result.how === 'substring'
      ? `Closest match for \u201c${String(query)}\u201d.` : '';
    this.renderTrail();
    this.renderQuery(result.query, result.minCount);
    await this.renderResults(result);
  }

  private showSuggestions(text: string, suggestions: string[]): void {
    clear(this.queryBox);
    clear(this.results);
    this.status.textContent = `No label matches \u201c${text}\u201d.` + (suggestions.length ? ' Did you mean:' : '');
    const list = el('div', { class: 'did-you-mean' });
    for (const label of suggestions) {
      const button = el('button', { type: 'button', class: 'link', 'data-testid': 'did-you-mean' }, shownLabel(label));
      button.addEventListener('click', () => void this.query(label, true));
      list.append(button);
    }
    this.results.append(list);
  }

  private renderTrail(): void {
    clear(this.trailBox);
    const trail = this.settings().trail;
    trail.forEach((step, i) => {
      if (i > 0) this.trailBox.append(el('span', { class: 'sep', 'aria-hidden': 'true' }, '\u203a'));
      const current = i === trail.length - 1;
      const crumb = el('button', { type: 'button', class: current ? 'crumb current' : 'crumb', 'data-testid': 'trail-step', 'aria-current': current ? 'step' : undefined }, shownLabel(step.label));
      crumb.addEventListener('click', () => {
        trail.splice(i + 1);
        void this.query(step.index, false);
      });
      this.trailBox.append(crumb);
    });
  }

  private renderQuery(row: LabelRow, minCount = 0): void {
    clear(this.queryBox);
    const open = el('button', { type: 'button', 'data-testid': 'query-open-rows' }, 'Show ratings in source');
    open.addEventListener('click', () => this.ctx.openRows(this.settings().side, row));
    this.queryBox.append(
      el('div', { class: 'query-label', 'data-testid': 'neighbours-query' }, shownLabel(row.label),
        row.count !== undefined && row.count < minCount
          ? el('span', { class: 'low-count', 'data-testid': 'low-count' }, `few ratings (${row.count} < ${minCount}): its own vector is noisy, and it is left out of other lists`) : null),
      el('div', { class: 'facts' },
        `bias ${fmt(row.bias)} \u00b7 ${fmtCount(row.count)} ratings \u00b7 mean ${fmt(row.mean, 2)}`),
      open,
    );
  }

  private async renderResults(result: Extract<NeighboursResult, { ok: true }>): Promise<void> {
    this.last = result;
    const cosine = result.metric === 'cosine';
    const field = this.meta.field();
    const values = field ? await this.meta.values(result.neighbours.map((n) => n.index)).catch(() => undefined) : undefined;
    if (this.last !== result) return;
    const all: (Row & { meta?: string })[] = result.neighbours.map((n, i) => ({ ...n, rank: i + 1 }));
    const rows = metaFilter(all, field, values, this.settings().meta);
    const side = this.settings().side;
    const input = this.minCountBox.querySelector('input');
    if (input && result.minCount !== undefined) input.value = String(result.minCount);
    this.status.textContent = [
      result.minCount ? `Neighbours among ${side} with at least ${result.minCount} ratings (fewer-rated ones have noisy vectors; set min ratings to 0 to see them).` : '',
      rows.length < all.length ? `${rows.length} of ${all.length} have ${shownLabel(this.settings().meta?.value ?? '')}.` : '',
      this.matchNote,
    ].filter(Boolean).join(' ');
    const maxScore = Math.max(1e-9, ...rows.map((r) => Math.abs(r.score)));
    const columns: Column<Row & { meta?: string }>[] = [
      { key: 'rank', title: '#', numeric: true, cell: (r) => String(r.rank) },
      { key: 'label', title: 'label', cell: (r) => el('span', { class: 'label-text', title: shownLabel(r.label) }, shownLabel(r.label)) },
      {
        key: 'score', title: cosine ? 'similarity' : 'distance', numeric: true,
        cell: (r) => bar(cosine ? Math.max(0, r.score) : 1 - r.score / maxScore / 1.05, fmt(r.score, 3), cosine && r.score < 0),
      },
      { key: 'count', title: 'ratings', numeric: true, cell: (r) => fmtCount(r.count) },
      { key: 'mean', title: 'mean', numeric: true, cell: (r) => fmt(r.mean, 2) },
      { key: 'bias', title: 'bias', numeric: true, cell: (r) => fmt(r.bias) },
      ...(field ? [metaColumn<Row & { meta?: string }>(field)] : []),
      { key: 'open', title: 'Actions', titleHidden: true, cell: (r) => this.openButton(side, r) },
    ];
    clear(this.results);
    this.results.append(renderTable(rows, {
      columns, rowTestId: 'neighbour-row', label: (r) => r.label,
      caption: `Nearest ${rows.length} to \u201c${shownLabel(result.query.label)}\u201d by ${cosine ? 'cosine similarity' : 'Euclidean distance'}; click a row, or press Enter on it, to follow it`,
      onRowClick: (r) => void this.follow(r),
      empty: 'No neighbours.',
    }));
  }

  /** Follows a result; when the focus was on its row (Enter or Space) it moves to the new first result, not back to the page's top. */
  private async follow(row: LabelRow): Promise<void> {
    const fromKeyboard = this.results.contains(document.activeElement);
    await this.query(row.index, true);
    if (fromKeyboard && !this.results.contains(document.activeElement)) this.results.querySelector<HTMLElement>('tr[data-testid="neighbour-row"]')?.focus();
  }

  private openButton(side: PanelSide, row: LabelRow): HTMLElement {
    const button = el('button', { type: 'button', class: 'icon', 'data-testid': 'open-rows', title: 'Show its ratings in the source file', 'aria-label': `Show ratings of ${shownLabel(row.label)}` }, 'Show ratings');
    button.addEventListener('click', (event) => { event.stopPropagation(); this.ctx.openRows(side, row); });
    return button;
  }
}
