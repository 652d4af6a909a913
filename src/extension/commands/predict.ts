/** Collab: Predict Rating... — what the model thinks a user would rate an item. */
import * as vscode from 'vscode';
import type { Services } from '../services';
import { pickRun } from './pick-run';
import { notificationText, plainText } from '../text/plain-text';

export function predict(services: Services): (arg?: unknown) => Promise<void> {
  return async (arg) => {
    const runDir = await pickRun(services, arg, 'Predict with which run?');
    if (!runDir) return;
    const title = 'Collab: Predict Rating';
    const user = await vscode.window.showInputBox({ title, prompt: 'User id', ignoreFocusOut: true });
    if (!user?.trim()) return;
    const item = await vscode.window.showInputBox({ title, prompt: 'Item title or id', ignoreFocusOut: true });
    if (!item?.trim()) return;
    try {
      const p = await services.runs.service.predict(runDir, user.trim(), item.trim());
      if (!p.ok) {
        const hint = p.suggestions.length > 0 ? ` Did you mean: ${p.suggestions.slice(0, 3).join('; ')}?` : '';
        void vscode.window.showWarningMessage(`Collab: ${notificationText(p.error + hint)}`);
        return;
      }
      const range = p.yRange;
      const shownUser = plainText(p.user, 60);
      const shownItem = plainText(p.item, 120);
      services.log.info(`predict user ${shownUser} x '${shownItem}': ${p.rating.toFixed(3)}`);
      void vscode.window.showInformationMessage(
        `Collab: user ${shownUser} would rate '${shownItem}' ${p.rating.toFixed(2)}${range ? ` (model range ${range[0]}–${range[1]})` : ''}.`,
      );
    } catch (error) {
      void vscode.window.showErrorMessage(`Collab: ${notificationText((error as Error).message)}`);
    }
  };
}
