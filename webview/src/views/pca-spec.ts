/** The Vega-Lite spec of the PCA scatter: zoom and pan, tooltips, labels for notable points, highlights. */
import type { VisualizationSpec } from 'vega-embed';
import type { PcaPoint } from '../../../src/protocol/webview';
import { shownLabel } from '../dom';
import type { ChartTheme } from '../theme';

/** One drawn point: the chosen two components as x and y. */
export interface ScatterRow {
  index: number; label: string; x: number; y: number;
  bias: number | null; count: number | null; logCount: number | null; mean: number | null;
  /** Drawn with its label beside it. */
  notable: boolean;
  /** The label goes on the point's left (points in the right half of the plot). */
  labelLeft: boolean;
}

export const POINTS_DATA = 'points';
/** Signals set from outside: the selected point's index and its neighbours' indices. */
export const SELECTED_SIGNAL = 'selected';
export const HIGHLIGHT_SIGNAL = 'highlight';
/** Shift-drag draws this interval (data ranges of x and y): the points inside become the selection. */
export const BRUSH_SIGNAL = 'brush';
/** The zoom's scale domains (Vega-Lite's `<param>_x` / `<param>_y` of an interval bound to the scales). */
export const ZOOM_X_SIGNAL = 'zoom_x';
export const ZOOM_Y_SIGNAL = 'zoom_y';

/** Picks two components and marks notable points (the extremes of each axis and the most rated). */
export function scatterRows(points: PcaPoint[], xi: number, yi: number, notablePerEnd = 2): ScatterRow[] {
  const notable = new Set<number>();
  for (const axis of [xi, yi]) {
    const sorted = [...points].sort((a, b) => a.pc[axis] - b.pc[axis]);
    for (const p of [...sorted.slice(0, notablePerEnd), ...sorted.slice(-notablePerEnd)]) notable.add(p.index);
  }
  const mostRated = points.filter((p) => p.count !== undefined).sort((a, b) => b.count! - a.count!).slice(0, 3);
  for (const p of mostRated) notable.add(p.index);
  let lo = Infinity;
  let hi = -Infinity;
  for (const p of points) { lo = Math.min(lo, p.pc[xi]); hi = Math.max(hi, p.pc[xi]); }
  const middle = (lo + hi) / 2;
  return points.map((p) => ({
    index: p.index, label: shownLabel(p.label), x: p.pc[xi], y: p.pc[yi],
    bias: p.bias ?? null, count: p.count ?? null,
    logCount: p.count !== undefined ? Math.log10(1 + p.count) : null, mean: p.mean ?? null,
    notable: notable.has(p.index),
    labelLeft: p.pc[xi] > middle,
  }));
}

/** The scatter spec; `colour` picks bias (diverging) or log rating count (sequential). */
export function pcaSpec(rows: ScatterRow[], axes: { x: string; y: string }, colour: 'bias' | 'count', theme: ChartTheme, description?: string): VisualizationSpec {
  const hasCount = rows.some((r) => r.count !== null);
  const colourEncoding = colour === 'bias'
    ? { field: 'bias', type: 'quantitative' as const, title: 'bias', scale: { domainMid: 0, range: [theme.low, theme.faint, theme.high] } }
    : { field: 'logCount', type: 'quantitative' as const, title: 'log\u2081\u2080 ratings', scale: { range: [theme.faint, theme.high] } }; // opaque low end: low counts stay visible
  const isHighlighted = `indexof(${HIGHLIGHT_SIGNAL}, datum.index) >= 0`;
  const isSelected = `datum.index === ${SELECTED_SIGNAL}`;
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    // One line for a screen reader; the points themselves are hidden from it (the table view lists them).
    description: description ?? `Scatter of ${rows.length.toLocaleString('en-US')} points: ${axes.x} across, ${axes.y} up, coloured by ${colour === 'bias' ? 'bias' : 'log rating count'}.`,
    width: 'container', height: 440,
    autosize: { type: 'fit-x', contains: 'padding' },
    datasets: { [POINTS_DATA]: rows },
    data: { name: POINTS_DATA },
    params: [
      { name: SELECTED_SIGNAL, value: -1 },
      { name: HIGHLIGHT_SIGNAL, value: [] },
    ],
    encoding: {
      x: { field: 'x', type: 'quantitative', title: axes.x, scale: { zero: false, nice: false, padding: 12 } },
      y: { field: 'y', type: 'quantitative', title: axes.y, scale: { zero: false, nice: false, padding: 12 } },
    },
    layer: [
      {
        params: [
          { name: 'zoom', select: { type: 'interval', translate: '[pointerdown[!event.shiftKey], window:pointerup] > window:pointermove!' }, bind: 'scales' },
          { name: BRUSH_SIGNAL, select: { type: 'interval', on: '[pointerdown[event.shiftKey], window:pointerup] > window:pointermove!', translate: false, zoom: false, clear: 'dblclick' } },
        ],
        mark: { type: 'circle', cursor: 'pointer', stroke: theme.foreground, aria: false },
        encoding: {
          color: colourEncoding,
          size: hasCount ? { field: 'count', type: 'quantitative', title: 'ratings', scale: { range: [14, 260] }, legend: null } : { value: 50 },
          opacity: { condition: { test: `${isSelected} || ${isHighlighted}`, value: 1 }, value: 0.72 },
          strokeWidth: { condition: { test: `${isSelected} || ${isHighlighted}`, value: 2 }, value: theme.highContrast ? 0.8 : 0 },
          tooltip: [
            { field: 'label', type: 'nominal', title: 'label' },
            { field: 'bias', type: 'quantitative', title: 'bias', format: '.3f' },
            { field: 'count', type: 'quantitative', title: 'ratings', format: ',d' },
            { field: 'mean', type: 'quantitative', title: 'mean rating', format: '.2f' },
            { field: 'x', type: 'quantitative', title: axes.x, format: '.3f' },
            { field: 'y', type: 'quantitative', title: axes.y, format: '.3f' },
          ],
        },
      },
      // Labels for notable points and the selected one, on the side of the point facing the centre.
      labelLayer(`(datum.notable || ${isSelected}) && !datum.labelLeft`, 'left', 7, isSelected, theme),
      labelLayer(`(datum.notable || ${isSelected}) && datum.labelLeft`, 'right', -7, isSelected, theme),
    ],
  };
}

function labelLayer(filter: string, align: 'left' | 'right', dx: number, isSelected: string, theme: ChartTheme) {
  return {
    transform: [{ filter }],
    mark: { type: 'text' as const, align, dx, dy: -7, limit: 200, aria: false },
    encoding: {
      text: { field: 'label', type: 'nominal' as const },
      color: { condition: { test: isSelected, value: theme.accent }, value: theme.foreground },
    },
  };
}
