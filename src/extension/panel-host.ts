/**
 * What the extension needs from the run panels (src/extension/panels/, the webview helper's):
 * show a saved or live run, and receive every trainer event of a live run.
 */
import type * as vscode from 'vscode';
import type { TrainerToHost } from '../protocol/trainer';

export type PanelView = 'loss' | 'biases' | 'neighbours' | 'pca';
export type PanelTarget = { runDir: string } | { liveRunId: string; title?: string };

export interface PanelHost extends vscode.Disposable {
  show(target: PanelTarget, view?: PanelView): void;
  postTrainerEvent(runId: string, event: TrainerToHost): void;
}
