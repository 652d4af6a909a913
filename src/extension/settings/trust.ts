/**
 * Workspace Trust: in Restricted Mode Collab only reads (open runs, panels, hover, find similar,
 * recommend, predict). Anything that writes into the workspace or downloads (train, import,
 * export, delete, download MovieLens) is refused with this message.
 */
import * as vscode from 'vscode';

/** True when writing is allowed; otherwise says why not (with a button to manage trust). */
export function ensureTrusted(what: string): boolean {
  if (vscode.workspace.isTrusted) return true;
  void vscode.window.showWarningMessage(
    `Collab: ${what} writes into the workspace, so it is disabled in Restricted Mode. Trust this folder to use it; `
    + 'opening saved runs, panels and hovers work without trust.',
    'Manage Workspace Trust',
  ).then((action) => { if (action) void vscode.commands.executeCommand('workbench.trust.manage'); });
  return false;
}
