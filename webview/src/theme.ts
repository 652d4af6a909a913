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
  /** An opaque, quiet colour that still shows on the background (the low end of a sequential scale). */
  faint: string;
  highContrast: boolean;
}

function cssVar(style: CSSStyleDeclaration, name: string, fallback: string): string {
  const value = style.getPropertyValue(name).trim();
  return value || fallback;
}

/** The kind of theme VS Code says is on (its body classes); High Contrast Light also carries `vscode-high-contrast`. */
export type ThemeKind = 'light' | 'dark' | 'high-contrast' | 'high-contrast-light';

/** The theme kind from the body's classes: High Contrast Light is a light theme, not a dark one. */
export function themeKind(classes: DOMTokenList): ThemeKind {
  if (classes.contains('vscode-high-contrast-light')) return 'high-contrast-light';
  if (classes.contains('vscode-high-contrast')) return 'high-contrast';
  return classes.contains('vscode-dark') ? 'dark' : 'light';
}

/**
 * A colour made opaque by laying it over `background` (both as CSS colours the page can resolve), so
 * a theme's semi-transparent colour (`--vscode-charts-lines`, a description foreground) can end a
 * colour scale without fading the points drawn in it.
 */
export function opaque(colour: string, background: string): string {
  const rgba = (text: string): number[] | undefined => {
    const probe = document.createElement('span');
    probe.style.color = text;
    document.body.append(probe);
    const parsed = getComputedStyle(probe).color.match(/[\d.]+/g)?.map(Number);
    probe.remove();
    return parsed && parsed.length >= 3 ? [parsed[0], parsed[1], parsed[2], parsed[3] ?? 1] : undefined;
  };
  const top = rgba(colour);
  const under = rgba(background) ?? [255, 255, 255, 1];
  if (!top || top[3] >= 1) return colour;
  const mix = (i: number) => Math.round(top[i] * top[3] + under[i] * (1 - top[3]));
  return `rgb(${mix(0)}, ${mix(1)}, ${mix(2)})`;
}

/** Reads the current theme from the document's CSS variables. */
export function readTheme(): ChartTheme {
  const style = getComputedStyle(document.documentElement);
  const body = document.body.classList;
  const kind = themeKind(body);
  const dark = kind === 'dark' || kind === 'high-contrast';
  const fg = cssVar(style, '--vscode-editor-foreground', cssVar(style, '--vscode-foreground', dark ? '#cccccc' : '#333333'));
  const chart = (name: string, fallback: string) => cssVar(style, `--vscode-charts-${name}`, fallback);
  const blue = chart('blue', dark ? '#3794ff' : '#1a85ff');
  const orange = chart('orange', dark ? '#d18616' : '#d18616');
  const green = chart('green', dark ? '#89d185' : '#388a34');
  const purple = chart('purple', dark ? '#b180d7' : '#652d90');
  const red = chart('red', dark ? '#f14c4c' : '#e51400');
  const yellow = chart('yellow', dark ? '#cca700' : '#bf8803');
  const muted = cssVar(style, '--vscode-descriptionForeground', fg);
  const background = cssVar(style, '--vscode-editor-background', dark ? '#1e1e1e' : '#ffffff');
  return {
    foreground: fg,
    muted,
    grid: cssVar(style, '--vscode-charts-lines', dark ? 'rgba(204,204,204,0.25)' : 'rgba(51,51,51,0.15)'),
    background,
    fontFamily: cssVar(style, '--vscode-font-family', 'system-ui, sans-serif'),
    fontSize: parseFloat(cssVar(style, '--vscode-font-size', '13px')) || 13,
    series: [blue, orange, green, purple, red, yellow],
    low: red,
    high: blue,
    accent: cssVar(style, '--vscode-focusBorder', orange),
    faint: opaque(muted, background),
    highContrast: kind === 'high-contrast' || kind === 'high-contrast-light',
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
