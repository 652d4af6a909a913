/** The webview's side of the protocol: typed requests with replies, notifications, and saved state. */
import type {
  HostToWebview, PanelRequests, PanelRequestType, PanelState, WebviewToHost,
} from '../../src/protocol/webview';
import type { ProjectFrame, ProjectFrameMessage } from '../../src/protocol/projection';

/** What VS Code's `acquireVsCodeApi()` returns (typed for our messages and state). */
interface VsCodeApi {
  postMessage(message: WebviewToHost): void;
  getState(): PanelState | undefined;
  setState(state: PanelState): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

interface Pending { resolve(result: unknown): void; reject(error: Error): void; progress?(frame: ProjectFrame): void }

/** Messages from the host other than replies (and the layouts on the way to one). */
export type HostNotice = Exclude<HostToWebview, { type: 'reply' } | ProjectFrameMessage>;

/** Requests to the extension host; each resolves with its reply or rejects with the host's error. */
export class Host {
  private readonly api = acquireVsCodeApi();
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;

  constructor(onNotice: (notice: HostNotice) => void) {
    window.addEventListener('message', (event: MessageEvent<HostToWebview>) => {
      const message = event.data;
      if (!message || typeof message !== 'object' || typeof message.type !== 'string') return;
      if (message.type === 'reply') {
        const waiting = this.pending.get(message.inReplyTo);
        if (!waiting) return;
        this.pending.delete(message.inReplyTo);
        if (message.ok) waiting.resolve(message.result);
        else waiting.reject(new Error(message.error));
        return;
      }
      if (message.type === 'project/frame') {
        this.pending.get(message.inReplyTo)?.progress?.(message.frame);
        return;
      }
      onNotice(message);
    });
    // The page is going away: nobody will answer what is still pending.
    window.addEventListener('pagehide', () => this.rejectAll('The panel was closed.'));
  }

  /** Sends a request and resolves with the typed result; `progress` gets the layouts the host sends on the way. */
  request<K extends PanelRequestType>(type: K, params: PanelRequests[K]['params'], progress?: (frame: ProjectFrame) => void): Promise<PanelRequests[K]['result']> {
    const messageId = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(messageId, { resolve: resolve as (r: unknown) => void, reject, progress });
      this.api.postMessage({ type, messageId, params } as WebviewToHost);
    });
  }

  /** Sends a one-way message. */
  post(message: Exclude<WebviewToHost, { messageId: number }>): void {
    this.api.postMessage(message);
  }

  getState(): PanelState | undefined {
    return this.api.getState();
  }

  setState(state: PanelState): void {
    this.api.setState(state);
  }

  private rejectAll(reason: string): void {
    for (const waiting of this.pending.values()) waiting.reject(new Error(reason));
    this.pending.clear();
  }
}
