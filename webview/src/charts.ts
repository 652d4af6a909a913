/** One way to draw a Vega-Lite chart under the panel's CSP (no eval, no injected styles). */
import type { Mark, Spec } from 'vega';
import embed, { vega, type Result, type VisualizationSpec } from 'vega-embed';
import { readTheme, vegaConfig } from './theme';

/** A drawn chart: its Vega view and a way to remove it. */
export type Chart = Result;

/** Draws a spec in a container with the current theme; replaces what the container held. */
export async function drawChart(container: HTMLElement, spec: VisualizationSpec, renderer: 'svg' | 'canvas' = 'svg'): Promise<Chart> {
  return embed(container, spec, {
    ast: true, // vega-interpreter instead of new Function(): no 'unsafe-eval' in the CSP
    defaultStyle: false, // its CSS ships in panel-style.css instead of an inline <style>
    tooltip: { disableDefaultStyle: true, theme: 'custom' },
    actions: false,
    renderer,
    config: vegaConfig(readTheme()),
    patch: hideBrushFromAssistiveTech,
  });
}

/**
 * Vega-Lite's interval selection adds two rects (`*_brush_bg`, `*_brush`) that take an image role with
 * no name, and its brush options have no `aria`: axe flags them (svg-img-alt). They are drawing aids,
 * not content, so the compiled spec marks them `aria: false`.
 */
function hideBrushFromAssistiveTech(spec: Spec): Spec {
  const walk = (marks: Mark[] | undefined): void => {
    for (const mark of marks ?? []) {
      if (mark.name?.endsWith('_brush') || mark.name?.endsWith('_brush_bg')) mark.aria = false;
      if ('marks' in mark) walk(mark.marks);
    }
  };
  walk(spec.marks);
  return spec;
}

/** Changes a drawn chart's named data set in one pulse: rows matching `remove` out, `insert` in. */
export async function changeRows<Row extends object>(chart: Chart, data: string, insert: Row[], remove?: (row: Row) => boolean): Promise<void> {
  const changes = vega.changeset().insert(insert);
  if (remove) changes.remove(remove);
  await chart.view.change(data, changes).runAsync();
}
