/**
 * Colouring any scatter by a metadata field: a function of (points' item indices, the field's values)
 * to colour keys, and a hook that puts them into a Vega-Lite scatter spec (the PCA's, and any
 * projection drawn the same way). Fixed internal field names only: a metadata name never reaches a
 * Vega expression, only titles (text).
 */
import type { VisualizationSpec } from 'vega-embed';
import type { MetaFieldInfo, MetaValue } from '../../../src/protocol/webview-meta';
import { shownLabel } from '../dom';
import type { ChartTheme } from '../theme';

/** Categories beyond the most common few share one colour: more are not told apart at a glance. */
export const MAX_COLOURED = 9;
/** Colour keys of the less common values and of points without one: a NUL start keeps them apart from any value (u.genre has an "unknown"). */
export const OTHER = '\u0000other';
export const UNKNOWN = '\u0000none';

/** How a colour key is shown in the legend. */
export function keyName(key: string): string {
  return key === OTHER ? 'other' : key === UNKNOWN ? '(none)' : key;
}
/** Colours after the theme's six chart colours (d3's category10 tail). */
const EXTRA = ['#17becf', '#e377c2', '#8c564b', '#7f7f7f'];

/** A field, its values at the points (same order) and the view's choice of one value / only that value. */
export interface MetaColouring {
  field: MetaFieldInfo;
  values: readonly MetaValue[];
  value?: string;
  only?: boolean;
}

/** What one point gets: its colour key (category) or number, whether it has the chosen value, its text. */
export interface MetaPoint {
  metaKey: string;
  metaNum: number | null;
  metaOn: boolean;
  metaText: string;
}

/** The categories that get their own colour, most common first (the chosen value always among them). */
export function colouredCategories(field: MetaFieldInfo, value?: string): string[] {
  const top = (field.categories ?? []).slice(0, MAX_COLOURED);
  if (value !== undefined && !top.includes(value) && field.categories?.includes(value)) top[top.length - 1] = value;
  return top;
}

/** Each point's colour key, number and text for the field; `metaOn` when no value is chosen or it has it. */
export function metaPoints(c: MetaColouring): MetaPoint[] {
  const categories = c.field.categories ?? [];
  const coloured = new Set(colouredCategories(c.field, c.value));
  const chosen = c.value === undefined ? -1 : categories.indexOf(c.value);
  return c.values.map((v) => {
    if (c.field.kind === 'numeric') {
      const n = typeof v === 'number' ? v : null;
      return { metaKey: n === null ? UNKNOWN : '', metaNum: n, metaOn: true, metaText: n === null ? '' : String(n) };
    }
    const list = v === null ? [] : Array.isArray(v) ? v : [v];
    const names = list.map((i) => categories[i]).filter((x): x is string => x !== undefined);
    const has = chosen >= 0 && list.includes(chosen);
    // A multi-valued point is coloured by the chosen value when it has it, else by its first value.
    const first = has ? c.value! : names[0];
    const metaKey = first === undefined ? UNKNOWN : coloured.has(first) ? first : OTHER;
    return { metaKey, metaNum: null, metaOn: chosen < 0 || has, metaText: names.join(', ') };
  });
}

/** The colour of each coloured category, then 'other' and 'unknown'. */
export function metaPalette(field: MetaFieldInfo, theme: ChartTheme, value?: string): { domain: string[]; range: string[] } {
  const categories = colouredCategories(field, value);
  const colours = [...theme.series, ...EXTRA];
  return { domain: [...categories, OTHER, UNKNOWN], range: [...categories.map((_, i) => colours[i % colours.length]), theme.muted, theme.grid] };
}

/**
 * Puts a colouring into a scatter spec: each row (the spec's data set, same order as the values)
 * gains the MetaPoint fields; the first circle layer is coloured by them; points without the chosen
 * value are faded, or left out when `only`. Returns the same spec, changed.
 */
export function applyMetaColour(spec: VisualizationSpec, rows: object[], c: MetaColouring, theme: ChartTheme): VisualizationSpec {
  const points = metaPoints(c);
  rows.forEach((row, i) => Object.assign(row, points[i]));
  const s = spec as { layer?: { mark?: { type?: string } | string; encoding?: Record<string, unknown> }[]; transform?: unknown[] };
  const layer = s.layer?.find((l) => (typeof l.mark === 'string' ? l.mark : l.mark?.type) === 'circle');
  if (!layer) return spec;
  const title = shownLabel(c.field.name);
  const encoding = layer.encoding ?? (layer.encoding = {});
  if (c.field.kind === 'numeric') {
    encoding.color = { field: 'metaNum', type: 'quantitative', title, scale: { range: [theme.grid, theme.high] } };
  } else {
    const { domain, range } = metaPalette(c.field, theme, c.value);
    encoding.color = { field: 'metaKey', type: 'nominal', title, scale: { domain, range }, legend: null };
  }
  const tooltip = encoding.tooltip;
  if (Array.isArray(tooltip)) encoding.tooltip = [...tooltip.slice(0, 1), { field: 'metaText', type: 'nominal', title }, ...tooltip.slice(1)];
  if (c.value !== undefined) {
    if (c.only) s.transform = [...(s.transform ?? []), { filter: 'datum.metaOn' }];
    else encoding.opacity = { condition: { test: 'datum.metaOn', value: 0.95 }, value: 0.12 };
  }
  return spec;
}
