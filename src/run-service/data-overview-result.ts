/** Core's DataOverview as the Data view's payload (src/protocol/webview-meta.ts). */
import type { DataOverview } from '../core/analysis/data-overview';
import type { DataOverviewResult } from '../protocol/webview-meta';

/** The payload: the overview with the file and the loader's histogram beside it. */
export function overviewResult(file: string, overview: DataOverview, histogram: { label: string; count: number }[]): DataOverviewResult {
  return {
    file, rows: overview.rows, nUsers: overview.nUsers, nItems: overview.nItems,
    crosstab: overview.crosstab,
    histogram: histogram.map(({ label, count }) => ({ label, count })),
    itemTail: overview.itemTail, userTail: overview.userTail, singles: overview.singles,
  };
}
