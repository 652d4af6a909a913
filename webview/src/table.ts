/** A plain sortable table: header clicks sort, rows carry test ids and labels, cells are text only. */
import { el } from './dom';

/** One column: how to show a row's cell and the value it sorts by. */
export interface Column<Row> {
  key: string;
  title: string;
  numeric?: boolean;
  /** Text of the cell, or an element (e.g. a bar). */
  cell(row: Row): string | Node;
  sortValue?(row: Row): number | string | undefined;
  /** Tooltip for the header. */
  hint?: string;
  /** The title is for screen readers only (a column of buttons: "Actions"). */
  titleHidden?: boolean;
}

/** How a table is sorted. */
export interface SortOrder { column: string; descending: boolean }

export interface TableOptions<Row> {
  columns: Column<Row>[];
  rowTestId: string;
  label(row: Row): string;
  onRowClick?(row: Row, event: MouseEvent): void;
  /**
   * Called after a header click (or Enter or Space on it) changed the order; the caller draws the
   * table again, synchronously, and the new table's button for that column gets the focus back.
   */
  onSort?(order: SortOrder): void;
  caption?: string;
  empty?: string;
}

/** Sorts a copy of the rows by one column (missing values last). */
export function sortRows<Row>(rows: readonly Row[], columns: Column<Row>[], order: SortOrder | undefined): Row[] {
  const column = order && columns.find((c) => c.key === order.column);
  if (!column || !column.sortValue) return [...rows];
  const value = column.sortValue;
  const sign = order!.descending ? -1 : 1;
  return [...rows].sort((a, b) => {
    const va = value(a);
    const vb = value(b);
    if (va === undefined) return vb === undefined ? 0 : 1;
    if (vb === undefined) return -1;
    if (typeof va === 'number' && typeof vb === 'number') return sign * (va - vb);
    return sign * String(va).localeCompare(String(vb));
  });
}

/** Renders rows into a new <table>; `order` marks the sorted header. */
export function renderTable<Row>(rows: readonly Row[], options: TableOptions<Row>, order?: SortOrder): HTMLTableElement {
  const { columns } = options;
  const headRow = el('tr');
  for (const column of columns) {
    const sorted = order?.column === column.key;
    const th = el('th', {
      scope: 'col', class: column.numeric ? 'num' : undefined, title: column.hint,
      'aria-sort': sorted ? (order!.descending ? 'descending' : 'ascending') : undefined,
    });
    if (column.sortValue && options.onSort) {
      const button = el('button', { type: 'button', class: 'sort', 'data-column': column.key },
        column.title, el('span', { class: 'arrow', 'aria-hidden': 'true' }, sorted ? (order!.descending ? '\u25BC' : '\u25B2') : ''));
      button.addEventListener('click', () => {
        const descending = sorted ? !order!.descending : Boolean(column.numeric);
        const refocus = document.activeElement === button ? sameTableAfter(button, options.rowTestId) : undefined;
        options.onSort!({ column: column.key, descending });
        refocus?.()?.querySelector<HTMLButtonElement>(`button.sort[data-column="${CSS.escape(column.key)}"]`)?.focus();
      });
      th.append(button);
    } else {
      th.append(column.titleHidden ? el('span', { class: 'visually-hidden' }, column.title) : column.title);
    }
    headRow.append(th);
  }
  const body = el('tbody');
  for (const row of sortRows(rows, columns, order)) {
    const tr = el('tr', { 'data-testid': options.rowTestId, 'data-label': options.label(row), tabindex: options.onRowClick ? 0 : undefined });
    for (const column of columns) {
      const content = column.cell(row);
      tr.append(el('td', { class: column.numeric ? 'num' : undefined }, content));
    }
    if (options.onRowClick) {
      const click = options.onRowClick;
      tr.classList.add('clickable');
      tr.addEventListener('click', (event) => click(row, event));
      tr.addEventListener('keydown', (event) => {
        if (event.target === tr && (event.key === 'Enter' || event.key === ' ')) {
          event.preventDefault();
          click(row, new MouseEvent('click'));
        }
      });
    }
    body.append(tr);
  }
  if (rows.length === 0) {
    body.append(el('tr', { class: 'empty' }, el('td', { colspan: columns.length }, options.empty ?? 'Nothing to show.')));
  }
  return el('table', { class: 'data', 'data-rows': options.rowTestId }, options.caption ? el('caption', {}, options.caption) : null, el('thead', {}, headRow), body);
}

/**
 * Finds, after a redraw, the table that took the place of `button`'s table: the one in the same
 * position among the page's tables of the same rows (the Biases view draws two, highest and lowest).
 */
function sameTableAfter(button: HTMLElement, rowTestId: string): () => HTMLTableElement | undefined {
  const selector = `table[data-rows="${CSS.escape(rowTestId)}"]`;
  const position = [...document.querySelectorAll(selector)].indexOf(button.closest('table')!);
  return () => document.querySelectorAll<HTMLTableElement>(selector)[position];
}

/** A horizontal bar (0..1 of the cell width) with the value as text beside it. */
export function bar(fraction: number, text: string, negative = false): HTMLElement {
  const fill = el('span', { class: negative ? 'fill negative' : 'fill' });
  fill.style.width = `${Math.round(Math.max(0, Math.min(1, fraction)) * 100)}%`; // CSSOM, allowed by the CSP
  return el('span', { class: 'bar' }, el('span', { class: 'track' }, fill), el('span', { class: 'value' }, text));
}
