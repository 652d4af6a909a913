/**
 * One run's panel: owns its webview (HTML set once), answers the webview's typed requests from the
 * loaded run, replays its state on every `panel/ready` (the webview is rebuilt when shown again), and
 * follows a live run from the trainer's events to the saved run.
 */
import * as vscode from 'vscode';
import type { RunServiceApi } from '../../protocol/run-service';
import type { TrainerToHost } from '../../protocol/trainer';
import type {
  HostToWebview, InitMessage, PanelTarget, PanelViewName, RequestMessage, RunSeries, RunSummary, WebviewToHost,
} from '../../protocol/webview';
import { parseWebviewMessage } from '../../protocol/webview-validate';
import type { ProjectionRequestType } from '../../protocol/projection';
import { notificationText } from '../text/plain-text';
import { Disposable } from './dispose';
import { LiveRunHistory, mergeBatches } from './live-history';
import { panelHtml } from './webview-html';
import { revealQuietly } from './reveal-rule';
import { recommendAction, type RecommendFiles } from './recommend-actions';
import { PanelProjections, type ProjectionRuns } from './projection-actions';

/** The reads a panel makes of saved runs (the run service's), and the Recommend view's file actions. */
export type PanelRunSource = Pick<RunServiceApi, 'panelInit' | 'panelQuery' | 'rows'> & Partial<RecommendFiles> & Partial<ProjectionRuns>;

/** What a panel needs from the registry that created it. */
export interface RunPanelDeps {
  extensionUri: vscode.Uri;
  runs: PanelRunSource;
  /** The live history of a run still training (or just finished), if the extension reported it. */
  liveHistory(runId: string): LiveRunHistory | undefined;
  /** Open the source rows of a label (the extension's editor side). */
  revealRows(request: { runDir: string; file: string; side: 'items' | 'users'; index: number; label: string; lines: number[]; total: number }): Promise<void>;
  log(message: string): void;
  /** The collab.neighbours.minCount setting, for neighbour queries that name no minimum. */
  neighbourMinCount?(): number;
  /** Opens a file at a 1-based line (the Data view's crosstab cells). */
  openLine?(file: string, line: number): Promise<void>;
}

/** What the panel is showing once loaded; `saved` when it shows a saved run the service can query. */
interface Loaded { saved?: { dir: string; summary: RunSummary }; init: InitMessage }

export class RunPanel extends Disposable {
  static readonly viewType = 'collab.runPanel';

  private target: PanelTarget;
  private loading: Promise<Loaded>;
  private view: PanelViewName | undefined;
  /** The live run this panel followed until it was saved (its batch losses stay on the chart). */
  private watchedRunId: string | undefined;
  /** A label to look up when the Neighbours view opens (from the hover's "Show neighbours"). */
  private query: string | undefined;
  /** The projection view's running projection and file actions (when the run source offers them). */
  private readonly projections: PanelProjections | undefined;
  private readonly onDidDisposeEmitter = this._register(new vscode.EventEmitter<void>());
  /** Fires once when the panel closes. */
  readonly onDidDispose = this.onDidDisposeEmitter.event;

  /**
   * Opens a new panel in the active group; with `preserveFocus` (a run that just started) beside the
   * active editor instead, which keeps both the editor and the keyboard focus where they were.
   */
  static create(deps: RunPanelDeps, target: PanelTarget, view?: PanelViewName, query?: string, preserveFocus = false): RunPanel {
    const column = preserveFocus && vscode.window.activeTextEditor ? vscode.ViewColumn.Beside : vscode.ViewColumn.Active;
    const panel = vscode.window.createWebviewPanel(RunPanel.viewType, titleOf(target), { viewColumn: column, preserveFocus }, webviewOptions(deps.extensionUri));
    const created = new RunPanel(panel, deps, target, view);
    created.query = query;
    return created;
  }

  /** Adopts a panel VS Code restored after a reload (from the serializer). */
  static revive(deps: RunPanelDeps, panel: vscode.WebviewPanel, target: PanelTarget, view?: PanelViewName): RunPanel {
    panel.webview.options = webviewOptions(deps.extensionUri);
    return new RunPanel(panel, deps, target, view);
  }

  private constructor(readonly panel: vscode.WebviewPanel, private readonly deps: RunPanelDeps, target: PanelTarget, view?: PanelViewName) {
    super();
    this.target = target;
    this.view = view;
    const runs = deps.runs;
    this.projections = runs.project && runs.cancelProjection && runs.projectionQuery
      ? new PanelProjections(runs as ProjectionRuns, (message) => this.post(message)) : undefined;
    this.loading = this.startLoad();
    this._register(panel);
    this._register(panel.onDidDispose(() => this.dispose()));
    this._register(panel.webview.onDidReceiveMessage((raw: unknown) => this.onRawMessage(raw)));
    const webviewRoot = vscode.Uri.joinPath(deps.extensionUri, 'dist', 'webview');
    panel.webview.html = panelHtml({
      cspSource: panel.webview.cspSource,
      scriptUri: panel.webview.asWebviewUri(vscode.Uri.joinPath(webviewRoot, 'panel.js')).toString(),
      styleUri: panel.webview.asWebviewUri(vscode.Uri.joinPath(webviewRoot, 'panel-style.css')).toString(),
      title: titleOf(target),
    });
    panel.iconPath = vscode.Uri.joinPath(deps.extensionUri, 'media', 'icon.png');
  }

