/** Collab: Recommend for User... — the top items a user has not rated, by predicted rating. */
import * as vscode from 'vscode';
import type { Services } from '../services';
import { pickRun } from './pick-run';
import { notificationText, plainText } from '../text/plain-text';

export function recommend(services: Services): (arg?: unknown, user?: string) => Promise<void> {
  return async (arg, user) => {
    const runDir = await pickRun(services, arg, 'Recommend from which run?');
    if (!runDir) return;
    const who = user ?? await vscode.window.showInputBox({
      title: 'Collab: Recommend for User', prompt: 'A user id as it appears in the ratings file', ignoreFocusOut: true,
    });
    if (!who?.trim()) return;
    try {
      const result = await services.runs.service.recommend(runDir, who.trim(), 20);
      for (const note of result.notes) services.log.info(plainText(note, 1000));
      await vscode.window.showQuickPick(
        result.items.map((r, i) => ({
          label: plainText(r.label, 120),
          description: `${i + 1} · ${result.kind === 'model' ? `predicted ${r.score.toFixed(2)}` : `score ${r.score.toFixed(3)}`}`,
          detail: [r.count !== undefined ? `${r.count} ratings` : '', r.mean !== undefined ? `mean ${r.mean.toFixed(2)}` : ''].filter(Boolean).join(' · '),
        })),
        {
          title: `Collab: top picks for user ${plainText(result.user, 60)}${result.kind === 'cold-start' ? ' (cold start)' : ''}`,
          placeHolder: plainText(result.notes.join(' '), 300),
        },
      );
    } catch (error) {
      void vscode.window.showErrorMessage(`Collab: ${notificationText((error as Error).message)}`);
    }
  };
}
