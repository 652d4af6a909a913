/** Connects the run panels (src/extension/panels/, the webview helper's) to the extension's services. */
import type * as vscode from 'vscode';
import type { LoadedRun } from '../core/run/types';
import type { PanelHost } from './panel-host';
import { registerRunPanels } from './panels/index';
import { revealRows } from './reveal-rows';

/** Registers the panels (and their serializer); they load runs through the extension's cache. */
export function createPanelHost(
  context: vscode.ExtensionContext, log: vscode.LogOutputChannel, loadRun: (dir: string) => Promise<LoadedRun>,
): PanelHost {
  return registerRunPanels(context, {
    revealRows,
    loadRun,
    log: (message) => log.info(message),
  });
}