  override dispose(): void {
    if (this.disposed) return;
    this.projections?.dispose();
    this.onDidDisposeEmitter.fire();
    super.dispose();
  }

  /** Brings the panel forward, optionally on one view (and, on Neighbours, with a label to look up). */
  reveal(view?: PanelViewName, query?: string, preserveFocus = false): void {
    this.panel.reveal(undefined, preserveFocus);
    if (view) { this.view = view; this.query = query; this.post({ type: 'panel/show', view, query }); }
  }

  /** Shows the panel without focus, and only where it covers nothing in use (reveal-rule.ts); true when it is visible. */
  revealQuietly(): boolean {
    const place = { visible: this.panel.visible, column: this.panel.viewColumn, activeColumn: vscode.window.tabGroups.activeTabGroup.viewColumn };
    if (revealQuietly(place)) this.panel.reveal(this.panel.viewColumn, true);
    return this.panel.visible;
  }

  /** A live event of this panel's run: forwarded to draw, or (saved/done) switch to the saved run. */
  onTrainerEvent(event: TrainerToHost): void {
    if (LiveRunHistory.isDrawn(event)) {
      this.post({ type: 'train/event', event });
    } else if ((event.type === 'train/done' || event.type === 'train/saved') && 'liveRunId' in this.target) {
      this.watchedRunId = this.target.liveRunId;
      this.target = { runDir: event.runDir };
      this.reload();
    } else if (event.type === 'train/error' || event.type === 'train/cancelled') {
      this.reload();
    }
  }

  /** What the panel shows (the registry keys panels by it). */
  get currentTarget(): PanelTarget {
    return this.target;
  }

  private reload(): void {
    this.loading = this.startLoad();
    void this.sendInit();
  }

  /** Loads the target; a failure is reported by sendInit, so it is never an unhandled rejection. */
  private startLoad(): Promise<Loaded> {
    const loading = this.load();
    loading.catch(() => undefined);
    return loading;
  }

  private async load(): Promise<Loaded> {
    const target = this.target;
    if ('liveRunId' in target) {
      const history = this.deps.liveHistory(target.liveRunId) ?? new LiveRunHistory(target.liveRunId, target.title);
      if (!this.deps.liveHistory(target.liveRunId)) {
        history.status = 'failed';
        history.error = 'This run was training when the window reloaded; its panel cannot follow it any more. Open the saved run from the Runs view.';
      }
      return { init: { type: 'panel/init', run: history.summary(), series: history.series(), compare: [], view: this.view, target } };
    }
    const dirs = 'runDir' in target ? [target.runDir] : target.compareDirs;
    const runs = await Promise.all(dirs.map((dir) => this.deps.runs.panelInit(dir)));
    const run = runs[0].summary;
    this.panel.title = 'compareDirs' in target ? `Compare ${runs.length} runs` : run.title;
    const seriesOf = (saved: RunSeries, liveId = saved.runId): RunSeries => {
      const live = this.deps.liveHistory(liveId);
      // A run saved with its batch history draws that; an older run watched live keeps the losses
      // it was seen with (beside the recomputed LR schedule).
      const savedLosses = saved.batches.some((b) => b.smoothLoss !== undefined);
      return live && live.batches.length && !savedLosses ? { ...saved, batches: mergeBatches(live.batches, saved.batches) } : saved;
    };
    const compare = runs.slice(1).map((r) => seriesOf(r.series));
    const series = seriesOf(runs[0].series, this.watchedRunId ?? run.runId);
    return { saved: { dir: dirs[0], summary: run }, init: { type: 'panel/init', run, series, compare, view: this.view, target } };
  }

  private async sendInit(): Promise<void> {
    try {
      const { init } = await this.loading;
      this.post({ ...init, view: this.view ?? init.view, query: this.query });
      this.query = undefined; // asked once; a later reload keeps the webview's own trail
    } catch (error) {
      const message = (error as Error).message;
      this.deps.log(`Run panel: ${message}`);
      const runId = 'runDir' in this.target ? this.target.runDir : 'runs';
      this.post({
        type: 'panel/init', target: this.target, compare: [], series: { runId, name: runId, metrics: [], batches: [] },
        run: { runId, title: titleOf(this.target), status: 'failed', error: message, has: { biases: false, items: false, users: false, rows: false } },
      });
    }
  }

  /** Validates what the webview sent (it is user-controlled content's neighbour): bad requests get an error reply. */
  private onRawMessage(raw: unknown): void {
    const parsed = parseWebviewMessage(raw);
    if (parsed.ok) void this.onMessage(parsed.message);
    else if (parsed.messageId !== undefined) this.post({ type: 'reply', inReplyTo: parsed.messageId, ok: false, error: parsed.error });
    else this.deps.log(`Run panel: ignored a message (${parsed.error})`);
  }

