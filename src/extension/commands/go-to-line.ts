/** Opens a file at a 1-based line (and field, when known), for bad-row errors and row links. */
import * as vscode from 'vscode';
import { splitCells, guessDelimiter } from '../hover/cell-at';

export function goToLine(): (file?: string, line?: number, column?: number) => Promise<void> {
  return async (file, line, column) => {
    if (typeof file !== 'string' || typeof line !== 'number') return;
    const document = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
    const lineIndex = Math.max(0, Math.min(document.lineCount - 1, line - 1));
    const text = document.lineAt(lineIndex).text;
    let range = new vscode.Range(lineIndex, 0, lineIndex, text.length);
    if (typeof column === 'number' && column >= 1) {
      const cell = splitCells(text, text.includes('\t') ? '\t' : guessDelimiter(text))[column - 1];
      if (cell) range = new vscode.Range(lineIndex, cell.start, lineIndex, cell.end);
    }
    await vscode.window.showTextDocument(document, { selection: range, preview: false });
  };
}
