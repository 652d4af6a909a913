/** Vega-Lite specs of the loss and learning-rate charts, over named data sets that grow live. */
import type { VisualizationSpec } from 'vega-embed';
import type { BatchPoint, RunSeries } from '../../../src/protocol/webview';
import { shownLabel } from '../dom';

/** Which loss a series shows: drawn with its own dash and point shape, so series differ by more than colour. */
export type LossMetric = 'train' | 'valid' | 'batch';
/** A series in legend order, with the loss it shows. */
export interface LossSeries { name: string; metric: LossMetric }
/** One row of the loss data set (long format: one row per point per series). */
export interface LossRow { x: number; value: number; series: string; kind: 'epoch' | 'batch' }
/** One row of the learning-rate data set. */
export interface LrRow { x: number; lr: number; series: string }

export const LOSS_DATA = 'loss';
/** Fit the container and lay out again when live data widens the axis labels. */
const AUTOSIZE = { type: 'fit-x', contains: 'padding', resize: true } as const;
export const LR_DATA = 'lr';

/** Series names of one run; compared runs get their name in front. */
export function seriesNames(run: RunSeries, compare: boolean): { train: string; valid: string; batch: string } {
  const prefix = compare ? `${shownLabel(run.name)} \u00b7 ` : '';
  return { train: `${prefix}train loss`, valid: `${prefix}valid MSE`, batch: `${prefix}train (smoothed, per batch)` };
}

/** The loss rows of one run's history. */
export function lossRows(run: RunSeries, compare: boolean): LossRow[] {
  const names = seriesNames(run, compare);
  const rows: LossRow[] = [];
  for (const b of run.batches) if (b.smoothLoss !== undefined) rows.push(batchRow({ ...b, smoothLoss: b.smoothLoss }, names.batch));
  for (const m of run.metrics) rows.push(...epochRows(m.epoch, m.trainLoss, m.validMse, names));
  return rows;
}

/** A smoothed per-batch loss row. */
export function batchRow(b: BatchPoint & { smoothLoss: number }, series: string): LossRow {
  return { x: b.x, value: b.smoothLoss, series, kind: 'batch' };
}

/** The train and valid rows at the end of an epoch (epochs are 1-based; x = epoch). */
export function epochRows(epoch: number, trainLoss: number, validMse: number, names: { train: string; valid: string }): LossRow[] {
  const rows: LossRow[] = [];
  if (Number.isFinite(trainLoss)) rows.push({ x: epoch, value: trainLoss, series: names.train, kind: 'epoch' });
  if (Number.isFinite(validMse)) rows.push({ x: epoch, value: validMse, series: names.valid, kind: 'epoch' });
  return rows;
}

const DASH: Record<LossMetric, number[]> = { train: [1, 0], valid: [6, 3], batch: [2, 2] };
const SHAPE: Record<LossMetric, string> = { train: 'circle', valid: 'square', batch: 'triangle-up' };

/** The series of one run in legend order (batches only when it has, or will get, batch points). */
export function seriesOf(run: RunSeries, compare: boolean, withBatches: boolean): LossSeries[] {
  const n = seriesNames(run, compare);
  const series: LossSeries[] = [{ name: n.train, metric: 'train' }, { name: n.valid, metric: 'valid' }];
  return withBatches ? [...series, { name: n.batch, metric: 'batch' }] : series;
}

/** The loss chart's one-line summary for screen readers: first and last loss of each series of the run. */
export function lossDescription(run: RunSeries, totalEpochs?: number): string {
  const metrics = run.metrics;
  if (metrics.length === 0) return 'Loss per epoch: no epoch has finished yet.';
  const span = (pick: (m: RunSeries['metrics'][number]) => number) => {
    const first = pick(metrics[0]);
    const last = pick(metrics[metrics.length - 1]);
    return metrics.length === 1 ? first.toFixed(4) : `${first.toFixed(4)} \u2192 ${last.toFixed(4)}`;
  };
  const epochs = `${metrics.length}${totalEpochs ? ` of ${totalEpochs}` : ''} epoch${metrics.length === 1 && !totalEpochs ? '' : 's'}`;
  return `Loss per epoch, ${epochs}: train loss ${span((m) => m.trainLoss)}, valid MSE ${span((m) => m.validMse)}.`;
}

