/** Collab: Open Model... — a saved run in the run panels. */
import * as vscode from 'vscode';
import type { Services } from '../services';
import { pickRun } from './pick-run';

export function openModel(services: Services): (arg?: unknown) => Promise<void> {
  return async (arg) => {
    const runDir = await pickRun(services, arg, 'Which run to open?');
    if (!runDir) return;
    try {
      await services.runs.load(runDir); // fail here, with a clear message, rather than in an empty panel
    } catch (error) {
      services.log.error((error as Error).message);
      void vscode.window.showErrorMessage(`Collab: ${(error as Error).message}`);
      return;
    }
    services.panels.show({ runDir });
  };
}
