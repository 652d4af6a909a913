/**
 * Collab's entry point. activate() only wires features together; each feature's register()
 * returns a Disposable, and disposing the subscriptions on deactivation stops running trainers.
 */
import * as vscode from 'vscode';
import { performance } from 'node:perf_hooks';
import { join } from 'node:path';
import { registerCommands } from './commands/register';
import { currentSettings } from './settings/read';
import { watchHostHealth } from './diagnostics/host-health';
import type { profileHost as ProfileHost } from './diagnostics/host-profile';
import { registerHover } from './hover/hover-provider';
import { registerRowsView } from './editor/rows-view';
import { registerLargeFileNotice } from './editor/large-file-notice';
import { createPanelHost } from './panels/bridge';
import { RunServiceClient } from '../run-service/client';
import { RunStore } from './runs/run-store';
import { registerRunsView } from './runs/runs-tree';
import { registerRatingsFilesContext } from './runs/ratings-context';
import type { Services } from './services';
import { TrainingManager } from './training/training-manager';
import { Studies } from './studies/studies';
import { ensureTrusted } from './settings/trust';

export function activate(context: vscode.ExtensionContext): void {
  const started = performance.now();
  const steps: string[] = [];
  /** Runs one wiring step and notes its cost, so a slow start names its culprit in the log. */
  const step = <T>(name: string, make: () => T): T => {
    const t0 = performance.now();
    const made = make();
    steps.push(`${name} ${(performance.now() - t0).toFixed(1)}`);
    return made;
  };
  const log = step('log', () => vscode.window.createOutputChannel('Collab', { log: true }));
  const settings = (scope?: vscode.Uri) => currentSettings(log, scope);
  // Saved runs are read and queried in a worker thread, started on first use (see src/run-service).
  const runService = new RunServiceClient({
    workerPath: join(context.extensionPath, 'dist', 'run-worker.js'),
    onCrash: (message) => log.error(message),
  });
  const runs = step('runs', () => new RunStore(() => settings(), runService));
  const panels = step('panels', () => createPanelHost(context, log, runService));
  const trainerPath = join(context.extensionPath, 'dist', 'trainer.js');
  const training = step('training', () => new TrainingManager({
    log, panels, trainerPath,
    onSaved: (runDir) => runs.invalidate(runDir),
    showNotification: () => settings().showProgressNotification,
  }));
  const studies = new Studies({
    extensionUri: context.extensionUri, trainerPath, log,
    // "Train with this rate" and "Train and save the best": a normal run, on the same file and split.
    train: (source, config) => {
      if (!ensureTrusted('Training')) return;
      void training.train({ ...source, config, runsDir: runs.runsDirFor(source.file) });
    },
    onTuneSaved: () => runs.invalidate(),
  });
  const services: Services = { context, log, settings, runs, training, panels, studies };

  context.subscriptions.push(
    log,
    runService,
    runs,
    training,
    panels,
    studies,
    step('commands', () => registerCommands(services)),
    step('view', () => registerRunsView(services)),
    step('hover', () => registerHover(services)),
    step('rows view', () => registerRowsView(services)),
    registerLargeFileNotice(services),
    registerRatingsFilesContext(runs, training),
    watchHostHealth(log),
    startHostProfile(context, log),
  );
  log.info(`Collab ${context.extension.packageJSON.version ?? ''} activated in ${(performance.now() - started).toFixed(1)} ms`
    + ` (${steps.join(', ')} ms; workspace ${vscode.workspace.isTrusted ? 'trusted' : 'in Restricted Mode: training, import, export, delete and downloads are off'})`);
}

/**
 * The host profiler is test instrumentation (see diagnostics/host-profile.ts): a separate bundle,
 * loaded only when COLLAB_HOST_PROFILE_DIR is set, so the shipped path never carries it.
 */
function startHostProfile(context: vscode.ExtensionContext, log: vscode.LogOutputChannel): vscode.Disposable {
  if (!process.env.COLLAB_HOST_PROFILE_DIR) return { dispose: () => undefined };
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { profileHost } = require(join(context.extensionPath, 'dist', 'host-profile.js')) as { profileHost: typeof ProfileHost };
  return profileHost(log);
}

/** Nothing extra: the subscriptions (trainers included) are disposed by VS Code. */
export function deactivate(): void {}
