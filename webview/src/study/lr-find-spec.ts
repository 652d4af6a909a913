/** The learning-rate finder's chart: smoothed loss against learning rate on a log axis, with fastai's suggestions marked. */
import type { VisualizationSpec } from 'vega-embed';
import type { LrFindState } from '../../../src/protocol/study';

/** One row of the curve. */
export interface CurveRow { lr: number; loss: number }
/**
 * One marked learning rate: a suggestion, drawn where fastai marks it on the curve (`x`, `loss`: for
 * `minimum` that is the curve's lowest point, a tenth of which is the suggested `lr`), or the
 * settings' rate (a rule only).
 */
export interface MarkRow { x: number; lr: number; loss?: number; name: string; kind: 'suggested' | 'other' | 'current' }

/** fastai's plot_lr_find leaves out the last 5 points (where the loss blows up); so does this chart once the test ends. */
export const SKIP_END = 5;

/** The rows the chart draws for a state. */
export function lrRows(state: LrFindState): { curve: CurveRow[]; marks: MarkRow[] } {
  const done = state.status === 'done';
  const points = done && state.points.length > SKIP_END * 2 ? state.points.slice(0, -SKIP_END) : state.points;
  const curve = points.filter((p) => Number.isFinite(p.loss) && p.lr > 0);
  const marks: MarkRow[] = [];
  for (const [method, s] of Object.entries(state.suggestions ?? {})) {
    if (!s) continue;
    const suggested = method === state.suggestion?.method;
    marks.push({ x: s.at.lr, lr: s.lr, loss: s.at.loss, name: `${method}${suggested ? ' (suggested)' : ''}: ${s.lr.toExponential(2)}`, kind: suggested ? 'suggested' : 'other' });
  }
  if (state.currentLr > 0) marks.push({ x: state.currentLr, lr: state.currentLr, name: `your setting: ${state.currentLr.toExponential(2)}`, kind: 'current' });
  return { curve, marks };
}

/** The chart's one-line summary for screen readers: the range tested, the lowest loss, and the suggestion. */
export function lrFindDescription(curve: CurveRow[], suggested?: number): string {
  if (curve.length === 0) return 'Learning-rate range test: no batch yet.';
  const lowest = curve.reduce((a, b) => (b.loss < a.loss ? b : a));
  return `Learning-rate range test, ${curve.length} batches from ${curve[0].lr.toExponential(1)} to ${curve[curve.length - 1].lr.toExponential(1)}: `
    + `lowest smoothed loss ${lowest.loss.toFixed(4)} at ${lowest.lr.toExponential(1)}${suggested !== undefined ? `; suggested rate ${suggested.toExponential(2)}` : ''}.`;
}

/** The chart: the curve, each suggestion as a point (the suggested one larger, with a rule), the settings' lr as a dashed rule. */
export function lrFindSpec(curve: CurveRow[], marks: MarkRow[], width: number | 'container', description?: string): VisualizationSpec {
  // One tick and grid line per decade the curve spans (a log axis otherwise draws every 2..9 minor line).
  const lrs = [...curve.map((c) => c.lr), ...marks.map((m) => m.x)];
  const lo = Math.floor(Math.log10(Math.min(...lrs))), hi = Math.ceil(Math.log10(Math.max(...lrs)));
  const decades = Array.from({ length: hi - lo + 1 }, (_, i) => 10 ** (lo + i));
  const scale = { type: 'log' as const, domain: [decades[0], decades[decades.length - 1]], nice: false };
  const x = { field: 'lr', type: 'quantitative' as const, title: 'learning rate (log scale)', scale, axis: { format: '.0e', values: decades } };
  const markX = { ...x, field: 'x' };
  const tooltip = [
    { field: 'name', type: 'nominal' as const, title: 'mark' },
    { field: 'lr', type: 'quantitative' as const, title: 'lr', format: '.2e' },
    { field: 'loss', type: 'quantitative' as const, title: 'smoothed loss', format: '.4f' },
  ];
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    ...(description ? { description } : {}),
    width, height: 280,
    autosize: { type: 'fit-x', contains: 'padding', resize: true },
    layer: [
      {
        data: { values: curve },
        mark: { type: 'line', strokeWidth: 1.5 },
        encoding: {
          x, y: { field: 'loss', type: 'quantitative', title: 'smoothed training loss', scale: { zero: false } },
          tooltip: [{ field: 'lr', type: 'quantitative', title: 'lr', format: '.2e' }, { field: 'loss', type: 'quantitative', title: 'loss', format: '.4f' }],
        },
      },
      {
        data: { values: marks.filter((m) => m.kind !== 'other') },
        mark: { type: 'rule', strokeWidth: 1.5 },
        encoding: {
          x: markX, strokeDash: { field: 'kind', type: 'nominal', legend: null, scale: { domain: ['suggested', 'current'], range: [[1, 0], [4, 3]] } },
          color: { field: 'kind', type: 'nominal', legend: null, scale: { domain: ['suggested', 'current'] } },
          tooltip,
        },
      },
      {
        // Name the two rules at the top of the chart: the suggestion, and the rate the settings train with.
        data: { values: marks.filter((m) => m.kind !== 'other').map((m) => ({ ...m, label: m.kind === 'current' ? 'setting' : 'suggested', top: m.kind === 'current' ? 24 : 10 })) },
        mark: { type: 'text', dx: 4, align: 'left', fontSize: 11 },
        encoding: {
          // Pixel rows (scale null), one per rule, so close rules' names do not overlap.
          x: markX, y: { field: 'top', type: 'quantitative', scale: null }, text: { field: 'label' },
          color: { field: 'kind', type: 'nominal', legend: null, scale: { domain: ['suggested', 'current'] } },
        },
      },
      {
        data: { values: marks.filter((m) => m.loss !== undefined) },
        mark: { type: 'point', filled: true },
        encoding: {
          x: markX, y: { field: 'loss', type: 'quantitative' },
          size: { field: 'kind', type: 'nominal', legend: null, scale: { domain: ['suggested', 'other'], range: [160, 50] } },
          shape: { field: 'name', type: 'nominal', title: null, legend: { orient: 'bottom', direction: 'horizontal', columns: 2 } },
          tooltip,
        },
      },
    ],
  };
}
