/**
 * Just enough of the `vscode` API for the run panel host to run under `node --test`: webview panels
 * that record their HTML and posted messages, a serializer registry, Uri.joinPath, EventEmitter.
 * Install it before importing anything that imports `vscode`.
 */
import Module from 'node:module';

type Listener<T> = (value: T) => void;

class EventEmitter<T> {
  private listeners: Listener<T>[] = [];
  event = (listener: Listener<T>) => {
    this.listeners.push(listener);
    return { dispose: () => { this.listeners = this.listeners.filter((l) => l !== listener); } };
  };
  fire(value: T): void { for (const l of [...this.listeners]) l(value); }
  dispose(): void { this.listeners = []; }
}

class Uri {
  constructor(readonly path: string) {}
  static file(path: string): Uri { return new Uri(path); }
  static joinPath(base: Uri, ...parts: string[]): Uri { return new Uri([base.path, ...parts].join('/')); }
  toString(): string { return `vscode-resource:${this.path}`; }
}

/** A webview panel that records what the host does with it. */
export class FakePanel {
  readonly posted: unknown[] = [];
  readonly received = new EventEmitter<unknown>();
  private readonly disposed = new EventEmitter<void>();
  title: string;
  iconPath: unknown;
  revealed = 0;
  /** The (column, preserveFocus) of each reveal. */
  readonly reveals: [unknown, unknown][] = [];
  visible = true;
  viewColumn: number | undefined = 1;
  readonly webview = {
    html: '',
    options: {} as unknown,
    cspSource: 'https://fake.vscode-cdn.net',
    asWebviewUri: (uri: Uri) => uri.toString(),
    postMessage: async (message: unknown) => { this.posted.push(message); return true; },
    onDidReceiveMessage: this.received.event,
  };
  constructor(readonly viewType: string, title: string, readonly options: unknown, readonly showOptions?: unknown) { this.title = title; }
  onDidDispose = this.disposed.event;
  reveal(column?: unknown, preserveFocus?: unknown): void { this.revealed++; this.reveals.push([column, preserveFocus]); }
  isDisposed = false;
  dispose(): void { this.isDisposed = true; this.disposed.fire(); }
}

/** What the fake recorded: panels created, serializers registered, messages shown. */
export const fake = {
  panels: [] as FakePanel[],
  serializers: new Map<string, { deserializeWebviewPanel(panel: FakePanel, state: unknown): Promise<void> }>(),
  messages: [] as string[],
};

const vscode = {
  Uri, EventEmitter,
  workspace: { workspaceFolders: [{ uri: { fsPath: '/data' } }] },
  ViewColumn: { Active: -1, Beside: -2, One: 1 },
  window: {
    activeTextEditor: undefined as unknown,
    tabGroups: { activeTabGroup: { viewColumn: 1 } },
    createWebviewPanel: (viewType: string, title: string, showOptions: unknown, options: unknown) => {
      const panel = new FakePanel(viewType, title, options, showOptions);
      fake.panels.push(panel);
      return panel;
    },
    registerWebviewPanelSerializer: (viewType: string, serializer: { deserializeWebviewPanel(panel: FakePanel, state: unknown): Promise<void> }) => {
      fake.serializers.set(viewType, serializer);
      return { dispose: () => fake.serializers.delete(viewType) };
    },
    showInformationMessage: async (message: string) => { fake.messages.push(message); },
    showErrorMessage: async (message: string) => { fake.messages.push(message); },
  },
};

/** The fake's window, for tests that set the active editor or group. */
export const fakeWindow = vscode.window;

/** Makes `require('vscode')` return the fake. */
export function installFakeVscode(): void {
  const loader = Module as unknown as { _load(request: string, ...rest: unknown[]): unknown };
  const original = loader._load;
  loader._load = function (request: string, ...rest: unknown[]) {
    return request === 'vscode' ? vscode : original.call(this, request, ...rest);
  };
}
