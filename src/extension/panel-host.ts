/** The run panels as the rest of the extension sees them (implemented in src/extension/panels/). */
export type { RunPanels as PanelHost } from './panels/index';
export type { PanelTarget, PanelViewName as PanelView } from '../protocol/webview';
