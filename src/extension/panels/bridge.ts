/** Connects the run panels (src/extension/panels/, the webview helper's) to the extension's services. */
import * as vscode from 'vscode';
import type { RunPanels } from './index';
import { registerRunPanels } from './index';
import { revealRows } from '../editor/reveal-rows';
import type { PanelRunSource } from './run-panel';
import { currentSettings } from '../settings/read';
import { CommandId } from '../commands/ids';

/**
 * Registers the panels (and their serializer); they query runs through the run service, so a panel
 * and the hovers share one loaded run and analysis index, in the service's worker thread.
 */
export function createPanelHost(
  context: vscode.ExtensionContext, log: vscode.LogOutputChannel, runs: PanelRunSource,
): RunPanels {
  return registerRunPanels(context, {
    revealRows,
    runs,
    log: (message) => log.info(message),
    neighbourMinCount: () => currentSettings(log)['neighbours.minCount'],
    openLine: async (file, line) => { await vscode.commands.executeCommand(CommandId.goToLine, file, line); },
  });
}
