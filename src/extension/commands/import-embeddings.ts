/** Collab: Import Embeddings... — vectors trained elsewhere, saved as a read-only run and opened. */
import * as vscode from 'vscode';
import type { Services } from '../services';
import { ensureTrusted } from '../settings/trust';
import { notificationText } from '../text/plain-text';

export function importEmbeddings(services: Services): () => Promise<void> {
  return async () => {
    if (!ensureTrusted('Importing embeddings')) return;
    const kind = await vscode.window.showQuickPick([
      { label: 'Embedding Files...', description: 'CSV/TSV with labels, JSON, .npy + labels, implicit .npz', folder: false },
      { label: 'Spark ALS Model Folder...', description: 'ALSModel.save output: metadata/, userFactors/, itemFactors/', folder: true },
    ], { title: 'Collab: Import Embeddings', placeHolder: 'What to import' });
    if (!kind) return;
    // One dialog cannot offer files and folders on Windows and Linux, hence the question first.
    const files = await vscode.window.showOpenDialog(kind.folder
      ? { canSelectFolders: true, canSelectFiles: false, openLabel: 'Import', title: 'Collab: a Spark ALSModel folder' }
      : {
        canSelectMany: true, openLabel: 'Import', title: 'Collab: embedding files (CSV/TSV with labels, JSON, .npy + labels, .npz)',
        filters: { Embeddings: ['csv', 'tsv', 'json', 'npy', 'npz', 'txt'], 'All files': ['*'] },
      });
    if (!files || files.length === 0) return;
    const paths = files.map((f) => f.fsPath);
    try {
      const saved = await services.runs.service.importEmbeddings(paths, services.runs.runsDirFor(paths[0]));
      services.log.info(`Imported ${paths.join(', ')} as ${saved.dir}`);
      services.runs.invalidate(saved.dir);
      services.panels.show({ runDir: saved.dir });
    } catch (error) {
      const message = notificationText((error as Error).message);
      services.log.error(message);
      void vscode.window.showErrorMessage(`Collab: import failed: ${message}`);
    }
  };
}
