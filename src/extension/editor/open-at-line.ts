/** Opens a file at a 1-based line (and field, when known): bad-row errors, row links and the rows view. */
import * as vscode from 'vscode';
import { lineCells } from '../../core/csv/cells';
import type { Services } from '../services';
import { isOverEditorLimit, openInWorkbench } from './large-file';

/**
 * Selects the line (or its `column`-th field) in the file. A file over the editor's limit for
 * extensions is read with Node in the run service for the field's place, and opened through the workbench.
 */
export async function openAtLine(services: Services, file: string, line: number, column?: number): Promise<void> {
  const lineIndex = Math.max(0, line - 1);
  const cellRange = async (text: string, at: number): Promise<vscode.Range | undefined> => {
    if (typeof column !== 'number' || column < 1) return undefined;
    // The field is found with the delimiter the core sniffer reads the file with (the whole line when it cannot tell).
    const delimiter = await services.runs.service.sniff(file).then((s) => s.format.delimiter, () => undefined);
    const cell = delimiter === undefined ? undefined : lineCells(text, delimiter)[column - 1];
    return cell && new vscode.Range(at, cell.start, at, cell.end);
  };
  if (await isOverEditorLimit(file)) {
    const text = await services.runs.service.sourceLine(file, line).catch(() => undefined);
    const range = (text !== undefined ? await cellRange(text, lineIndex) : undefined) ?? new vscode.Range(lineIndex, 0, lineIndex, text?.length ?? 0);
    await openInWorkbench(file, range);
    return;
  }
  const document = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
  const index = Math.min(document.lineCount - 1, lineIndex);
  const text = document.lineAt(index).text;
  const range = (await cellRange(text, index)) ?? new vscode.Range(index, 0, index, text.length);
  await vscode.window.showTextDocument(document, { selection: range, preview: false });
}
