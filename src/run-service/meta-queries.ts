/**
 * The panel's metadata and Data view requests (src/protocol/webview-meta.ts) for one loaded run:
 * metadata read from the run's items and users files once, the Data view's overview from one load
 * of the run's ratings file (as it was trained: its recorded format and mapping).
 */
import { dataOverview } from '../core/analysis/data-overview';
import { loadRatings } from '../core/csv/load';
import { fieldInfo, loadRunMetadata, metaValuesAt, type SideMetadata } from '../core/metadata/run-metadata';
import type { LoadedRun } from '../core/run/types';
import type { PanelRequests } from '../protocol/webview';
import type { DataOverviewResult } from '../protocol/webview-meta';
import { overviewResult } from './data-overview-result';

/** The request types answered here. */
export const META_REQUESTS = ['query/metadata', 'query/metadata-values', 'query/data-overview'] as const;
export type MetaRequestType = (typeof META_REQUESTS)[number];

/** True for the requests MetaQueries answers. */
export const isMetaRequest = (type: string): type is MetaRequestType => (META_REQUESTS as readonly string[]).includes(type);

export class MetaQueries {
  private readonly sides = new Map<'items' | 'users', Promise<SideMetadata>>();
  private overview: Promise<DataOverviewResult> | undefined;
  private overviewSize = '';

  constructor(private readonly run: LoadedRun) {}

  /** Answers one metadata or Data view request. */
  async answer<K extends MetaRequestType>(type: K, params: PanelRequests[K]['params']): Promise<PanelRequests[K]['result']> {
    type Result = PanelRequests[K]['result'];
    if (type === 'query/metadata') {
      const { side } = params as PanelRequests['query/metadata']['params'];
      const meta = await this.side(side);
      return { side, ...(meta.file ? { file: meta.file } : {}), fields: meta.fields.map(fieldInfo), problems: meta.problems } as Result;
    }
    if (type === 'query/metadata-values') {
      const p = params as PanelRequests['query/metadata-values']['params'];
      return { field: p.field, values: metaValuesAt(await this.side(p.side), p.field, p.indices) } as Result;
    }
    const p = params as PanelRequests['query/data-overview']['params'];
    return (await this.dataOverview(p.users, p.items)) as Result;
  }

  /** Metadata of one side, read once. */
  side(side: 'items' | 'users'): Promise<SideMetadata> {
    let found = this.sides.get(side);
    if (!found) {
      found = loadRunMetadata(this.run, side);
      this.sides.set(side, found);
    }
    return found;
  }

  private dataOverview(users: number, items: number): Promise<DataOverviewResult> {
    const size = `${users}x${items}`;
    if (!this.overview || this.overviewSize !== size) {
      const source = this.run.manifest.source;
      if (!source) return Promise.reject(new Error('This run has no ratings file recorded (imported vectors).'));
      this.overviewSize = size;
      this.overview = loadRatings(source.path, {
        format: source.format, mapping: source.mapping, itemsFile: source.items?.path ?? source.itemsFile, skipBadRows: true,
      }).then(({ table, report }) => overviewResult(source.path, dataOverview(table, { users, items }), report.histogram));
      this.overview.catch(() => { this.overview = undefined; });
    }
    return this.overview;
  }
}
