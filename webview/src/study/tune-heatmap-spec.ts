/** The tuning panel's heatmap: the chosen metric over two chosen parameters, the best value over the others in each cell. */
import type { VisualizationSpec } from 'vega-embed';
import type { TuneResult } from '../../../src/protocol/study';

/** One cell: two parameter values, the best metric among configurations with them, and how many there were. */
export interface HeatCell { x: string; y: string; value: number; configs: number; xOrder: number; yOrder: number }

/** Text of a parameter value (numbers as typed: 0.001 stays 0.001). */
const text = (v: number | string | undefined): string => (v === undefined ? '(default)' : String(v));

/**
 * The cells of `metric` over params `xParam` and `yParam` (y may be undefined: one row). Each cell
 * keeps the best value of the configurations that share its two values (min or max by `lower`).
 */
export function heatCells(results: readonly TuneResult[], metric: string, xParam: string, yParam: string | undefined, lower: boolean): HeatCell[] {
  const cells = new Map<string, HeatCell>();
  for (const r of results) {
    const value = (r.metrics as unknown as Record<string, number | undefined>)[metric];
    if (typeof value !== 'number' || !Number.isFinite(value)) continue;
    const params = r.params as Record<string, number | string | undefined>;
    const x = text(params[xParam]);
    const y = yParam ? text(params[yParam]) : 'all';
    const key = `${x}\u0000${y}`;
    const cell = cells.get(key);
    const xOrder = typeof params[xParam] === 'number' ? (params[xParam] as number) : 0;
    const yOrder = yParam && typeof params[yParam] === 'number' ? (params[yParam] as number) : 0;
    if (!cell) cells.set(key, { x, y, value, configs: 1, xOrder, yOrder });
    else {
      cell.configs++;
      if (lower ? value < cell.value : value > cell.value) cell.value = value;
    }
  }
  return [...cells.values()];
}

/** Axis order: numbers ascending, other values as first seen. */
function order(cells: HeatCell[], axis: 'x' | 'y'): string[] {
  const key = axis === 'x' ? 'xOrder' : 'yOrder';
  const seen = new Map<string, number>();
  for (const c of cells) if (!seen.has(c[axis])) seen.set(c[axis], c[key]);
  return [...seen.entries()].sort((a, b) => a[1] - b[1]).map(([v]) => v);
}

/** Rects coloured by value (the better end darker, whichever way the metric goes), each with its value written in. */
export function heatmapSpec(cells: HeatCell[], labels: { x: string; y?: string; metric: string }, lower: boolean, width: number | 'container', description?: string): VisualizationSpec {
  const x = { field: 'x', type: 'ordinal' as const, title: labels.x, sort: order(cells, 'x'), axis: { labelAngle: 0 } };
  const y = { field: 'y', type: 'ordinal' as const, title: labels.y ?? null, sort: order(cells, 'y').reverse() };
  const tooltip = [
    { field: 'x', type: 'nominal' as const, title: labels.x },
    ...(labels.y ? [{ field: 'y', type: 'nominal' as const, title: labels.y }] : []),
    { field: 'value', type: 'quantitative' as const, title: `best ${labels.metric}`, format: '.4f' },
    { field: 'configs', type: 'quantitative' as const, title: 'configurations' },
  ];
  // Viridis runs dark to light: the text is dark on the light half of the scale, light on the dark half.
  const values = cells.map((c) => c.value);
  const lo = Math.min(...values), hi = Math.max(...values);
  const lightCell = (v: number): boolean => (hi > lo ? (v - lo) / (hi - lo) : 0.5) > 0.5 !== !lower;
  const rows = cells.map((c) => ({ ...c, ink: lightCell(c.value) ? '#000000' : '#ffffff' }));
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    ...(description ? { description } : {}),
    width, height: Math.max(60, 36 * order(cells, 'y').length),
    autosize: { type: 'fit-x', contains: 'padding', resize: true },
    data: { values: rows },
    encoding: { x, y },
    // The text's colour is a literal per cell (scale null); it must not merge with the rects' colour scale.
    resolve: { scale: { color: 'independent' } },
    layer: [
      {
        mark: { type: 'rect' },
        encoding: {
          color: {
            field: 'value', type: 'quantitative', title: labels.metric,
            scale: { scheme: 'viridis', reverse: !lower },
            legend: { orient: 'right', format: '.3f' },
          },
          tooltip,
        },
      },
      {
        mark: { type: 'text', fontSize: 11 },
        encoding: { text: { field: 'value', type: 'quantitative', format: '.4f' }, color: { field: 'ink', type: 'nominal', scale: null }, tooltip },
      },
    ],
  };
}
