/**
 * Collab's rows view: an item's or user's rows read from a source file too large for VS Code to hand
 * to extensions, shown as a read-only document (`collab-rows:`) with each row's line number, a
 * CodeLens per row to open the file at that line (through the workbench), and copy as in any editor.
 */
import * as vscode from 'vscode';
import { CommandId } from '../commands/ids';
import type { Services } from '../services';
import { notificationText } from '../text/plain-text';
import { EDITOR_SYNC_LIMIT_BYTES, openInWorkbench } from './large-file';
import { decodeRowsTarget, encodeRowsTarget, parseRowLine, PREAMBLE_LINES, rowsProblemText, type RowsTarget } from '../../core/run/rows-view-text';

/** The rows view's URI scheme. */
export const ROWS_SCHEME = 'collab-rows';
/** CodeLenses drawn at most (each row beyond is opened with the command on the cursor's row). */
const MAX_LENSES = 2000;

/** The URI of the rows view of `target` (its tab is named after the label). */
export function rowsUri(target: RowsTarget): vscode.Uri {
  const name = target.label.replace(/[\\/:*?"<>|\r\n]+/g, ' ').trim().slice(0, 80) || `${target.side} ${target.index}`;
  return vscode.Uri.from({ scheme: ROWS_SCHEME, path: `/${name} (rows)`, query: encodeRowsTarget(target) });
}

/** The target a rows view URI names (undefined for one Collab did not write). */
export function rowsTargetOf(uri: vscode.Uri): RowsTarget | undefined {
  return uri.scheme === ROWS_SCHEME ? decodeRowsTarget(uri.query) : undefined;
}

class RowsContentProvider implements vscode.TextDocumentContentProvider {
  constructor(private readonly services: Services) {}

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const target = rowsTargetOf(uri);
    if (!target) return 'Collab: this rows view has no run to read (its address is not one Collab wrote).\n';
    const started = performance.now();
    try {
      // The worker reads, sorts and formats the rows: the host only shows the string.
      const answer = await this.services.runs.service.sourceRowsText(target, EDITOR_SYNC_LIMIT_BYTES);
      this.services.log.info(`Rows view: ${answer.rows} of ${answer.total} rows of '${target.label}' read from ${answer.file} by byte offset in ${(performance.now() - started).toFixed(0)} ms.`);
      return answer.text;
    } catch (error) {
      const { message, code } = error as Error & { code?: string };
      this.services.log.warn(`Rows view of '${target.label}': ${message}`);
      // A changed file, or a run saved before lines.bin: training again makes the rows readable.
      if (code === 'source-changed' || code === 'no-line-offsets') void offerRetrain(target.file, message);
      else void vscode.window.showErrorMessage(notificationText(`Collab: could not read the rows of '${target.label}': ${message}`));
      return rowsProblemText(target, message);
    }
  }
}

/** The file changed since training: say so, and offer to train on it again. */
async function offerRetrain(file: string, message: string): Promise<void> {
  const choice = await vscode.window.showErrorMessage(notificationText(`Collab: ${message}.`), 'Train Again');
  if (choice === 'Train Again') await vscode.commands.executeCommand(CommandId.trainFile, vscode.Uri.file(file));
}

class RowsCodeLenses implements vscode.CodeLensProvider {
  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    const target = rowsTargetOf(document.uri);
    if (!target) return [];
    const lenses: vscode.CodeLens[] = [];
    const last = Math.min(document.lineCount, PREAMBLE_LINES + MAX_LENSES);
    for (let i = PREAMBLE_LINES; i < last; i++) {
      const row = parseRowLine(document.lineAt(i).text);
      if (!row) continue;
      lenses.push(new vscode.CodeLens(new vscode.Range(i, 0, i, 0), {
        title: `Open the file at line ${row.line}`, command: CommandId.openRowInFile, arguments: [target.file, row.line, row.row.length],
      }));
    }
    return lenses;
  }
}

/**
 * Opens the source file at a row: from a CodeLens (file, line, row length) or, without arguments,
 * the row under the cursor of the active rows view.
 */
export function openRowInFile(): (file?: unknown, line?: unknown, length?: unknown) => Promise<void> {
  return async (file, line, length) => {
    if (typeof file === 'string' && typeof line === 'number') {
      const width = typeof length === 'number' ? length : 0;
      await openInWorkbench(file, new vscode.Range(line - 1, 0, line - 1, width), { beside: false });
      return;
    }
    const editor = vscode.window.activeTextEditor;
    const target = editor && rowsTargetOf(editor.document.uri);
    const row = editor && parseRowLine(editor.document.lineAt(editor.selection.active.line).text);
    if (!target || !row) {
      void vscode.window.showInformationMessage('Collab: put the cursor on a row of a Collab rows view to open the file at its line.');
      return;
    }
    await openInWorkbench(target.file, new vscode.Range(row.line - 1, 0, row.line - 1, row.row.length));
  };
}

/** Registers the rows view's content provider and its CodeLenses. */
export function registerRowsView(services: Services): vscode.Disposable {
  return vscode.Disposable.from(
    vscode.workspace.registerTextDocumentContentProvider(ROWS_SCHEME, new RowsContentProvider(services)),
    vscode.languages.registerCodeLensProvider({ scheme: ROWS_SCHEME }, new RowsCodeLenses()),
  );
}
