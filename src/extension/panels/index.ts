/**
 * The run panels' entry point for the extension: one panel per run (or per comparison), live
 * histories of running trainers, and the serializer that brings panels back after a reload.
 */
import { realpathSync } from 'node:fs';
import * as vscode from 'vscode';
import type { TrainerToHost } from '../../protocol/trainer';
import type { PanelTarget, PanelViewName } from '../../protocol/webview';
import { parsePanelState } from '../../protocol/webview-validate';
import { Disposable } from './dispose';
import { LiveRunHistory } from './live-history';
import { RunPanel, type PanelRunSource, type RunPanelDeps } from './run-panel';

/** What the extension opens when a panel asks to show a label's source rows. */
export interface RevealRowsRequest {
  runDir: string;
  /** The run's source file (run.manifest.source.path). */
  file: string;
  side: 'items' | 'users';
  index: number;
  label: string;
  /** 1-based source lines, ascending, capped at MAX_REVEALED_LINES. */
  lines: number[];
  /** How many lines the label has in all. */
  total: number;
}

/** What the extension provides to the panels. */
export interface RunPanelHooks {
  revealRows(request: RevealRowsRequest): Promise<void>;
  /** Answers the panels' reads of saved runs (the run service: a worker thread in the extension). */
  runs: PanelRunSource;
  log?(message: string): void;
  /** Folders a restored panel may load runs from (default: the workspace folders). */
  allowedRoots?(): string[];
  /** The collab.neighbours.minCount setting (neighbour queries that name none use it). */
  neighbourMinCount?(): number;
  /** Opens a file at a 1-based line (the Data view's crosstab cells). */
  openLine?(file: string, line: number): Promise<void>;
}

/** The panels API the extension calls. */
export interface RunPanels extends vscode.Disposable {
  /**
   * Shows (or reveals) the panel of a saved or live run; `options.query` opens Neighbours on that
   * label; `options.preserveFocus` keeps the keyboard focus (and a new panel opens beside the editor).
   */
  show(target: PanelTarget, view?: PanelViewName, options?: { query?: string; preserveFocus?: boolean }): void;
  /**
   * When a run ends: its panel, if still open, is shown without focus where it covers nothing in use;
   * a closed panel stays closed. True when the run's panel is open and visible afterwards.
   */
  revealIfOpen(target: PanelTarget): boolean;
  /** Whether the panel of `target` is open (visible or not). */
  isOpen(target: PanelTarget): boolean;
  /** Every trainer event of a live run, from `train/started` on. */
  postTrainerEvent(runId: string, event: TrainerToHost): void;
  /** One panel with several saved runs' loss curves. */
  compare(runDirs: string[], view?: PanelViewName): void;
}

/** Live histories kept after their run ends (so a panel opened later still has the batch curve). */
const KEPT_HISTORIES = 20;

/** Registers the serializer and returns the panels API (dispose it with the extension). */
export function registerRunPanels(context: vscode.ExtensionContext, hooks: RunPanelHooks): RunPanels {
  return new RunPanelRegistry(context, hooks);
}

class RunPanelRegistry extends Disposable implements RunPanels {
  private readonly panels = new Map<string, RunPanel>();
  private readonly histories = new Map<string, LiveRunHistory>();
  private readonly deps: RunPanelDeps;

  constructor(context: vscode.ExtensionContext, hooks: RunPanelHooks) {
    super();
    this.deps = {
      extensionUri: context.extensionUri,
      runs: hooks.runs,
      liveHistory: (runId) => this.histories.get(runId),
      revealRows: (request) => hooks.revealRows(request),
      log: hooks.log ?? (() => undefined),
      neighbourMinCount: hooks.neighbourMinCount,
      openLine: hooks.openLine,
    };
    this._register(vscode.window.registerWebviewPanelSerializer(RunPanel.viewType, {
      // The state comes from the webview: revive only runs inside the folders Collab reads runs from.
      deserializeWebviewPanel: async (panel, state: unknown) => {
        const allowedRoots = hooks.allowedRoots?.() ?? (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.fsPath);
        const safe = parsePanelState(state, { allowedRoots, realpath: realpathSync });
        if (!safe?.target) {
          this.deps.log(`Run panel: not restored (its saved state names no run Collab may open).`);
          panel.dispose();
          return;
        }
        this.adopt(RunPanel.revive(this.deps, panel, safe.target, safe.view));
      },
    }));
  }

