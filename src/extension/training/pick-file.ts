/** Choosing the ratings file to train on: the active editor's, or a Quick Pick of the workspace's. */
import * as vscode from 'vscode';
import { basename, extname } from 'node:path';
import { ITEMS_FILE_NAMES } from './items-file';
import { CommandId } from '../commands/ids';

/** Extensions of files that may hold ratings. */
export const RATINGS_EXTENSIONS = ['.csv', '.tsv', '.data', '.dat', '.txt'];

/** True for a file that may hold ratings (by extension, and not a known items file). */
export function isRatingsLike(path: string): boolean {
  const name = basename(path).toLowerCase();
  return RATINGS_EXTENSIONS.includes(extname(name)) && !ITEMS_FILE_NAMES.includes(name);
}

/** Ranks likely ratings files first: names with "rating", MovieLens' u.data, then by path. */
export function ratingsFileRank(path: string): number {
  const name = basename(path).toLowerCase();
  if (name.includes('rating')) return 0;
  if (name === 'u.data' || /^u\d\.base$/.test(name)) return 1;
  return 2;
}

/** The file to train on: the active editor's when ratings-like, else the user's pick; undefined if none. */
export async function pickRatingsFile(): Promise<string | undefined> {
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
    files.map((uri) => ({ label: basename(uri.fsPath), description: vscode.workspace.asRelativePath(uri, true), uri })),
    { title: 'Collab: Train Model', placeHolder: 'Which ratings file?', matchOnDescription: true },
  );
  return picked?.uri.fsPath;
}
