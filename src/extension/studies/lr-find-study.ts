/**
 * "Collab: Find Learning Rate...": fastai's lr_find on a ratings file, run in a trainer process
 * (cancellable; nothing is saved), drawn live in a panel that offers "Train with this rate".
 */
import * as vscode from 'vscode';
import { basename } from 'node:path';
import { modelLabel } from '../../common/model-label';
import type { LrFindRequest, LrFindToHost } from '../../protocol/trainer';
import type { LrFindState, StudyToHost } from '../../protocol/study';
import { startLrFind, type LrFindSessionResult, type TrainerSession } from '../../trainer/client';
import { showError } from '../notify/show-error';
import { plainText } from '../text/plain-text';
import { throttle } from '../training/throttle';
import { StudyPanel } from './study-panel';

/** What a finder needs from the extension. */
export interface LrFindHooks {
  extensionUri: vscode.Uri;
  trainerPath: string;
  log: vscode.LogOutputChannel;
  /** Train on the same data and settings with the chosen learning rate. */
  train(lr: number): void;
}

/** The panel redraws at most this often while the test runs (one event per batch). */
const POST_MS = 100;

/** One range test and its panel. */
export class LrFindStudy {
  private readonly state: LrFindState;
  private readonly panel: StudyPanel;
  private session: TrainerSession<LrFindSessionResult> | undefined;
  private readonly postSoon = throttle(() => this.postState(), POST_MS);

  constructor(private readonly request: LrFindRequest, private readonly hooks: LrFindHooks) {
    const { config } = request;
    const title = `${plainText(basename(request.file), 80)} \u00b7 ${modelLabel(config)}, bs ${config.bs}, wd ${config.wd}`;
    this.state = { title, file: request.file, status: 'loading', points: [], currentLr: config.lr };
    this.panel = new StudyPanel('lr-find', `Learning rate \u00b7 ${plainText(basename(request.file), 60)}`, hooks.extensionUri, {
      snapshot: () => [{ type: 'lr/state', state: this.state }],
      onRequest: (message) => this.onRequest(message),
      onClosed: () => this.session?.cancel(),
    }, (m) => hooks.log.info(m));
  }

  /** Starts the trainer; resolves when it has exited. */
  async run(): Promise<LrFindSessionResult> {
    const { log } = this.hooks;
    log.info(`lr_find on ${this.request.file} (${modelLabel(this.request.config)}, bs ${this.request.config.bs}, wd ${this.request.config.wd})`);
    this.session = startLrFind(this.request, {
      trainerPath: this.hooks.trainerPath,
      onEvent: (event) => this.onEvent(event),
      onStderr: (text) => { for (const line of text.trimEnd().split('\n')) log.warn(`[trainer] ${plainText(line, 2000)}`); },
    });
    const result = await this.session.result;
    this.postSoon.cancel();
    if (result.outcome === 'done') {
      const s = result.done.suggestion;
      log.info(`lr_find: ${result.done.lrs.length} batches in ${result.done.seconds.toFixed(2)} s; suggestion ${s ? s.lr.toExponential(2) : 'none'}`);
    } else if (result.outcome === 'cancelled') {
      this.state.status = 'cancelled';
    } else {
      this.state.status = 'failed';
      this.state.error = result.error.message;
      void showError(result.error, log);
    }
    this.postState();
    return result;
  }

  private onEvent(event: LrFindToHost): void {
    const s = this.state;
    switch (event.type) {
      case 'train/load':
        s.progress = event.stage ?? `reading ${Math.round((100 * event.bytesRead) / Math.max(1, event.bytesTotal))}%`;
        break;
      case 'train/dataset':
        s.status = 'running';
        s.progress = undefined;
        this.hooks.log.info(`${event.rows} rows, ${event.users} users, ${event.items} items; train ${event.trainRows}, valid ${event.validRows}`);
        break;
      case 'lr-find/step':
        s.points.push({ lr: event.lr, loss: event.loss });
        break;
      case 'lr-find/done':
        Object.assign(s, {
          status: 'done', points: event.lrs.map((lr, i) => ({ lr, loss: event.losses[i] })), suggestion: event.suggestion,
          suggestions: event.suggestions, seconds: event.seconds, engine: event.engine, bs: event.bs,
        } satisfies Partial<LrFindState>);
        break;
      case 'train/log':
        this.hooks.log.info(plainText(event.message, 2000));
        break;
      default:
        break;
    }
    this.postSoon();
  }

  private onRequest(message: Exclude<StudyToHost, { type: 'study/ready' }>): void {
    if (message.type === 'study/cancel') this.session?.cancel();
    else if (message.type === 'lr/train') this.hooks.train(message.lr);
  }

  private postState(): void {
    this.panel.post({ type: 'lr/state', state: this.state });
  }

  /** Stops the trainer and closes the panel (extension shutdown). */
  dispose(): void {
    this.session?.kill();
    this.panel.dispose();
  }
}
