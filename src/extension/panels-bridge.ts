/** Connects the run panels (src/extension/panels/, the webview helper's) to the rest of the extension. */
import * as vscode from 'vscode';
import type { PanelHost } from './panel-host';

/** Until the panels are wired: logs what would be shown, so the rest of the extension works. */
export function createPanelHost(_context: vscode.ExtensionContext, log: vscode.LogOutputChannel): PanelHost {
  return {
    show(target, view) {
      log.info(`(panels not available) show ${JSON.stringify(target)} ${view ?? ''}`);
    },
    postTrainerEvent() {},
    dispose() {},
  };
}
