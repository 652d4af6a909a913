/**
 * A subset of the `--vscode-*` variables VS Code sets on a webview, for Light+, Dark+, High Contrast
 * (dark) and High Contrast Light. `bodyClass` holds every class VS Code puts on the body (High
 * Contrast Light gets both `vscode-high-contrast` and `vscode-high-contrast-light`).
 */

export type ThemeName = 'light' | 'dark' | 'high-contrast' | 'high-contrast-light';

const common = {
  '--vscode-font-family': '-apple-system, BlinkMacSystemFont, "Segoe UI", "Ubuntu", "Droid Sans", sans-serif',
  '--vscode-font-size': '13px',
  '--vscode-editor-font-family': '"Droid Sans Mono", "monospace", monospace',
};

export const THEMES: Record<ThemeName, { bodyClass: string; vars: Record<string, string> }> = {
  light: {
    bodyClass: 'vscode-light',
    vars: {
      ...common,
      '--vscode-foreground': '#3b3b3b', '--vscode-editor-foreground': '#3b3b3b', '--vscode-editor-background': '#ffffff',
      '--vscode-descriptionForeground': '#717171', '--vscode-focusBorder': '#005fb8', '--vscode-panel-border': '#e5e5e5',
      '--vscode-widget-border': '#e5e5e5', '--vscode-list-hoverBackground': '#f2f2f2',
      '--vscode-list-activeSelectionBackground': '#e8e8e8', '--vscode-list-activeSelectionForeground': '#000000',
      '--vscode-input-background': '#ffffff', '--vscode-input-foreground': '#3b3b3b', '--vscode-input-border': '#cecece',
      '--vscode-dropdown-background': '#ffffff', '--vscode-dropdown-foreground': '#3b3b3b',
      '--vscode-button-background': '#005fb8', '--vscode-button-foreground': '#ffffff',
      '--vscode-button-secondaryBackground': '#e5e5e5', '--vscode-button-secondaryForeground': '#3b3b3b', '--vscode-button-secondaryHoverBackground': '#cccccc',
      '--vscode-badge-background': '#cccccc', '--vscode-badge-foreground': '#3b3b3b',
      '--vscode-textLink-foreground': '#005fb8', '--vscode-errorForeground': '#f85149',
      '--vscode-inputValidation-errorBackground': '#f2dede', '--vscode-inputValidation-errorBorder': '#be1100',
      '--vscode-panelTitle-activeForeground': '#3b3b3b', '--vscode-panelTitle-activeBorder': '#005fb8',
      '--vscode-editorSuggestWidget-background': '#f8f8f8', '--vscode-editorSuggestWidget-border': '#c8c8c8',
      '--vscode-editorSuggestWidget-selectedBackground': '#e8e8e8', '--vscode-editorHoverWidget-background': '#f8f8f8',
      '--vscode-editorHoverWidget-border': '#c8c8c8', '--vscode-widget-shadow': 'rgba(0, 0, 0, 0.16)',
      '--vscode-charts-foreground': '#616161', '--vscode-charts-lines': 'rgba(97, 97, 97, 0.5)',
      '--vscode-charts-red': '#e51400', '--vscode-charts-blue': '#1a85ff', '--vscode-charts-yellow': '#bf8803',
      '--vscode-charts-orange': '#d18616', '--vscode-charts-green': '#388a34', '--vscode-charts-purple': '#652d90',
    },
  },
  dark: {
    bodyClass: 'vscode-dark',
    vars: {
      ...common,
      '--vscode-foreground': '#cccccc', '--vscode-editor-foreground': '#cccccc', '--vscode-editor-background': '#1f1f1f',
      '--vscode-descriptionForeground': '#9d9d9d', '--vscode-focusBorder': '#0078d4', '--vscode-panel-border': '#2b2b2b',
      '--vscode-widget-border': '#313131', '--vscode-list-hoverBackground': '#2a2d2e',
      '--vscode-list-activeSelectionBackground': '#04395e', '--vscode-list-activeSelectionForeground': '#ffffff',
      '--vscode-input-background': '#313131', '--vscode-input-foreground': '#cccccc', '--vscode-input-border': '#3c3c3c',
      '--vscode-dropdown-background': '#313131', '--vscode-dropdown-foreground': '#cccccc',
      '--vscode-button-background': '#0078d4', '--vscode-button-foreground': '#ffffff',
      '--vscode-button-secondaryBackground': '#313131', '--vscode-button-secondaryForeground': '#cccccc', '--vscode-button-secondaryHoverBackground': '#3c3c3c',
      '--vscode-badge-background': '#616161', '--vscode-badge-foreground': '#f8f8f8',
      '--vscode-textLink-foreground': '#4daafc', '--vscode-errorForeground': '#f85149',
      '--vscode-inputValidation-errorBackground': '#5a1d1d', '--vscode-inputValidation-errorBorder': '#be1100',
      '--vscode-panelTitle-activeForeground': '#cccccc', '--vscode-panelTitle-activeBorder': '#0078d4',
      '--vscode-editorSuggestWidget-background': '#202020', '--vscode-editorSuggestWidget-border': '#454545',
      '--vscode-editorSuggestWidget-selectedBackground': '#04395e', '--vscode-editorHoverWidget-background': '#202020',
      '--vscode-editorHoverWidget-border': '#454545', '--vscode-widget-shadow': 'rgba(0, 0, 0, 0.36)',
      '--vscode-charts-foreground': '#cccccc', '--vscode-charts-lines': 'rgba(204, 204, 204, 0.5)',
      '--vscode-charts-red': '#f14c4c', '--vscode-charts-blue': '#3794ff', '--vscode-charts-yellow': '#cca700',
      '--vscode-charts-orange': '#d18616', '--vscode-charts-green': '#89d185', '--vscode-charts-purple': '#b180d7',
    },
  },
  'high-contrast': {
    bodyClass: 'vscode-high-contrast',
    vars: {
      ...common,
      '--vscode-foreground': '#ffffff', '--vscode-editor-foreground': '#ffffff', '--vscode-editor-background': '#000000',
      '--vscode-descriptionForeground': 'rgba(255, 255, 255, 0.7)', '--vscode-focusBorder': '#f38518', '--vscode-panel-border': '#6fc3df',
      '--vscode-widget-border': '#6fc3df', '--vscode-list-hoverBackground': 'rgba(0,0,0,0)',
      '--vscode-input-background': '#000000', '--vscode-input-foreground': '#ffffff', '--vscode-input-border': '#6fc3df',
      '--vscode-button-background': '#000000', '--vscode-button-foreground': '#ffffff', '--vscode-button-border': '#6fc3df',
      '--vscode-textLink-foreground': '#21a6ff', '--vscode-panelTitle-activeBorder': '#6fc3df',
      '--vscode-contrastBorder': '#6fc3df', '--vscode-contrastActiveBorder': '#f38518', '--vscode-errorForeground': '#f48771',
      '--vscode-badge-background': '#000000', '--vscode-badge-foreground': '#ffffff',
      '--vscode-inputValidation-errorBackground': '#000000', '--vscode-inputValidation-errorBorder': '#6fc3df',
      '--vscode-editorSuggestWidget-background': '#0c141f', '--vscode-editorSuggestWidget-border': '#6fc3df',
      '--vscode-charts-foreground': '#ffffff', '--vscode-charts-lines': 'rgba(255, 255, 255, 0.5)',
      '--vscode-charts-red': '#f48771', '--vscode-charts-blue': '#75beff', '--vscode-charts-yellow': '#ffd700',
      '--vscode-charts-orange': '#f38518', '--vscode-charts-green': '#89d185', '--vscode-charts-purple': '#b180d7',
    },
  },
  'high-contrast-light': {
    bodyClass: 'vscode-high-contrast vscode-high-contrast-light',
    vars: {
      ...common,
      '--vscode-foreground': '#292929', '--vscode-editor-foreground': '#292929', '--vscode-editor-background': '#ffffff',
      '--vscode-descriptionForeground': 'rgba(41, 41, 41, 0.7)', '--vscode-focusBorder': '#006bbd', '--vscode-panel-border': '#0f4a85',
      '--vscode-widget-border': '#0f4a85', '--vscode-list-hoverBackground': 'rgba(0,0,0,0)',
      '--vscode-contrastBorder': '#0f4a85', '--vscode-contrastActiveBorder': '#006bbd', '--vscode-errorForeground': '#b5200d',
      '--vscode-input-background': '#ffffff', '--vscode-input-foreground': '#292929', '--vscode-input-border': '#0f4a85',
      '--vscode-button-background': '#0f4a85', '--vscode-button-foreground': '#ffffff', '--vscode-button-border': '#0f4a85',
      '--vscode-button-secondaryBackground': '#ffffff', '--vscode-button-secondaryForeground': '#292929',
      '--vscode-badge-background': '#0f4a85', '--vscode-badge-foreground': '#ffffff',
      '--vscode-inputValidation-errorBackground': '#ffffff', '--vscode-inputValidation-errorBorder': '#0f4a85',
      '--vscode-textLink-foreground': '#0f4a85', '--vscode-panelTitle-activeBorder': '#b5200d',
      '--vscode-editorSuggestWidget-background': '#ffffff', '--vscode-editorSuggestWidget-border': '#0f4a85',
      '--vscode-charts-foreground': '#292929', '--vscode-charts-lines': 'rgba(41, 41, 41, 0.5)',
      '--vscode-charts-red': '#b5200d', '--vscode-charts-blue': '#1a85ff', '--vscode-charts-yellow': '#895503',
      '--vscode-charts-orange': '#ab5a00', '--vscode-charts-green': '#374e06', '--vscode-charts-purple': '#652d90',
    },
  },
};
