/**
 * The projection view's tool rows: saved views (save under a name, restore one), export (PNG, SVG,
 * CSV through the host's save dialog), zoom buttons, and the brushed selection's actions (isolate,
 * show all, neighbours of the selection's mean). Each button only calls back into the view.
 */
import type { ViewListing } from '../../../src/protocol/projection';
import { clear, el, shownLabel } from '../dom';

/** What the tool rows ask the view to do. */
export interface ToolActions {
  saveView(name: string): Promise<void>;
  restoreView(name: string): Promise<void>;
  listViews(): Promise<ViewListing[]>;
  exportAs(format: 'png' | 'svg' | 'csv'): Promise<void>;
  zoom(factor: number): void;
  resetZoom(): void;
  isolate(): void;
  showAll(): void;
  meanNeighbours(): void;
  clearSelection(): void;
  toggleTable(): void;
}

function button(testId: string, text: string, onClick: () => void, title?: string): HTMLButtonElement {
  const b = el('button', { type: 'button', 'data-testid': testId, title }, text);
  b.addEventListener('click', onClick);
  return b;
}

/** The rows of tools; `update` reflects the selection size and whether the view is isolated. */
export class ProjectionTools {
  readonly root: HTMLElement;
  private readonly viewSelect = el('select', { 'data-testid': 'views-list', 'aria-label': 'Saved views' });
  private readonly nameInput = el('input', { type: 'text', 'data-testid': 'views-name', placeholder: 'view name', 'aria-label': 'Name of the view to save', size: 14, maxlength: 64 });
  private readonly selectionRow = el('div', { class: 'toolbar', 'data-testid': 'pca-selection-tools', hidden: true });
  private readonly selectionText = el('span', { class: 'muted', 'data-testid': 'pca-selected-count' });
  private readonly isolateButton: HTMLButtonElement;
  private readonly showAllButton: HTMLButtonElement;

  constructor(private readonly actions: ToolActions, private readonly report: (text: string) => void) {
    const save = button('views-save', 'Save view', () => {
      const name = this.nameInput.value.trim();
      if (!name) { this.report('Type a name for the view first.'); return; }
      void this.actions.saveView(name).then(() => this.refresh());
    });
    const restore = button('views-restore', 'Restore', () => { if (this.viewSelect.value) void this.actions.restoreView(this.viewSelect.value); });
    this.isolateButton = button('pca-isolate', 'Isolate', () => this.actions.isolate(), 'Project only the selected points again');
    this.showAllButton = button('pca-show-all', 'Show all', () => this.actions.showAll(), 'Leave the isolated selection');
    this.showAllButton.hidden = true;
    this.selectionRow.append(this.selectionText, this.isolateButton,
      button('pca-mean-neighbours', "Neighbours of the selection's mean", () => this.actions.meanNeighbours()),
      button('pca-clear-selection', 'Clear selection', () => this.actions.clearSelection()));
    this.root = el('div', { class: 'projection-tools' },
      el('div', { class: 'toolbar' },
        el('span', { role: 'group', 'aria-label': 'Zoom', class: 'button-group' },
          button('pca-zoom-in', 'Zoom in', () => this.actions.zoom(0.5)), button('pca-zoom-out', 'Zoom out', () => this.actions.zoom(2)),
          button('pca-zoom-reset', 'Reset zoom', () => this.actions.resetZoom())),
        el('span', { role: 'group', 'aria-label': 'Export', class: 'button-group' },
          button('export-png', 'PNG', () => void this.actions.exportAs('png'), 'Export the chart as a PNG image'),
          button('export-svg', 'SVG', () => void this.actions.exportAs('svg'), 'Export the chart as an SVG image'),
          button('export-csv', 'CSV', () => void this.actions.exportAs('csv'), 'Export the coordinates with labels as CSV')),
        button('pca-table-toggle', 'View as table', () => this.actions.toggleTable()),
        this.showAllButton),
      el('div', { class: 'toolbar' }, this.nameInput, save, this.viewSelect, restore),
      this.selectionRow);
  }

  /** Lists the saved views again. */
  async refresh(): Promise<void> {
    try {
      const views = await this.actions.listViews();
      clear(this.viewSelect);
      this.viewSelect.append(el('option', { value: '' }, views.length ? 'saved views\u2026' : 'no saved views'));
      for (const v of views) {
        this.viewSelect.append(el('option', { value: v.name, disabled: Boolean(v.error), title: v.error }, `${shownLabel(v.name)}${v.method ? ` (${v.method})` : ''}${v.error ? ' (unreadable)' : ''}`));
      }
    } catch {
      // A run still training has no folder to keep views in yet: the list just stays empty.
      clear(this.viewSelect);
      this.viewSelect.append(el('option', { value: '' }, 'no saved views'));
    }
  }

  /** Shows how many points are selected and whether the view is isolated. */
  update(selected: number, isolated: boolean): void {
    this.selectionRow.hidden = selected === 0;
    this.selectionText.textContent = `${selected.toLocaleString('en-US')} selected (shift-drag to select)`;
    this.isolateButton.disabled = selected < 3;
    this.showAllButton.hidden = !isolated;
  }
}
