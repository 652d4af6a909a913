/**
 * "Collab: Tune Hyperparameters...": a sweep in a trainer process (its fits in worker threads),
 * streamed into a panel with a progress notification, saved as tune.json; or a saved sweep reopened
 * from the Runs view. Either way the panel offers to train and save the best configuration.
 */
import * as vscode from 'vscode';
import { basename } from 'node:path';
import type { TuneJobRequest, TuneToHost } from '../../protocol/trainer';
import type { StudyToHost, TuneState } from '../../protocol/study';
import { bestIndex, lowerIsBetter } from '../../core/tune/metric';
import { TUNABLE, type TuneManifest, type TuneResult } from '../../core/tune/types';
import { startTune, type TrainerSession, type TuneSessionResult } from '../../trainer/client';
import { showError } from '../notify/show-error';
import { plainText } from '../text/plain-text';
import { StudyPanel } from './study-panel';

/** What a sweep needs from the extension. */
export interface TuneHooks {
  extensionUri: vscode.Uri;
  trainerPath: string;
  log: vscode.LogOutputChannel;
  /** Train and save one finished configuration as a run. */
  train(result: TuneResult, source: { file: string; validFile?: string; itemsFile?: string }): void;
  /** The sweep was saved (refresh the Runs view). */
  onSaved(dir: string): void;
  /** The panel was closed. */
  onClosed?(): void;
}

/** The parameters a set of configurations varies, in TUNABLE order. */
function variedParams(results: readonly { params: Record<string, unknown> }[], spec: string): TuneState['params'] {
  const named = new Set(spec.split(/\s+/).map((term) => term.split('=')[0]));
  return TUNABLE.filter((p) => named.has(p) || results.some((r) => r.params[p] !== undefined));
}

/** A sweep's panel: live while it runs, or a saved sweep's. */
export class TuneStudy {
  private readonly state: TuneState;
  private readonly panel: StudyPanel;
  private session: TrainerSession<TuneSessionResult> | undefined;
  private started = Date.now();
  /** Seconds the saved sweep had run before this resume (its clock continues from there). */
  private before = 0;
  private readonly source: { file: string; validFile?: string; itemsFile?: string };

  /** A new sweep of `request` (call run()), or the saved sweep `saved`. */
  constructor(private readonly hooks: TuneHooks, private readonly request?: TuneJobRequest & { spaceText: string },
    saved?: { dir: string; manifest: TuneManifest; revived?: vscode.WebviewPanel }) {
    const file = request?.file ?? saved!.manifest.source.file;
    const metric = request?.metric ?? saved!.manifest.metric;
    const spec = saved ? `${saved.manifest.space.kind} ${saved.manifest.space.spec}` : request!.spaceText;
    this.source = saved ? { ...saved.manifest.source } : { file, validFile: request!.validFile, itemsFile: request!.itemsFile };
    const results = saved?.manifest.results ?? [];
    this.state = {
      title: `Tuning ${plainText(basename(file), 80)} \u00b7 best by ${metric}`, file, metric, lowerIsBetter: lowerIsBetter(metric),
      status: saved ? saved.manifest.end : 'loading', space: spec, folds: saved?.manifest.folds ?? request!.folds ?? 1,
      configs: saved?.manifest.space.count, parallel: saved?.manifest.parallel,
      params: variedParams(results, saved?.manifest.space.spec ?? request!.grid ?? request!.ranges ?? spec), results: [...results],
      best: saved?.manifest.best?.index, dir: saved?.dir, seconds: saved?.manifest.seconds ?? 0,
      resumable: saved ? saved.manifest.end !== 'done' : false,
    };
    this.panel = new StudyPanel('tune', `Tune \u00b7 ${plainText(basename(file), 60)}`, hooks.extensionUri, {
      snapshot: () => [{ type: 'tune/state', state: this.snapshotState() }],
      onRequest: (message) => this.onRequest(message),
      onClosed: () => hooks.onClosed?.(), // a sweep goes on without its panel; the notification can cancel it
    }, (m) => hooks.log.info(m), saved?.revived);
  }

  /** Runs the sweep with a cancellable progress notification; resolves when the trainer has exited. */
  run(): Promise<TuneSessionResult> {
    const request = this.request!;
    this.hooks.log.info(`Tuning on ${request.file}: ${this.state.space}; best by ${this.state.metric}${request.budgetSeconds ? `; budget ${request.budgetSeconds} s` : ''}`);
    return this.follow(request);
  }

  /** Continues this saved sweep (its missing configurations) in the trainer; resolves when it has exited. */
  resume(): Promise<TuneSessionResult> | undefined {
    const dir = this.state.dir;
    if (!dir || !this.state.resumable || this.session) return undefined;
    this.hooks.log.info(`Resuming the sweep ${dir}: ${(this.state.configs ?? 0) - this.state.results.length} configurations left`);
    Object.assign(this.state, { status: 'loading', resumable: false, error: undefined } satisfies Partial<TuneState>);
    this.before = this.state.seconds;
    this.started = Date.now();
    this.panel.post({ type: 'tune/state', state: this.snapshotState() });
    return this.follow({ resume: dir });
  }

