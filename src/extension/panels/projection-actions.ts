/**
 * The projection view's host side: runs one projection per panel in the run service (a new request,
 * or the panel closing, cancels the one before), forwards its layouts to the webview as
 * `project/frame` notices, answers saved-view requests, and exports the chart (PNG / SVG from the
 * webview) or the coordinates (CSV from the run service) through the host's save dialog.
 */
import * as vscode from 'vscode';
import type { ProjectionRequests, ProjectionRequestType } from '../../protocol/projection';
import type { RunServiceApi } from '../../protocol/run-service';
import type { HostToWebview } from '../../protocol/webview';
import { ensureTrusted } from '../settings/trust';
import { imageBytes } from './export-bytes';

/** The run service calls the projection view makes. */
export type ProjectionRuns = Pick<RunServiceApi, 'project' | 'cancelProjection' | 'projectionQuery'>;

/** The host's file side of an export (vscode's dialog and file system; tests hand in fakes). */
export interface ExportFiles {
  pickFile(suggestedName: string, format: 'png' | 'svg' | 'csv'): Promise<string | undefined>;
  write(path: string, bytes: Uint8Array): Promise<void>;
}

let panelCounter = 0;

/** One panel's projection state. */
export class PanelProjections {
  private readonly prefix = `panel-${++panelCounter}`;
  private current: string | undefined;

  constructor(private readonly runs: ProjectionRuns, private readonly post: (message: HostToWebview) => void, private readonly files: ExportFiles = vscodeFiles) {}

  /** Answers one projection request of the webview (`messageId` for the frames' `inReplyTo`). */
  async answer<K extends ProjectionRequestType>(dir: string, type: K, messageId: number, params: ProjectionRequests[K]['params']): Promise<ProjectionRequests[K]['result']> {
    switch (type) {
      case 'query/project': {
        if (this.current) void this.runs.cancelProjection(this.current);
        const token = `${this.prefix}-${messageId}`;
        this.current = token;
        try {
          return await this.runs.project(dir, params as ProjectionRequests['query/project']['params'], token,
            (frame) => { if (this.current === token) this.post({ type: 'project/frame', inReplyTo: messageId, frame }); }) as ProjectionRequests[K]['result'];
        } finally {
          if (this.current === token) this.current = undefined;
        }
      }
      case 'projection/export':
        return await this.export(dir, params as ProjectionRequests['projection/export']['params']) as ProjectionRequests[K]['result'];
      case 'views/save':
        if (!ensureTrusted('Saving a view')) throw new Error('Saving a view is disabled in Restricted Mode.');
        return await this.runs.projectionQuery(dir, 'views/save', params as ProjectionRequests['views/save']['params']) as ProjectionRequests[K]['result'];
      default:
        return await this.runs.projectionQuery(dir, type as Exclude<K, 'query/project' | 'projection/export'>, params as never) as ProjectionRequests[K]['result'];
    }
  }

  /** Stops the running projection (the panel closed). */
  dispose(): void {
    if (this.current) void this.runs.cancelProjection(this.current);
    this.current = undefined;
  }

  private async export(dir: string, p: ProjectionRequests['projection/export']['params']): Promise<{ saved?: string }> {
    if (!ensureTrusted('Exporting')) return {};
    let bytes: Uint8Array;
    if (p.format === 'csv') {
      const { csv } = await this.runs.projectionQuery(dir, 'projection/csv', { side: p.side, points: p.points ?? [] });
      bytes = new TextEncoder().encode(csv);
    } else {
      bytes = imageBytes(p.format, p.data ?? '');
    }
    const path = await this.files.pickFile(p.suggestedName, p.format);
    if (!path) return {};
    await this.files.write(path, bytes);
    return { saved: path };
  }
}

const FILTERS: Record<'png' | 'svg' | 'csv', Record<string, string[]>> = { png: { 'PNG image': ['png'] }, svg: { 'SVG image': ['svg'] }, csv: { 'CSV file': ['csv'] } };

const vscodeFiles: ExportFiles = {
  async pickFile(suggestedName, format) {
    const base = vscode.workspace.workspaceFolders?.[0]?.uri;
    const name = `${suggestedName.replace(/[^\w .()-]+/g, '_').slice(0, 80) || 'projection'}.${format}`;
    const uri = await vscode.window.showSaveDialog({
      title: `Collab: Export ${format === 'csv' ? 'Coordinates' : 'Chart'}`, filters: { ...FILTERS[format] },
      ...(base ? { defaultUri: vscode.Uri.joinPath(base, name) } : {}),
    });
    return uri?.fsPath;
  },
  async write(path, bytes) {
    await vscode.workspace.fs.writeFile(vscode.Uri.file(path), bytes);
  },
};