  private async onMessage(message: WebviewToHost): Promise<void> {
    switch (message.type) {
      case 'panel/ready':
        await this.sendInit();
        return;
      case 'panel/view':
        this.view = message.view;
        return;
      case 'rows/open':
        await this.openRows(message.side, message.index, message.label);
        return;
      case 'query/biases':
      case 'query/suggest':
      case 'query/neighbours':
      case 'query/pca':
      case 'query/questionnaire':
      case 'query/recommend-for':
      case 'query/user-recommend':
      case 'query/metadata':
      case 'query/metadata-values':
      case 'query/data-overview':
        await this.answer(message);
        return;
      case 'rows/line':
        await this.openLine(message.line);
        return;
      case 'recommend/action':
        await this.recommendAction(message);
        return;
      case 'query/project':
      case 'projection/export':
      case 'views/list':
      case 'views/save':
      case 'views/load':
      case 'query/mean-neighbours':
        await this.answerProjection(message);
        return;
      default: {
        // A message this host does not know (a newer or broken webview): log it, never throw.
        const unknown: never = message;
        this.deps.log(`Run panel: ignored message ${JSON.stringify(unknown).slice(0, 200)}`);
      }
    }
  }

  /** Answers one request: exactly one reply, an error reply when anything fails. */
  private async answer(request: RequestMessage): Promise<void> {
    try {
      const { saved } = await this.loading;
      if (!saved) throw new Error('This run has no saved model yet.');
      const params = request.type === 'query/neighbours' && request.params.minCount === undefined && this.deps.neighbourMinCount
        ? { ...request.params, minCount: this.deps.neighbourMinCount() } : request.params;
      const result = await this.deps.runs.panelQuery(saved.dir, request.type, params as never);
      this.post({ type: 'reply', inReplyTo: request.messageId, ok: true, result });
    } catch (error) {
      this.post({ type: 'reply', inReplyTo: request.messageId, ok: false, error: (error as Error).message });
    }
  }

  /** The projection view's requests: one reply each, after any `project/frame` notices. */
  private async answerProjection(request: Extract<RequestMessage, { type: ProjectionRequestType }>): Promise<void> {
    try {
      const { saved } = await this.loading;
      if (!saved) throw new Error('This run has no saved model yet.');
      if (!this.projections) throw new Error('Projections are not available here.');
      const result = await this.projections.answer(saved.dir, request.type, request.messageId, request.params as never);
      this.post({ type: 'reply', inReplyTo: request.messageId, ok: true, result });
    } catch (error) {
      this.post({ type: 'reply', inReplyTo: request.messageId, ok: false, error: (error as Error).message });
    }
  }

  /** Opens the run's ratings file at a line (a Data view cell), when the extension provides that. */
  private async openLine(line: number): Promise<void> {
    try {
      const { saved } = await this.loading;
      const file = saved?.summary.source?.path;
      if (file && this.deps.openLine) await this.deps.openLine(file, line);
    } catch (error) {
      this.deps.log(`Run panel: could not open line ${line}: ${(error as Error).message}`);
    }
  }

  private async recommendAction(message: Extract<WebviewToHost, { type: 'recommend/action' }>): Promise<void> {
    try {
      const { saved } = await this.loading;
      const runs = this.deps.runs;
      if (!saved || !runs.saveProfile || !runs.listProfiles || !runs.openProfile || !runs.planAppend || !runs.appendRatings) {
        throw new Error('this run has no saved model to keep ratings against');
      }
      const files = runs as RecommendFiles;
      const answer = await recommendAction(files, saved.summary.runDir ?? saved.dir, message);
      if (answer) this.post(answer);
    } catch (error) {
      void vscode.window.showErrorMessage(notificationText(`Collab: ${(error as Error).message}`));
    }
  }

  private async openRows(side: 'items' | 'users', index: number, label: string): Promise<void> {
    try {
      const { saved } = await this.loading;
      const file = saved?.summary.source?.path;
      if (!saved || !file) {
        void vscode.window.showInformationMessage(notificationText(`Collab: this run has no source file to show '${label}' in.`));
        return;
      }
      const { lines, total } = await this.deps.runs.rows(saved.dir, side, index);
      await this.deps.revealRows({ runDir: saved.summary.runDir ?? saved.dir, file, side, index, label, lines, total });
    } catch (error) {
      void vscode.window.showErrorMessage(notificationText(`Collab: could not open the rows of '${label}': ${(error as Error).message}`));
    }
  }

  private post(message: HostToWebview): void {
    if (!this.disposed) void this.panel.webview.postMessage(message);
  }
}

/** Scripts on, and only the built webview folder readable. */
function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions & vscode.WebviewPanelOptions {
  return {
    enableScripts: true,
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist', 'webview')],
    enableFindWidget: true,
  };
}

/** A short panel title before the run is loaded. */
export function titleOf(target: PanelTarget): string {
  if ('liveRunId' in target) return `Training ${target.title ?? target.liveRunId}`;
  if ('compareDirs' in target) return `Compare ${target.compareDirs.length} runs`;
  const parts = target.runDir.split(/[\\/]/).filter(Boolean);
  return `Run ${parts.at(-1) ?? target.runDir}`;
}
