/** Vega-Lite specs of the loss and learning-rate charts, over named data sets that grow live. */
import type { VisualizationSpec } from 'vega-embed';
import type { BatchPoint, RunSeries } from '../../../src/protocol/webview';
import { shownLabel } from '../dom';

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

/** Loss per epoch (lines with points) over the smoothed per-batch loss (a thin line). */
export function lossSpec(rows: LossRow[], seriesOrder: string[], maxEpoch: number | undefined, width: number | 'container'): VisualizationSpec {
  const x = {
    field: 'x', type: 'quantitative' as const, title: 'epoch',
    scale: maxEpoch ? { domain: [0, maxEpoch], nice: false } : { nice: false },
    axis: { tickMinStep: 1 },
  };
  const y = { field: 'value', type: 'quantitative' as const, title: 'loss (MSE)', scale: { zero: false } };
  const color = { field: 'series', type: 'nominal' as const, title: null, scale: { domain: seriesOrder }, legend: { orient: 'bottom' as const, direction: 'horizontal' as const, columns: 3 } };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    width, height: 260,
    autosize: AUTOSIZE,
    datasets: { [LOSS_DATA]: rows },
    data: { name: LOSS_DATA },
    layer: [
      {
        transform: [{ filter: "datum.kind === 'batch'" }],
        mark: { type: 'line', strokeWidth: 1, opacity: 0.75 },
        encoding: { x, y, color },
      },
      {
        transform: [{ filter: "datum.kind === 'epoch'" }],
        mark: { type: 'line', point: { filled: true, size: 45 } },
        encoding: {
          x, y, color,
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
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
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
