/**
 * Collab: Download MovieLens 100K — asks first, downloads the zip (URL from `collab.movieLensUrl`),
 * verifies it (the published MD5 for the official URL; the layout always), unpacks it into the workspace.
 */
import * as vscode from 'vscode';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fetchMovieLens100k, MOVIELENS_100K } from '../download/movielens';
import type { Services } from '../services';
import { OFFICIAL_MOVIELENS_URL } from '../settings/settings';
import { ensureTrusted } from '../settings/trust';
import { CommandId } from './ids';
import { notificationText } from '../text/plain-text';

export function downloadMovieLens(services: Services): () => Promise<void> {
  return async () => {
    const folder = vscode.workspace.workspaceFolders?.[0];
    if (!folder) {
      void vscode.window.showWarningMessage('Collab: open a folder first; MovieLens 100K is unpacked into it.');
      return;
    }
    if (!ensureTrusted('Downloading MovieLens 100K')) return;
    const destDir = folder.uri.fsPath;
    const target = join(destDir, MOVIELENS_100K.folder);
    if (existsSync(join(target, MOVIELENS_100K.ratingsFile))) {
      const action = await vscode.window.showInformationMessage(`Collab: ${target} is already there.`, 'Train on u.data');
      if (action) await vscode.commands.executeCommand(CommandId.trainFile, vscode.Uri.file(join(target, MOVIELENS_100K.ratingsFile)));
      return;
    }
    const url = services.settings().movieLensUrl;
    const host = (() => { try { return new URL(url).host; } catch { return url; } })();
    const ok = await vscode.window.showInformationMessage(
      `Download MovieLens 100K (about 5 MB, 100,000 ratings by GroupLens, for research and education) from ${host} into ${MOVIELENS_100K.folder}/?`,
      { modal: true, detail: `From ${url}. The MovieLens licence asks you to acknowledge GroupLens if you publish results.` },
      'Download',
    );
    if (ok !== 'Download') return;
    const official = url === OFFICIAL_MOVIELENS_URL;
    if (!official) services.log.warn(`collab.movieLensUrl is ${url}, not the official URL: checking the archive's layout but not its MD5.`);
    try {
      const fetched = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: 'Collab: downloading MovieLens 100K', cancellable: true },
        async (progress, token) => {
          const abort = new AbortController();
          token.onCancellationRequested(() => abort.abort());
          let shown = 0;
          return fetchMovieLens100k({
            url, destDir, expectedMd5: official ? MOVIELENS_100K.md5 : undefined, signal: abort.signal,
            onProgress: (received, total) => {
              const pct = total ? Math.floor((100 * received) / total) : 0;
              progress.report({ message: `${(received / 1e6).toFixed(1)} MB`, increment: Math.max(0, pct - shown) });
              shown = Math.max(shown, pct);
            },
          });
        },
      );
      services.log.info(`MovieLens 100K: ${fetched.bytes} bytes, MD5 ${fetched.md5}; unpacked ${fetched.files.length} files into ${fetched.folder}`);
      const action = await vscode.window.showInformationMessage(
        `Collab: MovieLens 100K is in ${MOVIELENS_100K.folder}/ (${fetched.files.length} files, verified).`, 'Train on u.data', 'Open u.data',
      );
      if (action === 'Train on u.data') await vscode.commands.executeCommand(CommandId.trainFile, vscode.Uri.file(fetched.ratingsFile));
      if (action === 'Open u.data') await vscode.window.showTextDocument(vscode.Uri.file(fetched.ratingsFile));
    } catch (error) {
      const message = notificationText((error as Error).message);
      services.log.error(`MovieLens download: ${message}`);
      if ((error as Error).name === 'AbortError') return;
      void vscode.window.showErrorMessage(`Collab: could not get MovieLens 100K: ${message}`, 'Open Log')
        .then((a) => { if (a) services.log.show(true); });
    }
  };
}
