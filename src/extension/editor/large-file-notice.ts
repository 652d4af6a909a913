/**
 * Says once, where a person will see it, that hovers cannot work in a trained file over the limit
 * VS Code hands to extensions: an Output line per file per session, and a notification until
 * "Don't Show Again" (kept in globalState).
 */
import * as vscode from 'vscode';
import type { Services } from '../services';
import { notificationText } from '../text/plain-text';
import { EDITOR_SYNC_LIMIT_BYTES, isOverEditorLimit } from './large-file';

/** globalState key: the person dismissed the notification for good. */
export const LARGE_FILE_NOTICE_DISMISSED = 'collab.largeFileNotice.dismissed';

/** Checks the runs' source files whenever the runs change; says it once per file. */
export function registerLargeFileNotice(services: Services): vscode.Disposable {
  const said = new Set<string>();
  const check = async (): Promise<void> => {
    for (const listing of await services.runs.list()) {
      const path = listing.manifest?.source?.path;
      if (!path || said.has(path) || !await isOverEditorLimit(path)) continue;
      said.add(path);
      const mb = Math.round(EDITOR_SYNC_LIMIT_BYTES / 1024 / 1024);
      const text = `${path} is over ${mb} MB, the most VS Code hands to extensions, so hovers cannot work in it; `
        + 'they work in its items file and in Collab\'s rows view (click a row or point in the run\'s panel).';
      services.log.info(`Large file: ${text}`);
      if (services.context.globalState.get<boolean>(LARGE_FILE_NOTICE_DISMISSED)) continue;
      void vscode.window.showInformationMessage(notificationText(`Collab: ${text}`), "Don't Show Again").then(async (choice) => {
        if (choice === "Don't Show Again") await services.context.globalState.update(LARGE_FILE_NOTICE_DISMISSED, true);
      });
    }
  };
  const run = (): void => { check().catch((error: Error) => services.log.warn(`Large file check: ${error.message}`)); };
  run();
  return services.runs.onDidChange(run);
}
