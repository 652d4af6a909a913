/**
 * A view's metadata controls: which field (colour by / show as a column), one value of it (highlight
 * or filter), "only these", and a clickable legend whose entries isolate their value. Fetches the
 * side's fields once and a field's values for the indices a view shows.
 */
import type { MetaViewState, PanelSide } from '../../../src/protocol/webview';
import type { MetaFieldInfo, MetadataResult, MetaValue } from '../../../src/protocol/webview-meta';
import type { ViewContext } from '../context';
import { clear, el, shownLabel } from '../dom';
import { readTheme } from '../theme';
import type { VisualizationSpec } from 'vega-embed';
import { applyMetaColour, keyName, metaPalette, metaPoints, OTHER, UNKNOWN } from './meta-colour';

export interface MetaControlOptions {
  /** Test id prefix (e.g. 'pca' gives pca-meta-field, pca-meta-value, pca-meta-only, pca-legend). */
  id: string;
  /** The label of the field select ('colour by', 'column'). */
  fieldLabel: string;
  /** Numeric fields offered (colouring: yes; filters by a value: they have none). */
  numeric: boolean;
  state(): MetaViewState;
  /** The choice changed (redraw or re-filter). */
  onChange(): void;
}

export class MetaControl {
  readonly root = el('span', { class: 'meta-control' });
  readonly legend = el('div', { class: 'meta-legend', role: 'group' });
  readonly note = el('span', { class: 'muted small' });
  private readonly fieldSelect: HTMLSelectElement;
  private readonly valueSelect: HTMLSelectElement;
  private readonly only: HTMLInputElement;
  private meta: MetadataResult | undefined;
  private side: PanelSide | undefined;
  private readonly cache = new Map<string, Promise<MetaValue[]>>();

  constructor(private readonly ctx: ViewContext, private readonly options: MetaControlOptions) {
    const { id } = options;
    this.legend.setAttribute('data-testid', `${id}-legend`);
    this.legend.setAttribute('aria-label', 'Legend: click a value to show only it');
    this.fieldSelect = el('select', { 'data-testid': `${id}-meta-field` });
    this.valueSelect = el('select', { 'data-testid': `${id}-meta-value` });
    this.only = el('input', { type: 'checkbox', 'data-testid': `${id}-meta-only` });
    this.fieldSelect.addEventListener('change', () => {
      Object.assign(this.state(), { field: this.fieldSelect.value || undefined, value: undefined });
      this.sync();
      options.onChange();
    });
    this.valueSelect.addEventListener('change', () => { this.state().value = this.valueSelect.value || undefined; this.sync(); options.onChange(); });
    this.only.addEventListener('change', () => { this.state().only = this.only.checked; options.onChange(); });
    this.root.append(
      el('label', { class: 'field' }, el('span', {}, options.fieldLabel), this.fieldSelect),
      el('label', { class: 'field' }, el('span', {}, 'value'), this.valueSelect),
      el('label', { class: 'field' }, this.only, el('span', {}, 'only these')),
    );
    this.root.hidden = true;
  }

  private state(): MetaViewState { return this.options.state(); }

  /** Loads the side's fields (once per side); hides the controls when the run has none. */
  async load(side: PanelSide): Promise<void> {
    if (this.side === side && this.meta) return;
    this.side = side;
    this.cache.clear();
    try {
      this.meta = await this.ctx.host.request('query/metadata', { side });
    } catch {
      this.meta = { side, fields: [], problems: [] };
    }
    const fields = this.fields();
    if (this.state().field && !fields.some((f) => f.name === this.state().field)) Object.assign(this.state(), { field: undefined, value: undefined });
    clear(this.fieldSelect);
    this.fieldSelect.append(el('option', { value: '' }, '(none)'));
    for (const f of fields) this.fieldSelect.append(el('option', { value: f.name, selected: f.name === this.state().field }, shownLabel(f.name)));
    this.root.hidden = fields.length === 0;
    const problems = this.meta.problems;
    this.note.textContent = problems.length
      ? `Left out of the metadata: ${problems.map((p) => `${shownLabel(p.column)} (${shownLabel(p.reason)})`).join('; ')}.` : '';
    this.sync();
  }

