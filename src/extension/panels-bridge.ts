/** Connects the run panels (src/extension/panels/, the webview helper's) to the extension's services. */
import type * as vscode from 'vscode';
import type { PanelHost } from './panel-host';
import { registerRunPanels } from './panels/index';
import { revealRows } from './reveal-rows';
import type { RunHandle } from './runs/run-store';

/**
 * Registers the panels (and their serializer); they load runs through the extension's cache, so a
 * panel and the hovers share one analysis index per run.
 */
export function createPanelHost(
  context: vscode.ExtensionContext, log: vscode.LogOutputChannel, loadRunWithIndex: (dir: string) => Promise<RunHandle>,
): PanelHost {
  return registerRunPanels(context, {
    revealRows,
    loadRunWithIndex,
    log: (message) => log.info(message),
  });
}
