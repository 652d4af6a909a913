/** Collab: Import Embeddings... — vectors trained elsewhere, or a fastai .pth with its labels, saved as a read-only run and opened. */
import * as vscode from 'vscode';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Services } from '../services';
import { ensureTrusted } from '../settings/trust';
import { notificationText } from '../text/plain-text';

/** The names core's importer reads as PyTorch checkpoints (src/core/interop/pth-import.ts isPthPath). */
const isPthPath = (p: string): boolean => /\.(pth|pt|pkl|ckpt)$/i.test(p);

/** For a .pth: its labels (classes.json, users/items .txt, or the ratings file) and y_range, asked when not given. */
async function pthExtras(paths: string[]): Promise<{ paths: string[]; yRange?: [number, number] } | undefined> {
  const pth = paths.find(isPthPath);
  if (!pth) return { paths };
  let all = paths;
  if (paths.length === 1) {
    const labels = await vscode.window.showOpenDialog({
      canSelectMany: true, openLabel: 'Use as Labels', defaultUri: vscode.Uri.file(dirname(pth)),
      title: 'Collab: labels of the model: classes.json (dls.classes), users.txt + items.txt, or the ratings file it was trained on',
      filters: { Labels: ['json', 'txt', 'csv', 'tsv', 'data', 'dat'], 'All files': ['*'] },
    });
    if (!labels || labels.length === 0) return undefined;
    all = [pth, ...labels.map((l) => l.fsPath)];
  }
  if (existsSync(join(dirname(pth), 'hyperparameters.json'))) return { paths: all };
  const text = await vscode.window.showInputBox({
    title: 'Collab: y_range of the model (collab_learner\'s y_range; the book uses 0, 5.5)', value: '0, 5.5',
    validateInput: (v) => (parseRange(v) ? undefined : 'Two numbers LO, HI with LO < HI'),
  });
  const yRange = text === undefined ? undefined : parseRange(text);
  return yRange ? { paths: all, yRange } : undefined;
}

function parseRange(text: string): [number, number] | undefined {
  const parts = text.split(',').map((p) => Number(p.trim()));
  return parts.length === 2 && parts.every(Number.isFinite) && parts[0] < parts[1] ? [parts[0], parts[1]] : undefined;
}

export function importEmbeddings(services: Services): () => Promise<void> {
  return async () => {
    if (!ensureTrusted('Importing embeddings')) return;
    const kind = await vscode.window.showQuickPick([
      { label: 'Embedding Files...', description: 'CSV/TSV with labels, JSON, .npy + labels, implicit .npz, a fastai/PyTorch .pth', folder: false },
      { label: 'Spark ALS Model Folder...', description: 'ALSModel.save output: metadata/, userFactors/, itemFactors/', folder: true },
    ], { title: 'Collab: Import Embeddings', placeHolder: 'What to import' });
    if (!kind) return;
    // One dialog cannot offer files and folders on Windows and Linux, hence the question first.
    const files = await vscode.window.showOpenDialog(kind.folder
      ? { canSelectFolders: true, canSelectFiles: false, openLabel: 'Import', title: 'Collab: a Spark ALSModel folder' }
      : {
        canSelectMany: true, openLabel: 'Import', title: 'Collab: embedding files (CSV/TSV with labels, JSON, .npy + labels, .npz) or a fastai/PyTorch .pth',
        filters: { Embeddings: ['csv', 'tsv', 'json', 'npy', 'npz', 'txt', 'pth', 'pt'], 'All files': ['*'] },
      });
    if (!files || files.length === 0) return;
    const extras = await pthExtras(files.map((f) => f.fsPath));
    if (!extras) return;
    const { paths, yRange } = extras;
    try {
      const saved = await services.runs.service.importEmbeddings(paths, services.runs.runsDirFor(paths[0]), yRange ? { yRange } : undefined);
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
