/** From a loaded table to the trainer's dataset: a seeded split and fastai-numbered vocabularies. */
import { Pacer, ROWS_PER_MARK, runNow, type PacedWork, type PlannedStage } from './paced';
import { checkSplit, DEFAULT_VALID_PCT, permutationWork, randomSplitWork, SPLIT_STAGE, splitWork, type SplitSpec } from './splits';
import type { RatingsDataset, RatingsTable, Vocab } from './types';
import { allNumeric, buildVocab, type VocabMapping } from './vocab';

export interface DatasetOptions {
  /** Share of rows held out for validation (fastai's valid_pct); ignored with `validTable`. */
  validPct?: number;
  seed?: number;
  /** Validation rows from a separate file (e.g. u1.test beside u1.base), loaded the same way. */
  validTable?: RatingsTable;
  /** The table's rating range when already known (the loader's report has it): saves a pass. */
  ratingRange?: [number, number];
  /**
   * Renumber the table's user and item columns in place instead of copying them: saves 8 bytes a
   * row at peak, but the table's columns then hold vocabulary indices (the table is used up).
   */
  inPlace?: boolean;
  /**
   * How to choose the validation rows (splits.ts); when set it governs (its validPct and seed, not
   * the ones above). Default: the random split of `validPct` and `seed`, or `validTable` when given.
   */
  split?: SplitSpec;
}

export { DEFAULT_VALID_PCT } from './splits';
export const DEFAULT_SEED = 42;

/** What the dataset's stages are called (shown while they run) and their relative cost. */
export const DATASET_STAGES = {
  split: { stage: SPLIT_STAGE, weight: 3 },
  vocab: { stage: 'building the user and item vocabularies', weight: 1 },
  numbering: { stage: 'numbering users and items', weight: 2 },
} as const satisfies Record<string, PlannedStage>;

/** DATASET_STAGES in order (for a Pacer's plan). */
export const DATASET_PLAN: readonly PlannedStage[] = Object.values(DATASET_STAGES);

/**
 * Splits rows at random as fastai's RandomSplitter does (a seeded permutation; the first
 * floor(validPct * n) rows of it are validation), builds the vocabularies from the training rows
 * only, and maps ids seen only in validation to '#na#' (index 0), counting them.
 */
export function buildDataset(table: RatingsTable, options: DatasetOptions = {}): RatingsDataset {
  return runNow(datasetWork(table, options));
}

/** buildDataset run by `pacer`: the same dataset, with progress, turns of the event loop and cancellation. */
export function buildDatasetPaced(table: RatingsTable, options: DatasetOptions, pacer: Pacer): Promise<RatingsDataset> {
  return pacer.run(datasetWork(table, options));
}

function* datasetWork(table: RatingsTable, options: DatasetOptions): PacedWork<RatingsDataset> {
  const { split } = options;
  if (split) {
    checkSplit(split, table, options.validTable !== undefined);
    if (split.kind !== 'file' && options.validTable) {
      throw new RangeError(`a validation file was given, so the split is 'file', not '${split.kind}'`);
    }
    const dataset = split.kind === 'file' && options.validTable
      ? yield* withValidTableWork(table, options.validTable, split.seed)
      : yield* splitDatasetWork(table, options, yield* splitWork(table, split), split.seed);
    return { ...dataset, split };
  }
  const seed = options.seed ?? DEFAULT_SEED;
  if (options.validTable) return yield* withValidTableWork(table, options.validTable, seed);
  const validPct = options.validPct ?? DEFAULT_VALID_PCT;
  if (!(validPct >= 0 && validPct < 1)) throw new RangeError(`validPct must be in [0, 1), got ${validPct}`);
  return yield* splitDatasetWork(table, options, yield* randomSplitWork(table.n, Math.floor(validPct * table.n), seed), seed);
}

/** The dataset of `table` split into `train` and `valid` rows: vocabularies from the training rows, ids renumbered. */
function* splitDatasetWork(table: RatingsTable, options: DatasetOptions, { train, valid }: { train: Uint32Array; valid: Uint32Array },
  seed: number): PacedWork<RatingsDataset> {
  const n = table.n;
  const vocab = DATASET_STAGES.vocab.stage;
  const userMap = yield* vocabWork(table.userLabels, table.users, train, vocab, 0);
  const itemMap = yield* vocabWork(table.itemLabels, table.items, train, vocab, 0.5);
  const numbering = DATASET_STAGES.numbering.stage;
  // Counted before renumbering: an in-place renumbering loses the source indices.
  const unknownInValid = {
    users: yield* unseenWork(table.users, valid, userMap.toVocab, numbering, 0),
    items: yield* unseenWork(table.items, valid, itemMap.toVocab, numbering, 0.1),
  };
  const users = yield* remapWork(table.users, userMap.toVocab, options.inPlace ?? false, numbering, 0.2);
  const items = yield* remapWork(table.items, itemMap.toVocab, options.inPlace ?? false, numbering, 0.5);
  const ratingRange = options.ratingRange ?? (yield* rangeWork(table.ratings, numbering, 0.8));
  return {
    n, users, items, ratings: table.ratings, lines: table.lines, train, valid, userVocab: userMap.vocab, itemVocab: itemMap.vocab,
    ratingRange: [ratingRange[0], ratingRange[1]], unknownInValid, seed,
  };
}

