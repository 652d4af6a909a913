/**
 * The Data view: fastbook's first look at the ratings. A crosstab of the most active users against
 * the most rated items (a heatmap; a cell opens its source row), the rating histogram, and the long
 * tail of ratings per item and per user.
 */
import type { DataOverviewResult } from '../../../src/protocol/webview-meta';
import { drawChart, type Chart } from '../charts';
import type { PanelView, ViewContext } from '../context';
import { clear, el, fmtCount, shownLabel } from '../dom';
import { readTheme } from '../theme';
import { histogramSpec, tailSpec } from './data-spec';

/** fastbook's crosstab is 15 x 15. */
const CROSSTAB = 15;

export class DataView implements PanelView {
  readonly root = el('section', { class: 'view', 'data-testid': 'view-data', role: 'tabpanel', id: 'view-data', hidden: true });
  private readonly status = el('p', { class: 'note', 'data-testid': 'data-status' });
  private readonly crosstab = el('div', { class: 'crosstab-box', 'data-testid': 'data-crosstab' });
  private readonly histogram = el('div', { class: 'chart', 'data-testid': 'data-histogram' });
  private readonly tails = el('div', { class: 'chart', 'data-testid': 'data-tails' });
  private result: DataOverviewResult | undefined;
  private charts: Chart[] = [];
  private loaded = false;
  private request = 0;

  constructor(private readonly ctx: ViewContext) {
    this.root.append(
      this.status,
      el('h3', {}, 'Most active users \u00d7 most rated items'),
      el('p', { class: 'muted small' }, 'Each cell is the rating a user gave an item (blank: not rated), as fastbook\u2019s crosstab; click one to open its row in the ratings file.'),
      this.crosstab,
      el('div', { class: 'data-charts' },
        el('div', {}, el('h3', {}, 'Ratings'), this.histogram),
        el('div', {}, el('h3', {}, 'Ratings per item and per user (the long tail)'), this.tails)),
    );
  }

  shown(): void {
    if (!this.loaded) void this.reload();
  }

  runChanged(): void {
    this.loaded = false;
    this.result = undefined;
    if (!this.root.hidden) void this.reload();
  }

  retheme(): void {
    if (this.result && !this.root.hidden) this.render(this.result);
  }

  private async reload(): Promise<void> {
    const run = this.ctx.run();
    if (!run) { this.status.textContent = 'Loading the run\u2026'; return; }
    if (run.status === 'training') { this.status.textContent = 'Available when training ends.'; return; }
    if (!run.source) { this.status.textContent = 'This run has no ratings file recorded (imported vectors).'; return; }
    this.loaded = true;
    const id = ++this.request;
    this.status.textContent = 'Reading the ratings file\u2026';
    try {
      const result = await this.ctx.host.request('query/data-overview', { users: CROSSTAB, items: CROSSTAB });
      if (id !== this.request) return;
      this.result = result;
      this.render(result);
    } catch (error) {
      if (id === this.request) this.status.textContent = (error as Error).message;
    }
  }

  private render(result: DataOverviewResult): void {
    this.status.textContent = `${fmtCount(result.rows)} ratings by ${fmtCount(result.nUsers)} users of ${fmtCount(result.nItems)} items`
      + ` (${(100 * result.rows / Math.max(1, result.nUsers * result.nItems)).toFixed(2)}% of the matrix filled); `
      + `${fmtCount(result.singles.items)} items and ${fmtCount(result.singles.users)} users have a single rating.`;
    this.renderCrosstab(result);
    const theme = readTheme();
    for (const chart of this.charts) chart.finalize();
    this.charts = [];
    void drawChart(this.histogram, histogramSpec(result.histogram, theme)).then((c) => { this.charts.push(c); });
    void drawChart(this.tails, tailSpec(result, theme)).then((c) => { this.charts.push(c); });
  }

  private renderCrosstab(result: DataOverviewResult): void {
    const { users, items, cells } = result.crosstab;
    const ratings = cells.flat().filter((c): c is { rating: number; line: number } => c !== null).map((c) => c.rating);
    const lo = Math.min(...ratings), hi = Math.max(...ratings);
    const head = el('tr', {}, el('th', { scope: 'col' }, 'user \\ item'),
      ...items.map((i) => el('th', { scope: 'col', class: 'item', title: `${shownLabel(i.label)} (${fmtCount(i.count)} ratings)` }, shownLabel(i.label))));
    const body = el('tbody');
    users.forEach((u, r) => {
      const tr = el('tr', {}, el('th', { scope: 'row', title: `${fmtCount(u.count)} ratings` }, shownLabel(u.label)));
      items.forEach((item, c) => {
        const cell = cells[r][c];
        const td = el('td', { class: 'cell' });
        if (cell) {
          const button = el('button', {
            type: 'button', 'data-testid': 'crosstab-cell', 'data-line': cell.line,
            title: `user ${shownLabel(u.label)} rated ${shownLabel(item.label)} ${cell.rating} (line ${cell.line})`,
          }, String(cell.rating));
          button.addEventListener('click', () => this.ctx.host.post({ type: 'rows/line', line: cell.line }));
          // Heat: the rating's place in the range as the cell's tint (CSSOM, allowed by the CSP).
          const t = hi > lo ? (cell.rating - lo) / (hi - lo) : 1;
          td.style.background = `color-mix(in srgb, var(--vscode-charts-blue, #1a85ff) ${Math.round(15 + 70 * t)}%, transparent)`;
          td.append(button);
        }
        tr.append(td);
      });
      body.append(tr);
    });
    clear(this.crosstab);
    this.crosstab.append(el('table', { class: 'data crosstab' }, el('caption', { class: 'muted small' },
      `The ${users.length} users with the most ratings and the ${items.length} most rated items`), el('thead', {}, head), body));
  }
}
