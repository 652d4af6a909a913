/**
 * The studies of a model's settings: learning-rate range tests and tuning sweeps, each with its
 * panel and trainer process. Owns them so the extension's shutdown stops every one.
 */
import * as vscode from 'vscode';
import { realpathSync } from 'node:fs';
import { parseStudyState } from '../../protocol/study-validate';
import { readTune } from '../../core/tune/read';
import { StudyPanel } from './study-panel';
import type { LrFindRequest, TuneJobRequest } from '../../protocol/trainer';
import type { TrainConfig } from '../../core/run/types';
import type { TuneManifest, TuneResult } from '../../core/tune/types';
import { LrFindStudy } from './lr-find-study';
import { TuneStudy } from './tune-study';

/** The data a study ran on, which a run trained from it reuses: file, how it was read, items file, split. */
export type TrainSource = Pick<LrFindRequest, 'file' | 'validFile' | 'itemsFile' | 'format' | 'mapping' | 'split'>;

/** What the studies need from the extension. */
export interface StudiesHooks {
  extensionUri: vscode.Uri;
  trainerPath: string;
  log: vscode.LogOutputChannel;
  /** Train and save a run on `source` with `config` (the training manager, behind the trust check). */
  train(source: TrainSource, config: TrainConfig): void;
  /** A sweep was saved. */
  onTuneSaved(dir: string): void;
  /** Folders a restored panel may reopen sweeps from (default: the workspace folders). */
  allowedRoots?(): string[];
}

export class Studies implements vscode.Disposable {
  private readonly running = new Set<{ dispose(): void }>();
  /** Saved sweeps' panels by folder, so opening one twice reveals it. */
  private readonly savedPanels = new Map<string, TuneStudy>();

  private readonly serializer: vscode.Disposable;

  constructor(private readonly hooks: StudiesHooks) {
    // A saved sweep's panel comes back after a window reload; the state comes from the webview, so
    // only a folder inside the workspace is reopened (and only when it still holds a readable sweep).
    this.serializer = vscode.window.registerWebviewPanelSerializer(StudyPanel.viewType.tune, {
      deserializeWebviewPanel: async (panel, state: unknown) => {
        const roots = hooks.allowedRoots?.() ?? (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.fsPath);
        const dir = parseStudyState(state, { allowedRoots: roots, realpath: realpathSync });
        const manifest = dir ? await readTune(dir).catch(() => undefined) : undefined;
        if (!dir || !manifest) {
          hooks.log.info('Tune panel: not restored (its saved state names no sweep Collab may open).');
          panel.dispose();
          return;
        }
        this.openSaved(dir, manifest, panel);
      },
    });
  }

  /** Runs lr_find on `request` in a new panel; resolves when the trainer has exited. */
  async findLearningRate(request: LrFindRequest): Promise<void> {
    const study = new LrFindStudy(request, {
      ...this.hooks,
      train: (lr) => this.hooks.train({
        file: request.file, validFile: request.validFile, itemsFile: request.itemsFile, format: request.format, mapping: request.mapping, split: request.split,
      }, { ...request.config, lr }),
    });
    this.running.add(study);
    try {
      await study.run();
    } finally {
      this.running.delete(study);
    }
  }

  /** Runs a sweep in a new panel; resolves when the trainer has exited. */
  async tune(request: TuneJobRequest & { spaceText: string }): Promise<void> {
    const study = new TuneStudy(this.tuneHooks(), request);
    this.running.add(study);
    try {
      await study.run();
    } finally {
      this.running.delete(study);
    }
  }

  /** Shows a saved sweep (the Runs view's sweeps). */
  openSaved(dir: string, manifest: TuneManifest, revived?: vscode.WebviewPanel): TuneStudy {
    const open = this.savedPanels.get(dir);
    if (open) { open.reveal(); revived?.dispose(); return open; }
    const study = new TuneStudy({ ...this.tuneHooks(), onClosed: () => this.savedPanels.delete(dir) }, undefined, { dir, manifest, revived });
    this.savedPanels.set(dir, study);
    return study;
  }

  /** Shows a saved sweep and continues it (its missing configurations); resolves when the trainer has exited. */
  async resumeSaved(dir: string, manifest: TuneManifest): Promise<void> {
    await this.openSaved(dir, manifest).resume();
  }

  private tuneHooks(): ConstructorParameters<typeof TuneStudy>[0] {
    return {
      ...this.hooks,
      train: (result: TuneResult, source) => this.hooks.train(source, result.config),
      onSaved: (dir) => this.hooks.onTuneSaved(dir),
    };
  }

  dispose(): void {
    this.serializer.dispose();
    for (const study of this.running) study.dispose();
    for (const study of this.savedPanels.values()) study.dispose();
    this.running.clear();
    this.savedPanels.clear();
  }
}
