/**
 * The fake host's projection side (as src/extension/panels/projection-actions.ts with the run
 * service's ProjectionService): frames forwarded as `project/frame`, a new request cancels the
 * last, saved views in a temporary run folder, and exports recorded instead of a save dialog.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { imageBytes } from '../../src/extension/panels/export-bytes';
import type { ProjectionRequests } from '../../src/protocol/projection';
import type { HostToWebview, WebviewToHost } from '../../src/protocol/webview';
import type { PanelQueries } from '../../src/run-service/panel-queries';
import { ProjectionService } from '../../src/run-service/projection-service';

const TYPES = new Set(['query/project', 'projection/export', 'views/list', 'views/save', 'views/load', 'query/mean-neighbours']);

export class FakeProjections {
  readonly service = new ProjectionService();
  /** The run folder saved views go to. */
  readonly dir = mkdtempSync(join(tmpdir(), 'collab-views-'));
  /** Exports as the host would write them. */
  readonly exports: { format: string; bytes: Uint8Array; suggestedName: string }[] = [];
  /** Layouts forwarded before the replies. */
  frames = 0;
  private current: string | undefined;

  constructor(private readonly queries: PanelQueries) {}

  handles(type: string): boolean { return TYPES.has(type); }

  async answer(message: WebviewToHost & { messageId: number }, send?: (m: HostToWebview) => Promise<void>): Promise<HostToWebview[]> {
    const entry = { dir: this.dir, run: this.queries.run, index: this.queries.index };
    const id = message.messageId;
    try {
      const params = (message as unknown as { params: never }).params;
      let result: unknown;
      if (message.type === 'query/project') {
        if (this.current) this.service.cancel(this.current);
        const token = `fake-${id}`;
        this.current = token;
        result = await this.service.project(entry, params, token, (frame) => { this.frames++; void send?.({ type: 'project/frame', inReplyTo: id, frame }); });
      } else if (message.type === 'projection/export') {
        const p = params as ProjectionRequests['projection/export']['params'];
        const bytes = p.format === 'csv'
          ? new TextEncoder().encode((await this.service.query(entry, 'projection/csv', { side: p.side, points: p.points ?? [] })).csv)
          : imageBytes(p.format, p.data ?? '');
        this.exports.push({ format: p.format, bytes, suggestedName: p.suggestedName });
        result = { saved: `/exports/${p.suggestedName}.${p.format}` };
      } else {
        result = await this.service.query(entry, message.type as never, params);
      }
      return [{ type: 'reply', inReplyTo: id, ok: true, result: result as never }];
    } catch (error) {
      return [{ type: 'reply', inReplyTo: id, ok: false, error: (error as Error).message }];
    }
  }
}
