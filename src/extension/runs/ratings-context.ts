/**
 * The `collab.ratingsFiles` context key: files known to hold ratings (the sources of saved runs and
 * the files being trained on), so "Train Model on This File" shows on them whatever their extension
 * (a `.txt` or `.base` file), while an unknown `.txt` gets no Collab menu entries. Also
 * `collab.ratingsFileOpened`, once such a file is the active editor.
 */
import * as vscode from 'vscode';
import { ContextKey } from '../commands/ids';
import type { RunStore } from './run-store';
import type { TrainingManager } from '../training/training-manager';
import { knownRatingsFiles, showsTrainMenu } from '../training/file-kinds';

/** Keeps the context key in step with the saved runs and the live runs. */
export function registerRatingsFilesContext(runs: RunStore, training: TrainingManager): vscode.Disposable {
  let saved: string[] = [];
  let published = '';
  const publish = (): void => {
    const files = knownRatingsFiles(saved, training.live().map((run) => run.file));
    const key = files.join('\n');
    if (key === published) return;
    published = key;
    void vscode.commands.executeCommand('setContext', ContextKey.ratingsFiles, files);
  };
  const relist = (): void => {
    runs.list().then((listings) => {
      saved = listings.flatMap((l) => (l.manifest?.source ? [l.manifest.source.path] : []));
      publish();
    }, () => undefined); // the Runs view reports listing errors
  };
  // The walkthrough's first step ("open a ratings file") completes on this key.
  let opened = false;
  const noteEditor = (editor: vscode.TextEditor | undefined): void => {
    const uri = editor?.document.uri;
    if (opened || uri?.scheme !== 'file' || !showsTrainMenu(uri.fsPath, saved)) return;
    opened = true;
    void vscode.commands.executeCommand('setContext', ContextKey.ratingsFileOpened, true);
  };
  // After activation returns: nothing at start-up waits on the listing (the hover prewarm lists too).
  const first = setTimeout(() => { relist(); noteEditor(vscode.window.activeTextEditor); }, 0);
  return vscode.Disposable.from(
    { dispose: () => clearTimeout(first) },
    runs.onDidChange(relist),
    training.onDidChange(publish),
    vscode.window.onDidChangeActiveTextEditor(noteEditor),
  );
}
