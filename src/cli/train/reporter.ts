/** How `collab train` shows trainer events: a live line and fastai's epoch table, or JSON lines. */
import { basename } from 'node:path';
import { modelLabel } from '../../common/model-label';
import type { EpochMetrics } from '../../core/run/types';
import type { TrainerToHost, TrainRequest } from '../../protocol/trainer';
import { assertNever } from '../../protocol/trainer';
import { describeSplit } from '../../core/data/splits';
import { evaluationText } from './evaluation-table';

/** Where output goes; `isTTY` on the live stream turns the live progress line on. */
export interface ReporterStreams {
  out: { write(text: string): unknown };
  live: { write(text: string): unknown; isTTY?: boolean; columns?: number };
}

/** Consumes events in order. */
export type Reporter = (event: TrainerToHost) => void;

/** One JSON object per line, exactly the trainer's events. */
export function jsonReporter({ out }: ReporterStreams): Reporter {
  return (event) => { out.write(`${JSON.stringify(event)}\n`); };
}

const TABLE_COLUMNS = ['epoch', 'train_loss', 'valid_loss', 'valid_rmse', 'valid_mae', 'time'] as const;

/** fastai's "mm:ss". */
export function formatTime(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  return `${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
}

const fixed6 = (x: number): string => (Number.isFinite(x) ? x.toFixed(6) : 'nan');

/** fastai's table header, with the column widths every row uses. */
export function tableHeader(): string {
  return TABLE_COLUMNS.map((c) => c.padEnd(Math.max(c.length, 10))).join('  ').trimEnd();
}

/** One row of the epoch table; epochs print 0-based, as fastai's table does. */
export function tableRow(m: EpochMetrics): string {
  const cells = [String(m.epoch - 1), fixed6(m.trainLoss), fixed6(m.validMse), fixed6(m.validRmse), fixed6(m.validMae), formatTime(m.seconds)];
  return cells.map((cell, i) => cell.padEnd(Math.max(TABLE_COLUMNS[i].length, 10))).join('  ').trimEnd();
}

/** "100,000": as toLocaleString('en-US') for integers, without its ~20 ms first-call ICU set-up (the CLI's whole budget is ~0.35 s). */
export const count = (n: number): string => (Number.isInteger(n) ? String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',') : n.toLocaleString('en-US'));
const mb = (bytes: number): string => (bytes / 1e6).toFixed(1);

function bar(fraction: number, width = 20): string {
  const full = Math.round(Math.min(1, Math.max(0, fraction)) * width);
  return `[${'#'.repeat(full)}${'-'.repeat(width - full)}]`;
}

/** "dot · 50 factors (5 epochs, lr 0.005, wd 0.1, bs 64, seed 42)". */
export function describeModel(request: TrainRequest): string {
  const c = request.config;
  const yRange = c.yRange ? `, y_range (${c.yRange.join(', ')})` : '';
  return `${modelLabel(c)} (${c.epochs} epochs, lr ${c.lr}, wd ${c.wd}, bs ${c.bs}, seed ${c.seed}${yRange})`;
}

/** Human output: a live progress line (on a terminal) and the epoch table. */
export function textReporter({ out, live }: ReporterStreams, request: TrainRequest): Reporter {
  let lineShown = false;
  let headerShown = false;
  const showLive = (text: string): void => {
    if (!live.isTTY) return;
    const width = Math.max(20, (live.columns ?? 80) - 1);
    live.write(`\r${text.slice(0, width).padEnd(width)}`);
    lineShown = true;
  };
  const clearLive = (): void => {
    if (!lineShown) return;
    live.write(`\r${' '.repeat(Math.max(20, (live.columns ?? 80) - 1))}\r`);
    lineShown = false;
  };
  const print = (text: string): void => { clearLive(); out.write(`${text}\n`); };

  return (event) => {
    switch (event.type) {
      case 'train/started':
        print(`Training ${describeModel(request)} on ${basename(request.file)}; run ${event.runId}`);
        if (request.split) print(`Validation split: ${describeSplit(request.split)}`);
        break;
      case 'train/load': {
        if (event.stage !== undefined) {
          const done = event.prepared ?? 0;
          showLive(`preparing ${bar(done)} ${Math.floor(100 * done)}%  ${event.stage}`);
          break;
        }
        const pct = event.bytesTotal ? Math.round((100 * event.bytesRead) / event.bytesTotal) : 0;
        showLive(`loading ${bar(event.bytesRead / (event.bytesTotal || 1))} ${pct}%  ${mb(event.bytesRead)}/${mb(event.bytesTotal)} MB  ${count(event.rows)} rows`);
        break;
      }
      case 'train/dataset':
        print(`${count(event.rows)} ratings, ${count(event.users)} users, ${count(event.items)} items; `
          + `${count(event.trainRows)} train, ${count(event.validRows)} valid`);
        for (const warning of event.warnings) print(`warning: ${warning}`);
        break;
      case 'train/batch':
        showLive(`epoch ${event.epoch}/${Math.round(event.totalSteps / event.batchesPerEpoch)} `
          + `${bar((event.batch + 1) / event.batchesPerEpoch)} ${event.batch + 1}/${event.batchesPerEpoch}  loss ${event.smoothLoss.toFixed(4)}`);
        break;
      case 'train/epoch':
        if (!headerShown) { print(tableHeader()); headerShown = true; }
        print(tableRow(event.metrics));
        break;
      case 'train/save':
        showLive(`saving ${bar(event.saved)} ${Math.floor(100 * event.saved)}%  ${event.stage}`);
        break;
      case 'train/saved':
        print(`Saved ${event.runDir}`);
        break;
      case 'train/done': {
        const last = event.metrics[event.metrics.length - 1];
        if (event.ranking && event.baselines && last) {
          print(`\n${evaluationText('Is it any good? Validation figures beside three baselines', { rmse: last.validRmse, mae: last.validMae },
            { ranking: event.ranking, baselines: event.baselines })}\n`);
        }
        print(`Done in ${event.seconds.toFixed(1)} s.`);
        break;
      }
      case 'train/cancelled':
        print('Cancelled; nothing was saved.');
        break;
      case 'train/error':
        // Data errors already name the file, line and column in their message.
        print(`error: ${event.message}`);
        break;
      case 'train/log':
        if (event.level === 'warn') print(`warning: ${event.message}`);
        break;
      default:
        assertNever(event);
    }
  };
}
