/** Connects the run panels (src/extension/panels/, the webview helper's) to the extension's services. */
import type * as vscode from 'vscode';
import type { PanelHost } from './panel-host';
import { registerRunPanels } from './panels/index';
import { revealRows } from './reveal-rows';
import type { PanelRunSource } from './panels/run-panel';

/**
 * Registers the panels (and their serializer); they query runs through the run service, so a panel
 * and the hovers share one loaded run and analysis index, in the service's worker thread.
 */
export function createPanelHost(
  context: vscode.ExtensionContext, log: vscode.LogOutputChannel, runs: PanelRunSource,
): PanelHost {
  return registerRunPanels(context, {
    revealRows,
    runs,
    log: (message) => log.info(message),
  });
}
