/**
 * Collab: Show Training... (the status bar item's click): a Quick Pick of what to do with a running
 * training (show its panel, cancel it, show the log), never a cancel on the spot. From a live row of
 * the Runs view it shows that run's panel directly.
 */
import * as vscode from 'vscode';
import { basename } from 'node:path';
import type { Services } from '../services';
import type { RunsNode } from '../runs/runs-tree';
import { progressMessage, type LiveRun } from '../training/live-run';
import { trainingActions, type TrainingAction } from '../training/training-actions';
import { plainText } from '../text/plain-text';

export function showTraining(services: Services): (arg?: unknown) => Promise<void> {
  return async (arg) => {
    const node = arg as Partial<RunsNode> | undefined;
    if (node?.kind === 'live') {
      showPanel(services, (node as Extract<RunsNode, { kind: 'live' }>).live);
      return;
    }
    const active = services.training.active();
    if (active.length === 0) {
      void vscode.window.showInformationMessage('Collab: no training is running.');
      return;
    }
    const run = active.length === 1 ? active[0] : await pickRun(active);
    if (!run) return;
    const title = `Collab: training on ${plainText(basename(run.file), 80)}`;
    const picked = await vscode.window.showQuickPick(trainingActions(), { title, placeHolder: progressMessage(run, run.totalEpochs ?? 0), ignoreFocusOut: true });
    if (picked) act(services, run, picked.action);
  };
}

/** Which of several runs (when more than one trains). */
async function pickRun(active: LiveRun[]): Promise<LiveRun | undefined> {
  const picked = await vscode.window.showQuickPick(
    active.map((run) => ({ label: plainText(basename(run.file), 80), description: progressMessage(run, run.totalEpochs ?? 0), run })),
    { title: 'Collab: Show Training', placeHolder: 'Which run?', ignoreFocusOut: true },
  );
  return picked?.run;
}

/** Does what was picked; the run may have ended meanwhile, which each action handles. */
function act(services: Services, picked: LiveRun, action: TrainingAction): void {
  if (action === 'log') services.log.show(false);
  else if (action === 'cancel') services.training.cancel(picked.key);
  else showPanel(services, services.training.get(picked.key) ?? picked);
}

/** The run's panel, live or (once saved) the saved run's; focused, since the person asked for it. */
function showPanel(services: Services, run: LiveRun): void {
  if (run.runDir) services.panels.show({ runDir: run.runDir });
  else if (run.runId) services.panels.show({ liveRunId: run.runId, title: basename(run.file) }, 'loss');
  else void vscode.window.showInformationMessage('Collab: the trainer is still starting; its panel opens in a moment.');
}
