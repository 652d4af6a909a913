/** The study webview's side of its protocol: one-way messages to the host, whole states and results back. */
import type { HostToStudy, StudyToHost } from '../../../src/protocol/study';

/** What VS Code's `acquireVsCodeApi()` returns (typed for the study messages; no saved state: the host keeps it). */
interface VsCodeApi {
  postMessage(message: StudyToHost): void;
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
}
