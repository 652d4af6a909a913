/**
 * VS Code never hands a document over 50 MB to extensions (`openTextDocument` fails: "Files above
 * 50MB cannot be synchronized with extensions", microsoft/vscode#111849). Collab decides by the
 * file's size which way to go, and opens large files through the workbench (`vscode.open`), which
 * can show them (asking its own "Open Anyway" question) though no extension may read them.
 */
import * as vscode from 'vscode';
import { stat } from 'node:fs/promises';
import { EDITOR_SYNC_LIMIT_BYTES } from '../../core/run/source-rows';

export { EDITOR_SYNC_LIMIT_BYTES };

/** True when `path` is over the limit (a missing file is not: the editor then says why it cannot open it). */
export async function isOverEditorLimit(path: string): Promise<boolean> {
  try {
    return (await stat(path)).size > EDITOR_SYNC_LIMIT_BYTES;
  } catch {
    return false;
  }
}

/** Opens `path` in the workbench with `selection` (0-based), whatever its size: no document reaches the extension. */
export async function openInWorkbench(path: string, selection: vscode.Range, options: { beside?: boolean; preview?: boolean } = {}): Promise<void> {
  const showOptions: vscode.TextDocumentShowOptions = {
    selection, preview: options.preview ?? false, ...(options.beside ? { viewColumn: vscode.ViewColumn.Beside } : {}),
  };
  await vscode.commands.executeCommand('vscode.open', vscode.Uri.file(path), showOptions);
}
