/** `collab train FILE --folds K`: K-fold cross-validation in this process, printed per fold and as mean ± std; no run is saved. */
import { basename } from 'node:path';
import type { TrainRequest } from '../../protocol/trainer';
import { loadRatings } from '../../core/csv/load';
import { DataError } from '../../core/csv/errors';
import { splitProblem } from '../../core/data/splits';
import { isAbortError } from '../../core/train/loop-clock';
import { crossValidate, FOLD_METRICS, type CrossValidation, type FoldMetric, type FoldResult } from '../../core/eval/cross-validate';
import { formatTable } from '../commands/analysis-common';
import { describeModel } from './reporter';

const HEADINGS: Record<FoldMetric, (k: number) => string> = {
  mse: () => 'MSE', rmse: () => 'RMSE', mae: () => 'MAE', precision: (k) => `P@${k}`, recall: (k) => `R@${k}`, ndcg: (k) => `NDCG@${k}`,
  map: (k) => `MAP@${k}`, hitRate: (k) => `HR@${k}`, coverage: () => 'coverage', biasOnlyRmse: () => 'biasOnly RMSE',
};

/** The folds' table with mean and std rows. */
export function crossValidationTable(cv: CrossValidation): string {
  const row = (label: string, values: Record<FoldMetric, number>, r?: FoldResult): (string | number)[] =>
    [label, r?.trainRows ?? '', r?.validRows ?? '', ...FOLD_METRICS.map((m) => values[m])];
  const rows = [
    ...cv.results.map((r) => row(String(r.fold + 1), r.metrics, r)),
    row('mean', cv.mean), row('std', cv.std),
  ];
  return formatTable(['fold', 'train', 'valid', ...FOLD_METRICS.map((m) => HEADINGS[m](cv.k))], rows,
    [undefined, undefined, undefined, ...FOLD_METRICS.map(() => 4)]);
}

/** Runs the cross-validation `request.split` asks for; prints text or (json) one object; returns the exit code. */
export async function runCrossValidation(request: TrainRequest, json: boolean): Promise<number> {
  const split = request.split!;
  const controller = new AbortController();
  const onInterrupt = (): void => controller.abort();
  process.on('SIGINT', onInterrupt);
  process.on('SIGTERM', onInterrupt);
  try {
    const { signal } = controller;
    const main = await loadRatings(request.file, {
      format: request.format, mapping: request.mapping, itemsFile: request.itemsFile, skipBadRows: request.skipBadRows, signal,
    });
    const problem = splitProblem(split, main.table);
    if (problem) throw new DataError('bad-split', problem);
    if (!json) {
      console.log(`${split.folds}-fold cross-validation of ${describeModel(request)} on ${basename(request.file)}: `
        + `${main.table.n.toLocaleString('en-US')} ratings in ${split.folds} seeded random folds (seed ${split.seed}).`);
    }
    const cv = await crossValidate(main.table, request.config, split, {
      signal, ratingRange: main.report.ratingRange,
      onFold: (r) => { if (!json) console.error(`fold ${r.fold + 1}/${split.folds}: valid RMSE ${r.metrics.rmse.toFixed(4)} (${r.seconds.toFixed(1)} s)`); },
    });
    if (json) {
      console.log(JSON.stringify({ file: request.file, config: request.config, split, ...cv }));
      return 0;
    }
    console.log(`Validation metrics per fold (last epoch); ranking at k=${cv.k}, relevant = rating >= ${cv.threshold}; std over folds is numpy's (ddof 0).\n`);
    console.log(crossValidationTable(cv));
    console.log('\nNo run was saved (cross-validation); train without --folds to save one.');
    return 0;
  } catch (err) {
    if (controller.signal.aborted || isAbortError(err)) {
      console.error('Cancelled.');
      return 130;
    }
    console.error(`collab train: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  } finally {
    process.off('SIGINT', onInterrupt);
    process.off('SIGTERM', onInterrupt);
  }
}