  show(target: PanelTarget, view?: PanelViewName, options: { query?: string; preserveFocus?: boolean } = {}): void {
    const query = options.query?.slice(0, 1000);
    if (query !== undefined) view = 'neighbours';
    if ('liveRunId' in target && !this.histories.has(target.liveRunId)) {
      this.remember(new LiveRunHistory(target.liveRunId, target.title));
    }
    const existing = this.openPanel(target);
    if (existing) existing.reveal(view, query, options.preserveFocus);
    else this.adopt(RunPanel.create(this.deps, target, view, query, options.preserveFocus));
  }

  revealIfOpen(target: PanelTarget): boolean {
    return this.openPanel(target)?.revealQuietly() ?? false;
  }

  isOpen(target: PanelTarget): boolean {
    return this.openPanel(target) !== undefined;
  }

  private openPanel(target: PanelTarget): RunPanel | undefined {
    return this.panels.get(keyOf(target)) ?? ('liveRunId' in target ? undefined : this.panelOfSavedRun(target));
  }

  compare(runDirs: string[], view?: PanelViewName): void {
    if (runDirs.length === 1) this.show({ runDir: runDirs[0] }, view);
    else if (runDirs.length > 1) this.show({ compareDirs: runDirs }, view ?? 'loss');
  }

  postTrainerEvent(runId: string, event: TrainerToHost): void {
    let history = this.histories.get(runId);
    if (!history) history = this.remember(new LiveRunHistory(runId));
    history.record(event);
    const panel = this.panels.get(keyOf({ liveRunId: runId }));
    if (!panel) return;
    panel.onTrainerEvent(event);
    // A live panel that switched to its saved run is now that run's panel.
    const key = keyOf(panel.currentTarget);
    if (key !== keyOf({ liveRunId: runId })) {
      this.panels.delete(keyOf({ liveRunId: runId }));
      this.panels.set(key, panel);
    }
  }

  override dispose(): void {
    for (const panel of [...this.panels.values()]) panel.dispose();
    this.panels.clear();
    super.dispose();
  }

  private adopt(panel: RunPanel): void {
    this.panels.set(keyOf(panel.currentTarget), panel);
    panel.onDidDispose(() => {
      for (const [key, value] of this.panels) if (value === panel) this.panels.delete(key);
    });
  }

  /** A saved run's panel may still be keyed by the live run that produced it. */
  private panelOfSavedRun(target: PanelTarget): RunPanel | undefined {
    if (!('runDir' in target)) return undefined;
    for (const panel of this.panels.values()) {
      const current = panel.currentTarget;
      if ('runDir' in current && samePath(current.runDir, target.runDir)) return panel;
    }
    return undefined;
  }

  private remember(history: LiveRunHistory): LiveRunHistory {
    this.histories.set(history.runId, history);
    for (const key of this.histories.keys()) {
      if (this.histories.size <= KEPT_HISTORIES) break;
      if (this.histories.get(key)!.status !== 'training') this.histories.delete(key);
    }
    return history;
  }
}

function keyOf(target: PanelTarget): string {
  if ('liveRunId' in target) return `live:${target.liveRunId}`;
  if ('compareDirs' in target) return `compare:${target.compareDirs.join('\n')}`;
  return `run:${target.runDir}`;
}

function samePath(a: string, b: string): boolean {
  return a.replace(/[\\/]+$/, '') === b.replace(/[\\/]+$/, '');
}