/** Training rows from `table`, validation rows from `validTable`; columns are concatenated. */
function* withValidTableWork(table: RatingsTable, validTable: RatingsTable, seed: number): PacedWork<RatingsDataset> {
  const nTrain = table.n, n = nTrain + validTable.n;
  const train = Uint32Array.from({ length: nTrain }, (_, r) => r);
  const valid = Uint32Array.from({ length: validTable.n }, (_, r) => nTrain + r);
  const vocabStage = DATASET_STAGES.vocab.stage, numbering = DATASET_STAGES.numbering.stage;
  function* side(labels: string[], column: Int32Array, validLabels: string[], validColumn: Int32Array,
    at: number): PacedWork<{ out: Int32Array; vocab: Vocab; unknown: number }> {
    const numeric = allNumeric([...new Set([...labels, ...validLabels])]);
    const mapping = yield* vocabWork(labels, column, train, vocabStage, at, numeric);
    // Exact labels only: '07' in the validation file is not '7' of the training file.
    const validToVocab = Int32Array.from(validLabels, (label) => mapping.vocab.index.get(label) ?? 0);
    const out = new Int32Array(n);
    out.set(yield* remapWork(column, mapping.toVocab, false, numbering, at));
    out.set(yield* remapWork(validColumn, validToVocab, false, numbering, at + 0.2), nTrain);
    let unknown = 0;
    const counted = new Uint8Array(validLabels.length);
    for (let r = 0; r < validTable.n; r++) {
      const label = validColumn[r];
      if (validToVocab[label] === 0 && !counted[label]) {
        counted[label] = 1;
        unknown++;
      }
    }
    return { out, vocab: mapping.vocab, unknown };
  };
  const users = yield* side(table.userLabels, table.users, validTable.userLabels, validTable.users, 0);
  const items = yield* side(table.itemLabels, table.items, validTable.itemLabels, validTable.items, 0.5);
  const ratings = new Float32Array(n);
  ratings.set(table.ratings);
  ratings.set(validTable.ratings, nTrain);
  const lines = new Int32Array(n);
  lines.set(table.lines);
  lines.set(validTable.lines, nTrain);
  return {
    n, users: users.out, items: items.out, ratings, lines, train, valid, userVocab: users.vocab, itemVocab: items.vocab,
    ratingRange: yield* rangeWork(ratings, numbering, 0.8), unknownInValid: { users: users.unknown, items: items.unknown }, seed,
    validFile: validTable.file,
  };
}

/**
 * Picks `nValid` of n rows at random (the first nValid of a seeded permutation, as fastai's
 * RandomSplitter does); both index lists come out ascending, without sorting.
 */
export function randomSplit(n: number, nValid: number, seed: number): { train: Uint32Array; valid: Uint32Array } {
  return runNow(randomSplitWork(n, nValid, seed));
}

/** A seeded random permutation of 0..n-1 (Fisher-Yates from the front; only the first `prefix` places are drawn). */
export function randomPermutation(n: number, seed: number, prefix = n): Uint32Array {
  return runNow(permutationWork(n, seed, prefix, '', 0, 1));
}


/** The vocabulary of one column's training rows, reporting progress as `stage` from `at` to `at + 0.5`. */
function* vocabWork(labels: string[], column: Int32Array, train: Uint32Array, stage: string, at: number,
  numeric?: boolean): PacedWork<VocabMapping> {
  const inTrain = new Uint8Array(labels.length);
  for (let from = 0; from < train.length; from += ROWS_PER_MARK) {
    yield { stage, fraction: at + (0.3 * from) / train.length };
    for (let k = from, end = Math.min(train.length, from + ROWS_PER_MARK); k < end; k++) inTrain[column[train[k]]] = 1;
  }
  // Labels are few next to rows, but a pause between the two passes over them keeps each short.
  yield { stage, fraction: at + 0.3 };
  const byValue = numeric ?? allNumeric(labels);
  yield { stage, fraction: at + 0.4 };
  return buildVocab(labels, inTrain, byValue);
}

function* remapWork(column: Int32Array, toVocab: Int32Array, inPlace: boolean, stage: string, at: number): PacedWork<Int32Array> {
  const out = inPlace ? column : new Int32Array(column.length);
  for (let from = 0; from < column.length; from += ROWS_PER_MARK) {
    yield { stage, fraction: at + (0.3 * from) / column.length };
    for (let r = from, end = Math.min(column.length, from + ROWS_PER_MARK); r < end; r++) out[r] = toVocab[column[r]];
  }
  return out;
}

/** Distinct labels of the validation rows that are not in the vocabulary. */
function* unseenWork(column: Int32Array, valid: Uint32Array, toVocab: Int32Array, stage: string, at: number): PacedWork<number> {
  const counted = new Uint8Array(toVocab.length);
  let count = 0;
  for (let from = 0; from < valid.length; from += ROWS_PER_MARK) {
    yield { stage, fraction: at + (0.1 * from) / valid.length };
    for (let k = from, end = Math.min(valid.length, from + ROWS_PER_MARK); k < end; k++) {
      const label = column[valid[k]];
      if (toVocab[label] === 0 && !counted[label]) {
        counted[label] = 1;
        count++;
      }
    }
  }
  return count;
}

function* rangeWork(ratings: Float32Array, stage: string, at: number): PacedWork<[number, number]> {
  let lo = Infinity, hi = -Infinity;
  for (let from = 0; from < ratings.length; from += ROWS_PER_MARK) {
    yield { stage, fraction: at + (0.2 * from) / ratings.length };
    for (let r = from, end = Math.min(ratings.length, from + ROWS_PER_MARK); r < end; r++) {
      if (ratings[r] < lo) lo = ratings[r];
      if (ratings[r] > hi) hi = ratings[r];
    }
  }
  return ratings.length ? [lo, hi] : [0, 0];
}
