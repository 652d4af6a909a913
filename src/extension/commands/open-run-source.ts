/** Collab: Open Source File — the ratings file a run was trained on. */
import * as vscode from 'vscode';
import type { Services } from '../services';
import type { RunsNode } from '../runs/runs-tree';
import { pickRun } from './pick-run';

export function openRunSource(services: Services): (arg?: unknown) => Promise<void> {
  return async (arg) => {
    const node = arg as Partial<RunsNode> | undefined;
    let path = node?.kind === 'source' ? (node as Extract<RunsNode, { kind: 'source' }>).group.sourcePath : undefined;
    if (!path) {
      const dir = await pickRun(services, arg, 'Open the source of which run?');
      if (!dir) return;
      path = (await services.runs.service.open(dir)).source?.path;
    }
    if (!path) {
      void vscode.window.showInformationMessage('Collab: this run has no source file (imported embeddings).');
      return;
    }
    // Through the workbench: a file over 50 MB opens too (no document is handed to the extension).
    await vscode.commands.executeCommand('vscode.open', vscode.Uri.file(path), { preview: true });
  };
}
