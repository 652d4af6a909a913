/** Collab: Cancel Training — stops a running trainer (the one given, the only one, or a pick). */
import * as vscode from 'vscode';
import { basename } from 'node:path';
import type { Services } from '../services';
import type { RunsNode } from '../runs/runs-tree';
import { progressMessage } from '../training/live-run';
import { plainText } from '../text/plain-text';

export function cancelTraining(services: Services): (arg?: unknown) => Promise<void> {
  return async (arg) => {
    const node = arg as Partial<RunsNode> | undefined;
    if (node?.kind === 'live') {
      services.training.cancel((node as Extract<RunsNode, { kind: 'live' }>).live.key);
      return;
    }
    const active = services.training.active();
    if (active.length === 0) {
      void vscode.window.showInformationMessage('Collab: no training is running.');
      return;
    }
    if (active.length === 1) {
      services.training.cancel(active[0].key);
      return;
    }
    const picked = await vscode.window.showQuickPick(
      active.map((l) => ({ label: plainText(basename(l.file), 80), description: progressMessage(l, l.totalEpochs ?? 0), key: l.key })),
      { title: 'Collab: Cancel Training', placeHolder: 'Which run to stop?', canPickMany: true },
    );
    for (const p of picked ?? []) services.training.cancel(p.key);
  };
}
