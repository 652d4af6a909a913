/** Which run a command acts on: the one its argument names, the only one, or the user's pick. */
import * as vscode from 'vscode';
import type { Services } from '../services';
import { runDirFromArg } from '../runs/runs-tree';
import { runPickItem, runRow } from '../runs/run-display';
import { CommandId } from './ids';

/** A run folder, or undefined when there is none or the user cancels. */
export async function pickRun(services: Services, arg: unknown, placeHolder: string): Promise<string | undefined> {
  const given = runDirFromArg(arg);
  if (given) return given;
  const rows = (await services.runs.list()).filter((l) => l.manifest).map(runRow);
  if (rows.length === 0) {
    const action = await vscode.window.showInformationMessage('Collab: there are no saved runs yet.', 'Train Model', 'Open Model...');
    if (action === 'Train Model') await vscode.commands.executeCommand(CommandId.train);
    if (action === 'Open Model...') return browseForRun();
    return undefined;
  }
  const now = new Date();
  const browse = { label: '$(folder-opened) Browse...', description: 'a run folder elsewhere', dir: '' };
  const picked = await vscode.window.showQuickPick(
    [...rows.map((row) => ({ ...runPickItem(row, now), dir: row.dir })), browse],
    { title: 'Collab', placeHolder, matchOnDescription: true, matchOnDetail: true },
  );
  if (!picked) return undefined;
  return picked.dir || browseForRun();
}

/** A run folder chosen in the file dialog (one that holds run.json). */
export async function browseForRun(): Promise<string | undefined> {
  const picked = await vscode.window.showOpenDialog({
    canSelectFolders: true, canSelectFiles: false, canSelectMany: false, openLabel: 'Open Run', title: 'Collab: a run folder (with run.json)',
  });
  return picked?.[0]?.fsPath;
}
