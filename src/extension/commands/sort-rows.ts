/** Collab: Sort Rows by Column... — the active rows view again, ordered by a field the person picks. */
import * as vscode from 'vscode';
import type { Services } from '../services';
import { sourceColumns } from '../../core/run/source-rows';
import { PREAMBLE_LINES, parseRowLine, type RowsTarget } from '../../core/run/rows-view-text';
import { rowsTargetOf, rowsUri } from '../editor/rows-view';

export function sortRows(services: Services): () => Promise<void> {
  return async () => {
    const editor = vscode.window.activeTextEditor;
    const target = editor && rowsTargetOf(editor.document.uri);
    if (!editor || !target) {
      void vscode.window.showInformationMessage('Collab: open a Collab rows view (click an item in a run panel of a large file) to sort its rows.');
      return;
    }
    // The fields are named by the file's header row (the first row of the view), split with the run's delimiter.
    const format = (await services.runs.list()).find((l) => l.dir === target.runDir)?.manifest?.source?.format;
    const first = PREAMBLE_LINES < editor.document.lineCount ? parseRowLine(editor.document.lineAt(PREAMBLE_LINES).text) : undefined;
    if (!format || !first) return;
    const columns = sourceColumns({ delimiter: format.delimiter, texts: [first.row], ...(format.hasHeader ? { header: { line: first.line, text: first.row } } : {}) });
    const picked = await vscode.window.showQuickPick([
      { label: 'File order', description: 'by line number', column: -1, descending: false },
      ...columns.flatMap((name, column) => [
        { label: `${name}, ascending`, description: `column ${column + 1}`, column, descending: false },
        { label: `${name}, descending`, description: `column ${column + 1}`, column, descending: true },
      ]),
    ], { title: 'Collab: Sort Rows by Column', placeHolder: 'Order the rows by...' });
    if (!picked) return;
    const { sort: _old, ...rest } = target;
    const next: RowsTarget = picked.column < 0 ? rest : { ...rest, sort: { column: picked.column, name: columns[picked.column], descending: picked.descending } };
    await vscode.window.showTextDocument(rowsUri(next), { viewColumn: editor.viewColumn, preview: true });
  };
}
