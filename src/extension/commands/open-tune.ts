/** Collab: Open Sweep — a saved tuning sweep (from the Runs view) in its panel. */
import * as vscode from 'vscode';
import type { Services } from '../services';
import { readTune } from '../../core/tune/read';
import { notificationText } from '../text/plain-text';

export function openTune(services: Services): (arg?: unknown) => Promise<void> {
  return async (arg) => {
    const dir = typeof arg === 'string' ? arg : (arg as { kind?: string; dir?: string } | undefined)?.kind === 'tune'
      ? (arg as { dir: string }).dir : undefined;
    if (!dir) return;
    try {
      services.studies.openSaved(dir, await readTune(dir));
    } catch (error) {
      const message = notificationText((error as Error).message);
      services.log.error(message);
      void vscode.window.showErrorMessage(`Collab: ${message}`);
    }
  };
}