  /** The chosen field, if any. */
  field(): MetaFieldInfo | undefined {
    const name = this.state().field;
    return name === undefined ? undefined : this.fields().find((f) => f.name === name);
  }

  /** The chosen field's values at `indices` (cached per field and index list). */
  async values(indices: number[]): Promise<MetaValue[] | undefined> {
    const field = this.field();
    if (!field || !this.side) return undefined;
    const key = `${field.name}\u0000${indices.join(',')}`;
    let found = this.cache.get(key);
    if (!found) {
      found = this.ctx.host.request('query/metadata-values', { side: this.side, field: field.name, indices }).then((r) => r.values);
      if (this.cache.size > 8) this.cache.clear();
      this.cache.set(key, found);
      found.catch(() => this.cache.delete(key));
    }
    return found;
  }

  /**
   * Colours a scatter spec by the chosen field (rows: the spec's data, each with its vocab `index`)
   * and redraws the legend with each value's count; the spec unchanged when no field is chosen.
   */
  async colour(spec: VisualizationSpec, rows: { index: number }[]): Promise<VisualizationSpec> {
    const field = this.field();
    const values = field ? await this.values(rows.map((r) => r.index)).catch(() => undefined) : undefined;
    if (!field || !values) { this.renderLegend(); return spec; }
    const s = this.state();
    const colouring = { field, values, value: s.value, only: s.only };
    applyMetaColour(spec, rows, colouring, readTheme());
    // Each value's count is the points having it (a multi-valued point counts under each of its values).
    const counts = new Map<string, number>();
    const add = (key: string) => counts.set(key, (counts.get(key) ?? 0) + 1);
    for (const v of values) for (const i of v === null ? [] : Array.isArray(v) ? v : [v]) add(field.categories?.[i] ?? UNKNOWN);
    for (const p of metaPoints({ ...colouring, value: undefined })) if (p.metaKey === OTHER || p.metaKey === UNKNOWN) add(p.metaKey);
    this.renderLegend(counts);
    return spec;
  }

  /** Draws the legend of the chosen categorical field; each entry isolates its value (click again: all). */
  renderLegend(counts?: Map<string, number>): void {
    clear(this.legend);
    const field = this.field();
    if (!field || field.kind === 'numeric') return;
    const { domain, range } = metaPalette(field, readTheme(), this.state().value);
    domain.forEach((value, i) => {
      // Values no shown point has are left out of the legend (u.item names 19 genres; a projection may hold a few).
      if (counts && !counts.get(value)) return;
      const pressed = this.state().value === value;
      const button = el('button', {
        type: 'button', class: pressed ? 'legend-entry pressed' : 'legend-entry', 'aria-pressed': String(pressed),
        'data-testid': 'legend-entry', 'data-value': value, disabled: value === OTHER || value === UNKNOWN,
      }, el('span', { class: 'swatch', 'aria-hidden': 'true' }), shownLabel(keyName(value)), counts ? el('span', { class: 'muted' }, ` ${counts.get(value) ?? 0}`) : null);
      (button.firstChild as HTMLElement).style.background = range[i]; // CSSOM, allowed by the CSP
      button.addEventListener('click', () => {
        Object.assign(this.state(), pressed ? { value: undefined, only: false } : { value, only: true });
        this.sync();
        this.options.onChange();
      });
      this.legend.append(button);
    });
  }

  private fields(): MetaFieldInfo[] {
    return (this.meta?.fields ?? []).filter((f) => this.options.numeric || f.kind !== 'numeric');
  }

  /** Puts the state into the controls (value list of the chosen field). */
  private sync(): void {
    const field = this.field();
    clear(this.valueSelect);
    this.valueSelect.append(el('option', { value: '' }, '(all)'));
    for (const c of field?.categories ?? []) this.valueSelect.append(el('option', { value: c, selected: c === this.state().value }, shownLabel(c)));
    this.valueSelect.disabled = !field || field.kind === 'numeric';
    this.only.checked = Boolean(this.state().only);
    this.only.disabled = this.state().value === undefined;
  }
}
