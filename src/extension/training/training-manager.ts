/**
 * Runs trainings in child processes (src/trainer/client.ts), several at once: progress in one
 * status-bar item and the Runs view (and, when `collab.showProgressNotification` is on, a cancellable
 * notification per run), logs, live events to the run panels, and errors with actions. Disposing it
 * kills every trainer still running. It never takes focus: a run's panel opens beside the editor
 * without focus when the run starts, and when it ends a closed panel stays closed.
 */
import * as vscode from 'vscode';
import { basename } from 'node:path';
import { randomBytes } from 'node:crypto';
import { startTrainer, type TrainerSession, type TrainResult } from '../../trainer/client';
import { SpareTrainer } from '../../trainer/spare';
import type { TrainerToHost, TrainRequest } from '../../protocol/trainer';
import { CommandId, ContextKey, RUNS_VIEW_ID } from '../commands/ids';
import { showError } from '../notify/show-error';
import type { RunPanels } from '../panels/index';
import { isActive, progressFraction, progressMessage, reduceLiveRun, statusBarDetail, statusBarText, type LiveRun } from './live-run';
import { plainText } from '../text/plain-text';
import { throttle } from './throttle';

/** How long the finished notification stays up with its final message. */
const FINAL_MESSAGE_MS = 1500;
/** Most often the notification, status bar and Runs view are redrawn for one run's progress. */
const UI_UPDATE_MS = 100;
/** The status item's text changes at most this often: a redrawn item can swallow a click. */
const STATUS_UPDATE_MS = 1000;

interface Entry {
  live: LiveRun;
  session?: TrainerSession;
  totalEpochs: number;
  request: TrainRequest;
}

/** What the manager needs from the rest of the extension. */
export interface TrainingHooks {
  log: vscode.LogOutputChannel;
  panels: RunPanels;
  /** Called when a run has been saved (refresh the Runs view). */
  onSaved(runDir: string): void;
  /** Path of dist/trainer.js. */
  trainerPath: string;
  /** `collab.showProgressNotification`: also show progress in a notification (read when a run starts). */
  showNotification(): boolean;
}

/** The progress reporter and cancellation of whichever place shows a run's progress. */
type ProgressTask<T> = (progress: vscode.Progress<{ message?: string; increment?: number }>, token?: vscode.CancellationToken) => Promise<T>;

