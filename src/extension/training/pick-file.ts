/** Choosing the ratings file to train on: the active editor's, or a Quick Pick of the workspace's. */
import * as vscode from 'vscode';
import { basename } from 'node:path';
import { isRatingsLike, ratingsFileRank } from './file-kinds';
import { CommandId } from '../commands/ids';
import { plainText } from '../text/plain-text';

/** The file to train on: the active editor's when ratings-like, else the user's pick; undefined if none. */
export async function pickRatingsFile(title = 'Collab: Train Model'): Promise<string | undefined> {
  const active = vscode.window.activeTextEditor?.document.uri;
  if (active?.scheme === 'file' && isRatingsLike(active.fsPath)) return active.fsPath;
  const found = await vscode.workspace.findFiles('**/*.{csv,tsv,data,dat,txt}', '{**/node_modules/**,**/.collab/**,**/.git/**}', 2000);
  const files = found.filter((u) => u.scheme === 'file' && isRatingsLike(u.fsPath))
    .sort((a, b) => ratingsFileRank(a.fsPath) - ratingsFileRank(b.fsPath) || a.fsPath.localeCompare(b.fsPath));
  if (files.length === 0) {
    const action = await vscode.window.showInformationMessage(
      'Collab: no ratings file (*.csv, *.tsv, *.data, *.dat, *.txt) in the workspace.', 'Download MovieLens 100K',
    );
    if (action) await vscode.commands.executeCommand(CommandId.downloadMovieLens);
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(
    files.map((uri) => ({ label: plainText(basename(uri.fsPath), 80), description: plainText(vscode.workspace.asRelativePath(uri, true), 200), uri })),
    { title, placeHolder: 'Which ratings file?', matchOnDescription: true },
  );
  return picked?.uri.fsPath;
}
