/** Opens a run's source file at an item's or user's rows (panels' "open rows" and PCA clicks). */
import * as vscode from 'vscode';

/** What to reveal: a label's 1-based source lines (ascending, capped) and how many there are in all. */
export interface RevealRows {
  file: string;
  label: string;
  lines: number[];
  total: number;
}

/** Opens the file beside the panel on the first line; with several lines, a Quick Pick jumps between them. */
export async function revealRows(req: RevealRows): Promise<void> {
  if (req.lines.length === 0) {
    void vscode.window.showInformationMessage(`Collab: no source rows recorded for '${req.label}'.`);
    return;
  }
  const document = await vscode.workspace.openTextDocument(vscode.Uri.file(req.file));
  const rangeOf = (line: number): vscode.Range => {
    const i = Math.max(0, Math.min(document.lineCount - 1, line - 1));
    return new vscode.Range(i, 0, i, document.lineAt(i).text.length);
  };
  const editor = await vscode.window.showTextDocument(document, {
    viewColumn: vscode.ViewColumn.Beside, preserveFocus: true, preview: true, selection: rangeOf(req.lines[0]),
  });
  if (req.lines.length === 1) return;
  editor.selections = req.lines.slice(0, 1000).map((line) => { const r = rangeOf(line); return new vscode.Selection(r.start, r.end); });
  editor.revealRange(rangeOf(req.lines[0]), vscode.TextEditorRevealType.InCenter);
  const more = req.total > req.lines.length ? ` (first ${req.lines.length} of ${req.total})` : '';
  vscode.window.setStatusBarMessage(`Collab: '${req.label}' is on ${req.total} rows${more}; all selected.`, 8000);
}
