/** Collab: Delete Run — moves a saved run folder to the trash, after asking. */
import * as vscode from 'vscode';
import { existsSync } from 'node:fs';
import { basename, join } from 'node:path';
import { RUN_FILES } from '../../core/run/types';
import type { Services } from '../services';
import { ensureTrusted } from '../settings/trust';
import { pickRun } from './pick-run';
import { plainText } from '../text/plain-text';

export function deleteRun(services: Services): (arg?: unknown, selected?: unknown[]) => Promise<void> {
  return async (arg, selected) => {
    if (!ensureTrusted('Deleting a run')) return;
    const many = Array.isArray(selected) && selected.length > 1 ? selected : [arg];
    const dirs: string[] = [];
    for (const a of many) {
      const dir = await pickRun(services, a, 'Delete which run?');
      if (dir) dirs.push(dir);
    }
    if (dirs.length === 0) return;
    const notRuns = dirs.filter((d) => !existsSync(join(d, RUN_FILES.manifest)));
    if (notRuns.length > 0) {
      void vscode.window.showErrorMessage(`Collab: ${plainText(notRuns[0], 300)} is not a run folder (no ${RUN_FILES.manifest}); nothing deleted.`);
      return;
    }
    const what = dirs.length === 1 ? `run ${plainText(basename(dirs[0]), 120)}` : `${dirs.length} runs`;
    const ok = await vscode.window.showWarningMessage(`Delete ${what}?`, { modal: true, detail: 'The folder goes to the trash where the platform has one.' }, 'Delete');
    if (ok !== 'Delete') return;
    for (const dir of dirs) {
      try {
        await vscode.workspace.fs.delete(vscode.Uri.file(dir), { recursive: true, useTrash: true });
      } catch {
        await vscode.workspace.fs.delete(vscode.Uri.file(dir), { recursive: true, useTrash: false });
      }
      services.log.info(`Deleted ${dir}`);
      services.runs.invalidate(dir);
    }
  };
}
