/** "View as table": the projected points as a table (the chart's points are hidden from screen readers). */
import type { LabelRow, PcaPoint } from '../../../src/protocol/webview';
import { el, fmt, fmtCount, shownLabel } from '../dom';

/** Rows shown at most (the first by the order the view sent them: most rated first). */
const MAX_ROWS = 500;

/** A table of label, x, y, ratings; each label a button that selects the point. */
export function pointsTable(points: PcaPoint[], xi: number, yi: number, axes: string[], onSelect: (row: LabelRow) => void): HTMLElement {
  const caption = el('caption', {}, `${points.length > MAX_ROWS ? `The first ${MAX_ROWS} of ${points.length}` : `All ${points.length}`} points`);
  const head = el('tr', {}, ...['label', axes[xi] ?? 'x', axes[yi] ?? 'y', 'ratings'].map((h) => el('th', { scope: 'col' }, h)));
  const body = el('tbody');
  for (const p of points.slice(0, MAX_ROWS)) {
    const b = el('button', { type: 'button', class: 'link' }, shownLabel(p.label));
    b.addEventListener('click', () => onSelect(p));
    body.append(el('tr', { 'data-testid': 'pca-table-row' }, el('td', {}, b), el('td', {}, fmt(p.pc[xi], 3)), el('td', {}, fmt(p.pc[yi], 3)), el('td', {}, fmtCount(p.count))));
  }
  return el('table', { class: 'table' }, caption, el('thead', {}, head), body);
}
