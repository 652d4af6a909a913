/**
 * Chart colours from the VS Code theme: Vega cannot read CSS variables, so the computed values of
 * `--vscode-*` are copied into a Vega config each time a chart is drawn (and again on theme change).
 */
import type { Config } from 'vega-embed';

/** The theme colours the charts use. */
export interface ChartTheme {
  foreground: string;
  muted: string;
  grid: string;
  background: string;
  fontFamily: string;
  fontSize: number;
  /** Categorical series colours (train, valid, batches, compared runs...). */
  series: string[];
  /** Diverging scale ends for bias (low -> high). */
  low: string;
  high: string;
  /** Highlight of a selected point and its neighbours. */
  accent: string;
  highContrast: boolean;
}

function cssVar(style: CSSStyleDeclaration, name: string, fallback: string): string {
  const value = style.getPropertyValue(name).trim();
  return value || fallback;
}

/** Reads the current theme from the document's CSS variables. */
export function readTheme(): ChartTheme {
  const style = getComputedStyle(document.documentElement);
  const body = document.body.classList;
  const dark = body.contains('vscode-dark') || body.contains('vscode-high-contrast');
  const fg = cssVar(style, '--vscode-editor-foreground', cssVar(style, '--vscode-foreground', dark ? '#cccccc' : '#333333'));
  const chart = (name: string, fallback: string) => cssVar(style, `--vscode-charts-${name}`, fallback);
  const blue = chart('blue', dark ? '#3794ff' : '#1a85ff');
  const orange = chart('orange', dark ? '#d18616' : '#d18616');
  const green = chart('green', dark ? '#89d185' : '#388a34');
  const purple = chart('purple', dark ? '#b180d7' : '#652d90');
  const red = chart('red', dark ? '#f14c4c' : '#e51400');
  const yellow = chart('yellow', dark ? '#cca700' : '#bf8803');
  return {
    foreground: fg,
    muted: cssVar(style, '--vscode-descriptionForeground', fg),
    grid: cssVar(style, '--vscode-charts-lines', dark ? 'rgba(204,204,204,0.25)' : 'rgba(51,51,51,0.15)'),
    background: cssVar(style, '--vscode-editor-background', dark ? '#1e1e1e' : '#ffffff'),
    fontFamily: cssVar(style, '--vscode-font-family', 'system-ui, sans-serif'),
    fontSize: parseFloat(cssVar(style, '--vscode-font-size', '13px')) || 13,
    series: [blue, orange, green, purple, red, yellow],
    low: red,
    high: blue,
    accent: cssVar(style, '--vscode-focusBorder', orange),
    highContrast: body.contains('vscode-high-contrast') || body.contains('vscode-high-contrast-light'),
  };
}

/** A Vega-Lite config that draws in the theme's colours and font on a transparent background. */
export function vegaConfig(theme: ChartTheme): Config {
  const small = Math.max(10, theme.fontSize - 2);
  const axis = {
    domainColor: theme.muted, tickColor: theme.muted, gridColor: theme.grid,
    labelColor: theme.foreground, titleColor: theme.foreground,
    labelFont: theme.fontFamily, titleFont: theme.fontFamily,
    labelFontSize: small, titleFontSize: small + 1, titleFontWeight: 'normal' as const,
  };
  return {
    background: 'transparent',
    font: theme.fontFamily,
    view: { stroke: 'transparent' },
    axis,
    legend: {
      labelColor: theme.foreground, titleColor: theme.foreground,
      labelFont: theme.fontFamily, titleFont: theme.fontFamily, labelFontSize: small, titleFontSize: small,
      labelLimit: 260,
    },
    title: { color: theme.foreground, font: theme.fontFamily, fontSize: theme.fontSize, fontWeight: 'normal' },
    text: { color: theme.foreground, font: theme.fontFamily, fontSize: small },
    range: { category: theme.series },
    line: { strokeWidth: theme.highContrast ? 2.5 : 1.8 },
    point: { size: 40 },
  };
}