  private follow(request: TuneJobRequest | { resume: string }): Promise<TuneSessionResult> {
    const { log } = this.hooks;
    const file = this.state.file;
    return Promise.resolve(vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Collab: tuning on ${plainText(basename(file), 80)}`, cancellable: true },
      async (progress, token) => {
        let reported = 0;
        const report = (): void => {
          const total = this.state.configs ?? 0;
          const percent = total ? Math.round((100 * this.state.results.length) / total) : 0;
          progress.report({ message: this.progressText(), increment: Math.max(0, percent - reported) });
          reported = Math.max(reported, percent);
        };
        report();
        this.session = startTune(request, {
          trainerPath: this.hooks.trainerPath,
          onEvent: (event) => { this.onEvent(event); report(); },
          onStderr: (text) => { for (const line of text.trimEnd().split('\n')) log.warn(`[trainer] ${plainText(line, 2000)}`); },
        });
        const cancel = token.onCancellationRequested(() => this.session?.cancel());
        try {
          const result = await this.session.result;
          this.finish(result);
          return result;
        } finally {
          cancel.dispose();
          this.session = undefined;
        }
      },
    ));
  }

  reveal(): void {
    this.panel.reveal();
  }

  private progressText(): string {
    const s = this.state;
    if (s.status === 'loading') return 'loading and splitting the data';
    const best = s.results.find((r) => r.index === s.best);
    const value = best ? (best.metrics as unknown as Record<string, number>)[s.metric] : undefined;
    return `${s.results.length}/${s.configs ?? '?'} configurations${value !== undefined ? ` \u00b7 best ${s.metric} ${value.toFixed(4)}` : ''}`;
  }

  private snapshotState(): TuneState {
    return { ...this.state, seconds: this.seconds() };
  }

  private seconds(): number {
    return this.state.status === 'loading' || this.state.status === 'running' ? this.before + (Date.now() - this.started) / 1000 : this.state.seconds;
  }

  private onEvent(event: TuneToHost): void {
    const s = this.state;
    switch (event.type) {
      case 'tune/start':
        Object.assign(s, { status: 'running', configs: event.resumed?.total ?? event.configs, folds: event.folds, parallel: event.parallel } satisfies Partial<TuneState>);
        this.hooks.log.info(`Tuning ${event.configs} configurations${event.folds > 1 ? ` x ${event.folds} folds` : ''}, ${event.parallel} at a time`);
        this.panel.post({ type: 'tune/state', state: this.snapshotState() });
        break;
      case 'tune/result': {
        s.results.push(event.result);
        const best = bestIndex(s.results.map((r) => r.metrics), s.metric);
        s.best = best >= 0 ? s.results[best].index : undefined;
        const value = (event.result.metrics as unknown as Record<string, number>)[s.metric];
        this.hooks.log.info(`configuration ${event.result.index + 1}: ${s.metric} ${value?.toFixed(4)} (${event.result.seconds.toFixed(1)} s) ${JSON.stringify(event.result.params)}`);
        this.panel.post({ type: 'tune/result', result: event.result, best: s.best, seconds: this.seconds() });
        break;
      }
      case 'tune/done':
        Object.assign(s, {
          status: event.end, dir: event.dir, seconds: event.manifest.seconds, best: event.manifest.best?.index,
          results: event.manifest.results, resumable: event.end !== 'done',
        } satisfies Partial<TuneState>);
        break;
      case 'train/log':
        this.hooks.log.info(plainText(event.message, 2000));
        break;
      default:
        break;
    }
  }

  private finish(result: TuneSessionResult): void {
    const s = this.state;
    const { log } = this.hooks;
    if (result.outcome === 'done') {
      s.status = result.done.end;
      log.info(`Sweep ${result.done.end} after ${result.done.manifest.seconds.toFixed(1)} s: ${s.results.length} configurations; saved ${result.done.dir}`);
      this.hooks.onSaved(result.done.dir);
    } else if (result.outcome === 'cancelled') {
      s.status = 'cancelled';
    } else {
      s.status = 'failed';
      s.error = result.error.message;
      void showError(result.error, log);
    }
    s.seconds = result.outcome === 'done' ? result.done.manifest.seconds : this.before + (Date.now() - this.started) / 1000;
    // A resume that failed leaves the saved sweep as it was: it can be tried again.
    if (result.outcome !== 'done' && s.dir && this.request === undefined) s.resumable = true;
    this.panel.post({ type: 'tune/state', state: this.snapshotState() });
  }

  private onRequest(message: Exclude<StudyToHost, { type: 'study/ready' }>): void {
    if (message.type === 'study/cancel') this.session?.cancel();
    else if (message.type === 'tune/resume') void this.resume();
    else if (message.type === 'tune/train') {
      const result = this.state.results.find((r) => r.index === message.index);
      if (result) this.hooks.train(result, this.source);
    }
  }

  /** Stops the trainer and closes the panel (extension shutdown). */
  dispose(): void {
    this.session?.kill();
    this.panel.dispose();
  }
}
