/** Collab: Export Embeddings... — CSV, TSV pairs for TensorBoard's projector, JSON or .npy, with labels. */
import * as vscode from 'vscode';
import { EXPORT_FORMATS, type ExportFormat } from '../../core/analysis/export';
import type { Services } from '../services';
import { ensureTrusted } from '../settings/trust';
import { pickRun } from './pick-run';
import { notificationText, plainText } from '../text/plain-text';

const FORMAT_DETAILS: Record<ExportFormat, string> = {
  csv: 'one row per label: label, bias, factors',
  tsv: 'vectors.tsv + metadata.tsv for projector.tensorflow.org',
  json: 'labels, vectors and biases in one file',
  npy: 'NumPy arrays + a labels file',
  pth: 'fastai / PyTorch state dict + classes.json',
  tfjs: 'TensorFlow.js model (model.json + weights) to serve predictions, with vocab.json',
};

export function exportEmbeddings(services: Services): (arg?: unknown) => Promise<void> {
  return async (arg) => {
    if (!ensureTrusted('Exporting embeddings')) return;
    const runDir = await pickRun(services, arg, 'Export the embeddings of which run?');
    if (!runDir) return;
    const format = await vscode.window.showQuickPick(
      EXPORT_FORMATS.map((f) => ({ label: f.toUpperCase(), description: FORMAT_DETAILS[f], format: f })),
      { title: 'Collab: Export Embeddings', placeHolder: 'Format' },
    );
    if (!format) return;
    const target = await vscode.window.showOpenDialog({
      canSelectFolders: true, canSelectFiles: false, openLabel: 'Export Here', title: 'Collab: export into which folder?',
      defaultUri: vscode.Uri.file(vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? runDir),
    });
    if (!target?.[0]) return;
    try {
      const { outDir, written } = await services.runs.service.exportEmbeddings(runDir, format.format, target[0].fsPath);
      services.log.info(`Exported ${written.length} files to ${outDir}: ${written.join(', ')}`);
      const action = await vscode.window.showInformationMessage(`Collab: exported ${written.length} files to ${plainText(outDir, 300)}.`, 'Reveal in Explorer');
      if (action) await vscode.commands.executeCommand('revealInExplorer', vscode.Uri.file(written[0] ?? outDir));
    } catch (error) {
      const message = notificationText((error as Error).message);
      services.log.error(message);
      void vscode.window.showErrorMessage(`Collab: export failed: ${message}`, 'Open Log')
        .then((a) => { if (a) services.log.show(true); });
    }
  };
}
