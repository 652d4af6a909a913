/** Collab: Reveal Run in Explorer. */
import * as vscode from 'vscode';
import type { Services } from '../services';
import { pickRun } from './pick-run';

export function revealRun(services: Services): (arg?: unknown) => Promise<void> {
  return async (arg) => {
    const dir = await pickRun(services, arg, 'Reveal which run?');
    if (!dir) return;
    const uri = vscode.Uri.file(dir);
    if (vscode.workspace.getWorkspaceFolder(uri)) await vscode.commands.executeCommand('revealInExplorer', uri);
    else await vscode.commands.executeCommand('revealFileInOS', uri);
  };
}
