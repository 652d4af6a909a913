/** A sweep's data: the file read once and split once (or into K folds), before any configuration trains. */
import type { RatingsDataset } from '../data/types';
import { loadRatings } from '../csv/load';
import { buildDataset, DEFAULT_SEED } from '../data/dataset';
import { DEFAULT_VALID_PCT } from '../data/splits';

export interface TuneDataOptions {
  validFile?: string;
  itemsFile?: string;
  validPct?: number;
  seed?: number;
  /** K-fold cross-validation (K >= 2; not with a validation file). */
  folds?: number;
  signal?: AbortSignal;
}

/** The datasets every configuration trains on: one split, or one per fold. */
export async function loadTuneData(file: string, options: TuneDataOptions = {}): Promise<RatingsDataset[]> {
  const folds = options.folds ?? 1;
  if (!(Number.isInteger(folds) && folds >= 1)) throw new RangeError(`--folds must be a whole number >= 2 (got ${folds})`);
  if (folds > 1 && options.validFile) throw new RangeError('--folds splits one file into K folds; it does not go with --valid');
  const { signal } = options;
  const main = await loadRatings(file, { itemsFile: options.itemsFile, signal });
  signal?.throwIfAborted();
  const seed = options.seed ?? DEFAULT_SEED;
  if (options.validFile) {
    const valid = await loadRatings(options.validFile, { format: main.report.sniff.format, mapping: main.report.mapping, signal });
    return [buildDataset(main.table, { validTable: valid.table, seed })];
  }
  if (folds === 1) return [buildDataset(main.table, { validPct: options.validPct ?? DEFAULT_VALID_PCT, seed })];
  if (folds > main.table.n) throw new RangeError(`--folds ${folds} is more than the ${main.table.n} rows allow`);
  return Array.from({ length: folds }, (_, fold) => buildDataset(main.table, { split: { kind: 'random', folds, fold, seed } }));
}
