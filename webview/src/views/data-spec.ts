/** Vega-Lite specs of the Data view: the rating histogram and the long tails (log-log). */
import type { VisualizationSpec } from 'vega-embed';
import type { DataOverviewResult } from '../../../src/protocol/webview-meta';
import type { ChartTheme } from '../theme';

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

/** Bars of the rating histogram, in the file's order of values. */
export function histogramSpec(histogram: DataOverviewResult['histogram'], theme: ChartTheme): VisualizationSpec {
  return {
    $schema: SCHEMA, width: 'container', height: 200, autosize: { type: 'fit-x', contains: 'padding' },
    data: { values: histogram.map((h, i) => ({ ...h, order: i })) },
    mark: { type: 'bar', color: theme.high },
    encoding: {
      x: { field: 'label', type: 'ordinal', title: 'rating', sort: { field: 'order' }, axis: { labelAngle: 0 } },
      y: { field: 'count', type: 'quantitative', title: 'ratings' },
      tooltip: [{ field: 'label', title: 'rating' }, { field: 'count', title: 'ratings', format: ',d' }],
    },
  };
}

/** Ratings per item and per user against their rank, both axes log: the long tail. */
export function tailSpec(overview: Pick<DataOverviewResult, 'itemTail' | 'userTail'>, theme: ChartTheme): VisualizationSpec {
  const values = [
    ...overview.itemTail.map((p) => ({ ...p, side: 'items' })),
    ...overview.userTail.map((p) => ({ ...p, side: 'users' })),
  ];
  return {
    $schema: SCHEMA, width: 'container', height: 200, autosize: { type: 'fit-x', contains: 'padding' },
    data: { values },
    mark: { type: 'line', point: false, strokeWidth: 2 },
    encoding: {
      x: { field: 'rank', type: 'quantitative', title: 'rank (most rated first, log)', scale: { type: 'log' } },
      y: { field: 'count', type: 'quantitative', title: 'ratings (log)', scale: { type: 'log' } },
      color: { field: 'side', type: 'nominal', title: null, scale: { domain: ['items', 'users'], range: [theme.high, theme.series[1] ?? theme.low] } },
      tooltip: [{ field: 'side' }, { field: 'rank', format: ',d' }, { field: 'count', title: 'ratings', format: ',d' }],
    },
  };
}
