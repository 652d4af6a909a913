/** Opens a file at a 1-based line (and field, when known), for bad-row errors and row links. */
import * as vscode from 'vscode';
import { lineCells } from '../../core/csv/cells';
import type { Services } from '../services';

export function goToLine(services: Services): (file?: string, line?: number, column?: number) => Promise<void> {
  return async (file, line, column) => {
    if (typeof file !== 'string' || typeof line !== 'number') return;
    const document = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
    const lineIndex = Math.max(0, Math.min(document.lineCount - 1, line - 1));
    const text = document.lineAt(lineIndex).text;
    let range = new vscode.Range(lineIndex, 0, lineIndex, text.length);
    if (typeof column === 'number' && column >= 1) {
      // The field is found with the delimiter the core sniffer reads the file with (the whole line when it cannot tell).
      const delimiter = await services.runs.service.sniff(file).then((s) => s.format.delimiter, () => undefined);
      const cell = delimiter === undefined ? undefined : lineCells(text, delimiter)[column - 1];
      if (cell) range = new vscode.Range(lineIndex, cell.start, lineIndex, cell.end);
    }
    await vscode.window.showTextDocument(document, { selection: range, preview: false });
  };
}
