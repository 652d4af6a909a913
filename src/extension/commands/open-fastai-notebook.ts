/** Collab: Open as fastai Notebook — the run's fastai notebook and weights written beside it, opened in VS Code's notebook editor. */
import * as vscode from 'vscode';
import { join } from 'node:path';
import type { Services } from '../services';
import { ensureTrusted } from '../settings/trust';
import { pickRun } from './pick-run';
import { notificationText, plainText } from '../text/plain-text';

export function openAsFastaiNotebook(services: Services): (arg?: unknown) => Promise<void> {
  return async (arg) => {
    if (!ensureTrusted('Writing a fastai notebook')) return;
    const runDir = await pickRun(services, arg, 'Open which run as a fastai notebook?');
    if (!runDir) return;
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? runDir;
    const id = runDir.split(/[\\/]/).pop() ?? 'run';
    const target = await vscode.window.showSaveDialog({
      title: 'Collab: save the fastai notebook (its weights are written beside it)',
      defaultUri: vscode.Uri.file(join(folder, `${id}-fastai.ipynb`)), filters: { 'Jupyter notebook': ['ipynb'] },
    });
    if (!target) return;
    try {
      const { written } = await services.runs.service.exportNotebook(runDir, target.fsPath);
      services.log.info(`Wrote ${written.join(', ')}`);
      // The Jupyter notebook editor is built in; vscode.open picks it for .ipynb.
      await vscode.commands.executeCommand('vscode.open', vscode.Uri.file(target.fsPath));
    } catch (error) {
      const message = notificationText((error as Error).message);
      services.log.error(message);
      void vscode.window.showErrorMessage(`Collab: could not write the notebook ${plainText(target.fsPath, 200)}: ${message}`);
    }
  };
}
