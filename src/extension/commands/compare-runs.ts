/** Collab: Compare Runs — several runs' loss curves in one panel (multi-select in the Runs view). */
import * as vscode from 'vscode';
import type { Services } from '../services';
import { runDirFromArg } from '../runs/runs-tree';
import { runPickItem, runRow } from '../runs/run-display';

export function compareRuns(services: Services): (arg?: unknown, selected?: unknown[]) => Promise<void> {
  return async (arg, selected) => {
    let dirs = (Array.isArray(selected) ? selected : [arg]).map(runDirFromArg).filter((d): d is string => d !== undefined);
    if (dirs.length < 2) {
      const now = new Date();
      const rows = (await services.runs.list()).filter((l) => l.manifest && l.manifest.metrics.length > 0).map(runRow);
      const picked = await vscode.window.showQuickPick(
        rows.map((row) => ({ ...runPickItem(row, now), dir: row.dir, picked: dirs.includes(row.dir) })),
        { title: 'Collab: Compare Runs', placeHolder: 'Pick two or more runs', canPickMany: true, matchOnDescription: true },
      );
      if (!picked) return;
      dirs = picked.map((p) => p.dir);
    }
    if (dirs.length === 0) return;
    services.panels.compare(dirs);
  };
}
