/** One way to draw a Vega-Lite chart under the panel's CSP (no eval, no injected styles). */
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
  });
}

/** Changes a drawn chart's named data set in one pulse: rows matching `remove` out, `insert` in. */
export async function changeRows<Row extends object>(chart: Chart, data: string, insert: Row[], remove?: (row: Row) => boolean): Promise<void> {
  const changes = vega.changeset().insert(insert);
  if (remove) changes.remove(remove);
  await chart.view.change(data, changes).runAsync();
}