/** Loss per epoch (lines with points) over the smoothed per-batch loss (a thin line); `description` is read by screen readers. */
export function lossSpec(rows: LossRow[], series: LossSeries[], maxEpoch: number | undefined, width: number | 'container', description?: string): VisualizationSpec {
  const seriesOrder = series.map((s) => s.name);
  const x = {
    field: 'x', type: 'quantitative' as const, title: 'epoch',
    scale: maxEpoch ? { domain: [0, maxEpoch], nice: false } : { nice: false },
    axis: { tickMinStep: 1 },
  };
  const y = { field: 'value', type: 'quantitative' as const, title: 'loss (MSE)', scale: { zero: false } };
  const legend = { orient: 'bottom' as const, direction: 'horizontal' as const, columns: 3, symbolStrokeWidth: 2 };
  const color = { field: 'series', type: 'nominal' as const, title: null, scale: { domain: seriesOrder }, legend };
  // Same field, domain and title as the colour: one legend whose symbols show the dash and shape too.
  const strokeDash = { field: 'series', type: 'nominal' as const, title: null, scale: { domain: seriesOrder, range: series.map((s) => DASH[s.metric]) }, legend };
  const shape = { field: 'series', type: 'nominal' as const, title: null, scale: { domain: seriesOrder, range: series.map((s) => SHAPE[s.metric]) }, legend };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    ...(description ? { description } : {}),
    width, height: 260,
    autosize: AUTOSIZE,
    datasets: { [LOSS_DATA]: rows },
    data: { name: LOSS_DATA },
    layer: [
      {
        transform: [{ filter: "datum.kind === 'batch'" }],
        mark: { type: 'line', strokeWidth: 1, opacity: 0.75 },
        encoding: { x, y, color, strokeDash },
      },
      {
        transform: [{ filter: "datum.kind === 'epoch'" }],
        mark: { type: 'line', point: { filled: true, size: 45 } },
        encoding: {
          x, y, color, strokeDash, shape,
          tooltip: [
            { field: 'series', type: 'nominal', title: 'series' },
            { field: 'x', type: 'quantitative', title: 'epoch' },
            { field: 'value', type: 'quantitative', title: 'loss', format: '.4f' },
          ],
        },
      },
    ],
  };
}

/** Learning rate against fractional epoch (one line per run). */
export function lrSpec(rows: LrRow[], maxEpoch: number | undefined, width: number | 'container'): VisualizationSpec {
  const lrs = rows.map((r) => r.lr);
  const description = lrs.length
    ? `Learning rate per batch: from ${lrs[0].toExponential(1)} up to ${lrs.reduce((a, b) => Math.max(a, b)).toExponential(1)}, ending at ${lrs[lrs.length - 1].toExponential(1)}.`
    : 'Learning rate per batch: no batch recorded.';
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    description,
    width, height: 120,
    autosize: AUTOSIZE,
    datasets: { [LR_DATA]: rows },
    data: { name: LR_DATA },
    mark: { type: 'line', strokeWidth: 1.5 },
    encoding: {
      x: { field: 'x', type: 'quantitative', title: 'epoch', scale: maxEpoch ? { domain: [0, maxEpoch], nice: false } : { nice: false }, axis: { tickMinStep: 1 } },
      y: { field: 'lr', type: 'quantitative', title: 'learning rate', axis: { format: '.0e', tickCount: 4 } },
      color: { field: 'series', type: 'nominal', title: null, legend: null },
    },
  };
}
