/** Opens a run's source file at an item's or user's rows (panels' "open rows" and PCA clicks). */
import * as vscode from 'vscode';
import { plainText } from '../text/plain-text';
import { isOverEditorLimit } from './large-file';
import { rowsUri } from './rows-view';

/** What to reveal: a label's 1-based source lines (ascending, capped) and how many there are in all. */
export interface RevealRows {
  file: string;
  label: string;
  lines: number[];
  total: number;
  /** The run and label (the panels send them): a file over the editor's limit is shown in Collab's rows view. */
  runDir?: string;
  side?: 'items' | 'users';
  index?: number;
}

/** Rows listed in the peek view at most (the panel already caps what it sends). */
const MAX_PEEKED = 1000;

/**
 * Opens the file beside the panel with the cursor on the label's first row; with several rows, a
 * references-style peek lists them all so each is one click away. A file over the limit VS Code
 * hands to extensions opens as Collab's rows view instead (its rows read by byte offset).
 */
export async function revealRows(req: RevealRows): Promise<void> {
  if (req.lines.length === 0) {
    void vscode.window.showInformationMessage(`Collab: no source rows recorded for '${plainText(req.label, 120)}'.`);
    return;
  }
  if (req.runDir !== undefined && req.side !== undefined && req.index !== undefined && await isOverEditorLimit(req.file)) {
    const uri = rowsUri({ runDir: req.runDir, file: req.file, side: req.side, index: req.index, label: req.label });
    await vscode.window.showTextDocument(uri, { viewColumn: vscode.ViewColumn.Beside, preview: true });
    return;
  }
  const uri = vscode.Uri.file(req.file);
  const document = await vscode.workspace.openTextDocument(uri);
  const rangeOf = (line: number): vscode.Range => {
    const i = Math.max(0, Math.min(document.lineCount - 1, line - 1));
    return new vscode.Range(i, 0, i, document.lineAt(i).text.length);
  };
  const first = rangeOf(req.lines[0]);
  await vscode.window.showTextDocument(document, {
    viewColumn: vscode.ViewColumn.Beside, preview: true, selection: new vscode.Range(first.start, first.start),
  });
  if (req.lines.length > 1) {
    const locations = req.lines.slice(0, MAX_PEEKED).map((line) => new vscode.Location(uri, rangeOf(line)));
    await vscode.commands.executeCommand('editor.action.peekLocations', uri, first.start, locations, 'peek');
  }
  const shown = req.total > req.lines.length ? ` (first ${req.lines.length} listed)` : '';
  vscode.window.setStatusBarMessage(`Collab: '${plainText(req.label, 80)}' is on ${req.total} row${req.total === 1 ? '' : 's'}${shown}.`, 8000);
}