export class TrainingManager implements vscode.Disposable {
  private readonly entries = new Map<string, Entry>();
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires whenever a live run's state changes (throttled by the trainer's own event rate). */
  readonly onDidChange = this.changed.event;
  private readonly statusItem: vscode.StatusBarItem;
  /**
   * A trainer forked ahead of the next run (src/trainer/spare.ts): when a Train command starts and
   * after each run, ended after idle minutes. It saves the trainer's Node start (~0.2-0.4 s) from
   * the time between the command and the panel's last epoch.
   */
  private readonly spare: SpareTrainer;

  constructor(private readonly hooks: TrainingHooks) {
    this.spare = new SpareTrainer({ trainerPath: hooks.trainerPath });
    this.statusItem = vscode.window.createStatusBarItem('collab.training', vscode.StatusBarAlignment.Left, 10);
    this.statusItem.name = 'Collab Training';
    // A click shows the run (panel, log, cancel) in a Quick Pick: it never cancels on the spot.
    this.statusItem.command = CommandId.showTraining;
    this.statusItem.tooltip = 'Collab is training a model. Click to show the run, its log, or cancel it.';
  }

  /** Live runs (active first, then the ones that just ended this session). */
  live(): LiveRun[] {
    return [...this.entries.values()].map((e) => e.live);
  }

  /** The runs still being trained. */
  active(): LiveRun[] {
    return this.live().filter(isActive);
  }

  /** The live run of `key`, while it trains or just after. */
  get(key: string): LiveRun | undefined {
    return this.entries.get(key)?.live;
  }

  /** A Train command started: have a trainer process starting while the file is picked and read. */
  warmUp(): void {
    this.spare.prime();
  }

  /** Trains in a child process (progress in the status bar and Runs view); resolves when the trainer exits. */
  train(request: TrainRequest): Promise<TrainResult> {
    const key = randomBytes(6).toString('hex');
    const entry: Entry = {
      live: { key, file: request.file, model: request.config.model, phase: 'starting', totalEpochs: request.config.epochs },
      totalEpochs: request.config.epochs,
      request,
    };
    this.entries.set(key, entry);
    this.update();
    const log = this.hooks.log;
    log.info(`Training ${request.config.model} model on ${request.file} (epochs ${request.config.epochs}, lr ${request.config.lr}, `
      + `wd ${request.config.wd}, bs ${request.config.bs}, factors ${request.config.factors}, seed ${request.config.seed}) -> ${request.runsDir}`);

    const notify = this.hooks.showNotification();
    return this.withProgress(`Collab: training on ${plainText(basename(request.file), 80)}`, notify,
      async (progress, token) => {
        let reported = 0;
        const report = (): void => {
          const fraction = progressFraction(entry.live, entry.totalEpochs);
          const increment = Math.max(0, Math.round(fraction * 100) - reported);
          reported += increment;
          progress.report({ message: progressMessage(entry.live, entry.totalEpochs), increment });
        };
        report();
        const reportSoon = throttle(report, UI_UPDATE_MS);
        const session = startTrainer(request, {
          trainerPath: this.hooks.trainerPath,
          spare: this.spare,
          onEvent: (event) => { this.onEvent(entry, event); reportSoon(); },
          onStderr: (text) => { for (const line of text.trimEnd().split('\n')) log.warn(`[trainer] ${plainText(line, 2000)}`); },
        });
        entry.session = session;
        const cancel = token?.onCancellationRequested(() => this.cancel(key));
        try {
          const result = await session.result;
          reportSoon.cancel();
          this.finish(entry, result);
          // The next run (a person often trains again) starts warm; this one's process is gone.
          this.spare.prime();
          if (result.outcome === 'done' && notify) {
            // Small runs finish in a blink: leave the final "epoch N/N · valid x · saved" readable for a moment.
            entry.live = reduceLiveRun(entry.live, result.done);
            report();
            await new Promise((resolve) => setTimeout(resolve, FINAL_MESSAGE_MS));
          }
          return result;
        } finally {
          cancel?.dispose();
        }
      },
    );
  }

  /**
   * Runs `task` with its progress in a notification when the setting asks for one; otherwise as
   * the Runs view's progress bar (the status bar item and the view's live row carry the figures).
   */
  private withProgress<T>(title: string, notify: boolean, task: ProgressTask<T>): Promise<T> {
    if (notify) {
      return Promise.resolve(vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, task));
    }
    return Promise.resolve(vscode.window.withProgress({ location: { viewId: RUNS_VIEW_ID } }, (progress) => task(progress)));
  }

  /** Asks one run's trainer to stop (killed if it lingers); nothing is saved. */
  cancel(key: string): void {
    const entry = this.entries.get(key);
    if (!entry || !isActive(entry.live)) return;
    this.hooks.log.info(`Cancelling training on ${entry.request.file}${entry.session?.pid ? ` (pid ${entry.session.pid})` : ''}`);
    entry.session?.cancel();
  }

  private onEvent(entry: Entry, event: TrainerToHost): void {
    const before = entry.live;
    entry.live = reduceLiveRun(entry.live, event);
    const log = this.hooks.log;
    switch (event.type) {
      case 'train/started':
        log.info(`Run ${event.runId} started (trainer pid ${event.pid})`);
        break;
      case 'train/dataset':
        log.info(`${event.rows} rows, ${event.users} users, ${event.items} items; train ${event.trainRows}, valid ${event.validRows}`);
        for (const w of event.warnings) log.warn(plainText(w, 2000));
        break;
      case 'train/epoch': {
        const m = event.metrics;
        log.info(`epoch ${m.epoch}/${event.totalEpochs}: train loss ${m.trainLoss.toFixed(4)}, valid MSE ${m.validMse.toFixed(4)}, `
          + `RMSE ${m.validRmse.toFixed(4)}, MAE ${m.validMae.toFixed(4)} (${m.seconds.toFixed(1)} s)`);
        break;
      }
      case 'train/log':
        if (event.level === 'warn') log.warn(plainText(event.message, 2000));
        else log.info(plainText(event.message, 2000));
        break;
      case 'train/saved':
        log.info(`Saved ${event.runDir}`);
        break;
      case 'train/error':
        log.error(plainText(event.message, 2000));
        break;
      default:
        break;
    }
    const runId = entry.live.runId;
    if (runId) {
      try {
        this.hooks.panels.postTrainerEvent(runId, event);
        // The person asked for this run: its panel opens, but beside their editor and without focus.
        if (event.type === 'train/started') this.hooks.panels.show({ liveRunId: runId, title: basename(entry.request.file) }, 'loss', { preserveFocus: true });
      } catch (error) {
        log.warn(`Run panel: ${(error as Error).message}`);
      }
    }
    if (before.phase !== entry.live.phase) this.update();
    else if (event.type === 'train/epoch') this.updateSoon();
  }

  private finish(entry: Entry, result: TrainResult): void {
    const log = this.hooks.log;
    const file = plainText(basename(entry.request.file), 80);
    switch (result.outcome) {
      case 'done': {
        entry.live = { ...entry.live, phase: 'done', runDir: result.done.runDir, runId: result.done.runId };
        const last = result.done.metrics[result.done.metrics.length - 1];
        log.info(`Done in ${result.done.seconds.toFixed(1)} s${last ? `: valid RMSE ${last.validRmse.toFixed(4)}` : ''}`);
        this.hooks.onSaved(result.done.runDir);
        // No focus taken, and a panel the person closed stays closed: the message offers it instead.
        const target = { runDir: result.done.runDir };
        const shown = this.hooks.panels.revealIfOpen(target);
        const actions = shown ? ['Show Log'] : ['Show Panel', 'Show Log'];
        void vscode.window.showInformationMessage(
          `Collab: trained on ${file}${last ? ` — valid RMSE ${last.validRmse.toFixed(3)}` : ''}.`, ...actions,
        ).then((action) => {
          if (action === 'Show Panel') this.hooks.panels.show(target);
          else if (action) log.show(true);
        });
        break;
      }
      case 'cancelled':
        entry.live = { ...entry.live, phase: 'cancelled' };
        log.info(`Training on ${entry.request.file} cancelled; nothing was saved.`);
        void vscode.window.showInformationMessage(`Collab: training on ${file} cancelled; nothing was saved.`);
        break;
      case 'error':
        entry.live = { ...entry.live, phase: 'failed', error: result.error.message };
        if (result.exitCode !== null || result.signal) log.error(`Trainer exit: code ${result.exitCode}, signal ${result.signal}`);
        void showError(result.error, log, { logged: true }); // onEvent logged it
        break;
    }
    this.entries.delete(entry.live.key);
    this.update();
  }

  /** update(), at most every UI_UPDATE_MS: epochs of a small file can end thousands of times a second. */
  private readonly updateSoon = throttle(() => this.update(), UI_UPDATE_MS);

  private update(): void {
    this.updateSoon.cancel();
    void vscode.commands.executeCommand('setContext', ContextKey.training, this.active().length > 0);
    if (this.active().length > 0) this.renderStatusSoon();
    else { this.renderStatusSoon.cancel(); this.renderStatus(); }
    this.changed.fire();
  }

  /** renderStatus(), at most once a second (see statusBarText). */
  private readonly renderStatusSoon = throttle(() => this.renderStatus(), STATUS_UPDATE_MS);

  private renderStatus(): void {
    const active = this.active();
    const text = statusBarText(active, 0);
    if (text) {
      // Assigned only when the text changes: every assignment redraws the item.
      if (this.statusItem.text !== text) {
        this.statusItem.text = text;
        const detail = statusBarDetail(active);
        this.statusItem.tooltip = `${detail}\nClick to show the run, its log, or cancel it.`;
        this.statusItem.accessibilityInformation = { label: `${detail}. Activate to show the run, its log, or cancel it.`, role: 'button' };
      }
      this.statusItem.show();
    } else {
      this.statusItem.text = '';
      this.statusItem.hide();
    }
  }

  /** Kills every trainer still running (extension deactivation). */
  dispose(): void {
    this.updateSoon.cancel();
    this.renderStatusSoon.cancel();
    for (const entry of this.entries.values()) entry.session?.kill();
    this.entries.clear();
    this.spare.dispose();
    this.statusItem.dispose();
    this.changed.dispose();
  }
}
