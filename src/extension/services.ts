/** The extension's shared services, created once in activate() and handed to every feature. */
import type * as vscode from 'vscode';
import type { Settings } from './settings/settings';
import type { RunStore } from './runs/run-store';
import type { TrainingManager } from './training/training-manager';
import type { RunPanels } from './panels/index';
import type { Studies } from './studies/studies';

export interface Services {
  context: vscode.ExtensionContext;
  /** The "Collab" Output channel. */
  log: vscode.LogOutputChannel;
  /** Current `collab.*` settings (read fresh each call). */
  settings(scope?: vscode.Uri): Settings;
  runs: RunStore;
  training: TrainingManager;
  panels: RunPanels;
  /** Learning-rate range tests and tuning sweeps, with their panels. */
  studies: Studies;
}
