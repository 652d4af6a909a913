/** The study webview's side of its protocol: one-way messages to the host, whole states and results back. */
import type { HostToStudy, StudyPanelState, StudyToHost } from '../../../src/protocol/study';

/** What VS Code's `acquireVsCodeApi()` returns (typed for the study messages; the host keeps the state, the webview only what reopens it). */
interface VsCodeApi {
  postMessage(message: StudyToHost): void;
  setState(state: StudyPanelState): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

/** Sends the webview's requests and hands every host message to `onMessage`. */
export class StudyHost {
  private readonly api = acquireVsCodeApi();

  constructor(onMessage: (message: HostToStudy) => void) {
    window.addEventListener('message', (event: MessageEvent<HostToStudy>) => {
      const message = event.data;
      if (message && typeof message === 'object' && typeof message.type === 'string') onMessage(message);
    });
  }

  post(message: StudyToHost): void {
    this.api.postMessage(message);
  }

  /** Remembers what to reopen after a window reload (a saved sweep's folder). */
  setState(state: StudyPanelState): void {
    this.api.setState(state);
  }
}
