/**
 * The studies of a model's settings: learning-rate range tests and tuning sweeps, each with its
 * panel and trainer process. Owns them so the extension's shutdown stops every one.
 */
import * as vscode from 'vscode';
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
}

export class Studies implements vscode.Disposable {
  private readonly running = new Set<{ dispose(): void }>();
  /** Saved sweeps' panels by folder, so opening one twice reveals it. */
  private readonly savedPanels = new Map<string, TuneStudy>();

  constructor(private readonly hooks: StudiesHooks) {}

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
  openSaved(dir: string, manifest: TuneManifest): TuneStudy {
    const open = this.savedPanels.get(dir);
    if (open) { open.reveal(); return open; }
    const study = new TuneStudy({ ...this.tuneHooks(), onClosed: () => this.savedPanels.delete(dir) }, undefined, { dir, manifest });
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
    for (const study of this.running) study.dispose();
    for (const study of this.savedPanels.values()) study.dispose();
    this.running.clear();
    this.savedPanels.clear();
  }
}
