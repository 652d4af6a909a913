/** Collab: Open Model... — a saved run in the run panels. */
import * as vscode from 'vscode';
import type { Services } from '../services';
import { pickRun } from './pick-run';
import { notificationText } from '../text/plain-text';

export function openModel(services: Services): (arg?: unknown) => Promise<void> {
  return async (arg) => {
    const runDir = await pickRun(services, arg, 'Which run to open?');
    if (!runDir) return;
    try {
      await services.runs.service.open(runDir); // fail here, with a clear message, rather than in an empty panel
    } catch (error) {
      const message = notificationText((error as Error).message);
      services.log.error(message);
      void vscode.window.showErrorMessage(`Collab: ${message}`);
      return;
    }
    services.panels.show({ runDir });
  };
}
