/**
 * A study panel's webview (the learning-rate finder's or a sweep's): the page with the study bundle,
 * checked messages in, whole state replayed on every `study/ready` (the webview is rebuilt when it is
 * shown again). The study that owns it decides what the messages do.
 */
import * as vscode from 'vscode';
import { parseStudyMessage, type HostToStudy, type StudyKind, type StudyToHost } from '../../protocol/study';
import { Disposable } from '../panels/dispose';
import { panelHtml } from '../panels/webview-html';

/** What a study panel asks of the study that owns it. */
export interface StudyPanelOwner {
  /** The messages that draw the current state from scratch (sent on every `study/ready`). */
  snapshot(): HostToStudy[];
  /** A checked request from the webview other than `study/ready`. */
  onRequest(message: Exclude<StudyToHost, { type: 'study/ready' }>): void;
  /** The person closed the panel. */
  onClosed(): void;
}

export class StudyPanel extends Disposable {
  static readonly viewType: Record<StudyKind, string> = { 'lr-find': 'collab.lrFindPanel', tune: 'collab.tunePanel' };

  private readonly panel: vscode.WebviewPanel;

  /**
   * A new panel of `kind`, or `revived`: one VS Code restored after a window reload (its serializer
   * hands it over), given the same page again.
   */
  constructor(kind: StudyKind, title: string, extensionUri: vscode.Uri, private readonly owner: StudyPanelOwner,
    private readonly log: (message: string) => void, revived?: vscode.WebviewPanel) {
    super();
    const webviewRoot = vscode.Uri.joinPath(extensionUri, 'dist', 'webview');
    const options = { enableScripts: true, localResourceRoots: [webviewRoot], enableFindWidget: true };
    if (revived) revived.webview.options = options;
    this.panel = this._register(revived ?? vscode.window.createWebviewPanel(StudyPanel.viewType[kind], title, vscode.ViewColumn.Active, options));
    this.panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'icon.png');
    this._register(this.panel.onDidDispose(() => { owner.onClosed(); this.dispose(); }));
    this._register(this.panel.webview.onDidReceiveMessage((raw: unknown) => this.onRaw(raw)));
    this.panel.webview.html = panelHtml({
      cspSource: this.panel.webview.cspSource,
      scriptUri: this.panel.webview.asWebviewUri(vscode.Uri.joinPath(webviewRoot, 'study.js')).toString(),
      styleUri: this.panel.webview.asWebviewUri(vscode.Uri.joinPath(webviewRoot, 'panel-style.css')).toString(),
      title,
    });
  }

  /** Sends one message (dropped once the panel is closed). */
  post(message: HostToStudy): void {
    if (!this.disposed) void this.panel.webview.postMessage(message);
  }

  set title(title: string) {
    if (!this.disposed) this.panel.title = title;
  }

  reveal(): void {
    if (!this.disposed) this.panel.reveal(undefined, false);
  }

  private onRaw(raw: unknown): void {
    const message = parseStudyMessage(raw);
    if (!message) {
      this.log(`Study panel: ignored a message (${JSON.stringify(raw)?.slice(0, 200)})`);
      return;
    }
    if (message.type === 'study/ready') for (const m of this.owner.snapshot()) this.post(m);
    else this.owner.onRequest(message);
  }
}
