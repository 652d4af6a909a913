/** One way to draw a Vega-Lite chart under the panel's CSP (no eval, no injected styles). */
import embed, { type Result, type VisualizationSpec } from 'vega-embed';
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
