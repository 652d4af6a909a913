/** A search input with a suggestion list as you type (keyboard and mouse), labels shown as text. */
import type { LabelRow } from '../../../src/protocol/webview';
import { clear, debounce, el, fmtCount, shownLabel } from '../dom';

export interface SuggestBoxOptions {
  placeholder: string;
  /** Labels for what has been typed (the latest call wins). */
  suggest(text: string): Promise<LabelRow[]>;
  /** A suggestion was picked. */
  onPick(row: LabelRow): void;
  /** Enter with no suggestion highlighted: search the typed text. */
  onSubmit(text: string): void;
  /** Prefix of the element ids and test ids (default 'neighbours'), so two boxes can share a page. */
  idPrefix?: string;
}

/** The input plus its listbox; `root` goes in the page. */
export class SuggestBox {
  readonly root: HTMLElement;
  readonly input: HTMLInputElement;
  private readonly list: HTMLUListElement;
  private readonly prefix: string;
  private rows: LabelRow[] = [];
  private active = -1;
  private request = 0;
  /** The text last submitted or picked: a debounced refresh that fires after Enter must not reopen the list over the page. */
  private settled = '';

  constructor(private readonly options: SuggestBoxOptions) {
    const prefix = this.prefix = options.idPrefix ?? 'neighbours';
    this.list = el('ul', { class: 'suggestions', role: 'listbox', id: `${prefix}-suggestions`, hidden: true });
    this.input = el('input', {
      type: 'search', placeholder: options.placeholder, 'data-testid': `${prefix}-search`, autocomplete: 'off',
      role: 'combobox', 'aria-autocomplete': 'list', 'aria-controls': `${prefix}-suggestions`, 'aria-expanded': 'false', 'aria-label': 'Search a label',
    });
    this.root = el('div', { class: 'suggest-box' }, this.input, this.list);
    const refresh = debounce(() => void this.refresh(), 60);
    this.input.addEventListener('input', refresh);
    this.input.addEventListener('keydown', (event) => this.onKey(event));
    this.input.addEventListener('blur', () => setTimeout(() => this.close(), 150));
    this.input.addEventListener('focus', () => { if (this.input.value.trim()) refresh(); });
  }

  /** Shows a label in the box without suggesting. */
  setText(text: string): void {
    this.input.value = text;
    this.settled = text.trim();
    this.close();
  }

  private async refresh(): Promise<void> {
    const text = this.input.value.trim();
    const id = ++this.request;
    if (!text || text === this.settled) { this.close(); return; }
    let rows: LabelRow[];
    try { rows = await this.options.suggest(text); } catch { rows = []; }
    if (id !== this.request || document.activeElement !== this.input) return;
    this.rows = rows;
    this.active = -1;
    this.render();
  }

  private render(): void {
    clear(this.list);
    this.rows.forEach((row, i) => {
      const item = el('li', { role: 'option', id: `${this.prefix}-suggestion-${i}`, 'data-testid': `${this.prefix}-suggestion`, 'data-label': row.label, 'aria-selected': i === this.active ? 'true' : 'false' },
        el('span', { class: 'label-text', title: shownLabel(row.label) }, shownLabel(row.label)),
        row.count !== undefined ? el('span', { class: 'muted' }, `${fmtCount(row.count)} ratings`) : null);
      // mousedown, not click: it fires before the input's blur closes the list.
      item.addEventListener('mousedown', (event) => { event.preventDefault(); this.pick(row); });
      this.list.append(item);
    });
    this.list.hidden = this.rows.length === 0;
    this.input.setAttribute('aria-expanded', String(!this.list.hidden));
    if (this.active >= 0) this.input.setAttribute('aria-activedescendant', `${this.prefix}-suggestion-${this.active}`);
    else this.input.removeAttribute('aria-activedescendant');
  }

  private onKey(event: KeyboardEvent): void {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      if (this.rows.length === 0) return;
      event.preventDefault();
      const step = event.key === 'ArrowDown' ? 1 : -1;
      this.active = (this.active + step + this.rows.length) % this.rows.length;
      this.render();
    } else if (event.key === 'Enter') {
      event.preventDefault();
      if (this.active >= 0 && !this.list.hidden) this.pick(this.rows[this.active]);
      else if (this.input.value.trim()) { this.request++; this.settled = this.input.value.trim(); this.close(); this.options.onSubmit(this.settled); }
    } else if (event.key === 'Escape') {
      this.close();
    }
  }

  private pick(row: LabelRow): void {
    this.request++;
    this.input.value = row.label;
    this.settled = row.label.trim();
    this.close();
    this.options.onPick(row);
  }

  private close(): void {
    this.rows = [];
    this.active = -1;
    this.list.hidden = true;
    clear(this.list);
    this.input.setAttribute('aria-expanded', 'false');
  }
}
