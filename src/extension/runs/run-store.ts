/**
 * The saved runs of the workspace as the extension sees them: where runs folders are, their listing
 * (cached), and the run service that reads them. Loading runs and every query on them happen in the
 * run service's worker thread (src/run-service/), so nothing here parses a run or builds an index;
 * a file watcher on the runs folders invalidates both the listing and the worker's loaded runs.
 */
import * as vscode from 'vscode';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { RunHeadListing, RunManifestHead, RunServiceApi } from '../../protocol/run-service';
import type { Settings } from '../settings/settings';
import { runsDirIn } from '../../core/run/location';
import { tunesDirFor } from '../../core/tune/save';

type Readable = RunHeadListing & { manifest: RunManifestHead };

const CHANGE_DEBOUNCE_MS = 250;

export class RunStore implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires (debounced) when runs appear, change or go. */
  readonly onDidChange = this.changed.event;
  private listing: Promise<RunHeadListing[]> | undefined;
  private watchers: vscode.Disposable[] = [];
  private readonly disposables: vscode.Disposable[] = [];
  private debounce: NodeJS.Timeout | undefined;

  /** `service` answers every read of a run (a worker thread in the extension). */
  constructor(private readonly settings: () => Settings, readonly service: RunServiceApi) {
    this.disposables.push(this.changed);
    // Watchers are set up just after activation returns: nothing at start-up waits on them.
    const deferred = setTimeout(() => this.watch(), 0);
    this.disposables.push({ dispose: () => clearTimeout(deferred) });
    this.disposables.push(
      vscode.workspace.onDidChangeWorkspaceFolders(() => { this.watch(); this.invalidate(); }),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('collab.runsFolder')) { this.watch(); this.invalidate(); }
      }),
    );
  }

  /** The runs folder of each workspace folder, by core's rule (absolute `collab.runsFolder` is used as is). */
  runsDirs(): string[] {
    const folder = this.settings().runsFolder;
    if (isAbsolute(folder)) return [folder];
    return (vscode.workspace.workspaceFolders ?? []).map((f) => runsDirIn(f.uri.fsPath, folder));
  }

  /**
   * Where a run trained on `file` is saved: its workspace folder's runs folder (the root the CLI
   * calls its working folder); with no workspace folder open, next to the file.
   */
  runsDirFor(file: string): string {
    const ws = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(file)) ?? vscode.workspace.workspaceFolders?.[0];
    return runsDirIn(ws ? ws.uri.fsPath : dirname(file), this.settings().runsFolder);
  }

  /** Every run of every runs folder, newest first (damaged ones included, with their error). */
  list(): Promise<RunHeadListing[]> {
    if (!this.listing) {
      const listing = this.service.list(this.runsDirs());
      listing.catch(() => { if (this.listing === listing) this.listing = undefined; });
      this.listing = listing;
    }
    return this.listing;
  }

  /** The newest readable run whose source (or items file) is `file`. */
  async runForFile(file: string): Promise<{ listing: Readable; role: 'source' | 'items' } | undefined> {
    const target = resolve(file);
    for (const listing of await this.list()) {
      const source = listing.manifest?.source;
      if (!source) continue;
      if (resolve(source.path) === target) return { listing: listing as Readable, role: 'source' };
      if (source.itemsFile && resolve(source.itemsFile) === target) return { listing: listing as Readable, role: 'items' };
    }
    return undefined;
  }

  /** Forgets the listing and (when given) one run's loaded copy, and tells listeners. */
  invalidate(dir?: string): void {
    this.listing = undefined;
    void this.service.forget(dir === undefined ? undefined : resolve(dir)).catch(() => undefined);
    if (this.debounce) clearTimeout(this.debounce);
    this.debounce = setTimeout(() => this.changed.fire(), CHANGE_DEBOUNCE_MS);
  }

  /** The run folder containing `path`, when path is inside one of the runs folders. */
  private runDirOf(path: string): string | undefined {
    for (const root of this.runsDirs()) {
      const rel = relative(root, path);
      if (rel && !rel.startsWith('..') && !isAbsolute(rel)) return join(root, rel.split(sep)[0]);
    }
    return undefined;
  }

  /** Watches `<runsFolder>/**` of each workspace folder (a pattern relative to the folder works before it exists). */
  private watch(): void {
    for (const w of this.watchers) w.dispose();
    const folder = this.settings().runsFolder.replace(/\\/g, '/').replace(/\/+$/, '');
    // Sweeps live beside the runs folder (core's tunesDirFor): watched too, so the Runs view lists a
    // sweep the command line saved.
    const tunes = tunesDirFor(folder).replace(/\\/g, '/');
    const patterns = isAbsolute(folder)
      ? [new vscode.RelativePattern(vscode.Uri.file(folder), '**'), new vscode.RelativePattern(vscode.Uri.file(tunes), '*/tune.json')]
      : (vscode.workspace.workspaceFolders ?? []).flatMap((f) => [
        new vscode.RelativePattern(f, `${folder}/**`), new vscode.RelativePattern(f, `${tunes}/*/tune.json`),
      ]);
    this.watchers = patterns.map((pattern) => {
      const watcher = vscode.workspace.createFileSystemWatcher(pattern);
      const onEvent = (uri: vscode.Uri): void => this.invalidateFor(uri.fsPath);
      watcher.onDidCreate(onEvent);
      watcher.onDidChange(onEvent);
      watcher.onDidDelete(onEvent);
      return watcher;
    });
  }

  private invalidateFor(path: string): void {
    const dir = this.runDirOf(path);
    this.invalidate(dir ?? undefined);
  }

  dispose(): void {
    if (this.debounce) clearTimeout(this.debounce);
    for (const w of this.watchers) w.dispose();
    for (const d of this.disposables) d.dispose();
  }
}
