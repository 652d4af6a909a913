/**
 * Which rows validate a model: fastai's random split, a global time cutoff, each user's latest or
 * random ratings, K folds, or a separate file. Each split is O(n) paced work over typed arrays and
 * returns ascending row indices. Rules where a choice had to be made:
 * - random: the first floor(validPct * n) places of a seeded permutation (fastai's RandomSplitter).
 * - temporal: the latest floor(validPct * n) rows by timestamp; rows tied at the cutoff time are
 *   taken in file order, so the later rows of a tie are the validation ones.
 * - user-last: each user's latest `holdout` ratings (ties by file order: a later row is later);
 *   a user with `holdout` or fewer ratings keeps them all in training.
 * - user-random: round(validPct * c) of a user's c rows (half up, as LensKit's SampleFrac rounds),
 *   at most c - 1, so every user keeps a training row and a user with one rating stays in training.
 * - K folds: a seeded permutation cut into K runs of floor(n/K) or floor(n/K)+1 places; fold f
 *   validates on run f. Fold 0 is the random split of floor(n/K) rows with the same seed.
 */
import { runNow, ROWS_PER_MARK, type PacedWork } from './paced';
import { seededRandom } from './random';
import { SPLIT_KINDS, type SplitSpec } from './split-spec';
import { listsFromFlagsWork, timeOrderWork, userCount, userGroupsWork, type RowSplit } from './row-order';

export type { RowSplit } from './row-order';

export { SPLIT_KINDS, type SplitKind, type SplitSpec } from './split-spec';

export const DEFAULT_VALID_PCT = 0.2;
export const DEFAULT_HOLDOUT = 1;
/** The stage name split work reports by default. */
export const SPLIT_STAGE = 'splitting training and validation rows';

/** The columns a split reads (a RatingsTable has them). */
export interface SplitTable {
  n: number;
  users: Int32Array;
  timestamps?: Float64Array;
  /** The source file, named in errors. */
  file?: string;
}

const percent = (share: number): string => `${+(share * 100).toFixed(2)}%`;
const fileName = (file: string | undefined): string => (file ? file.split(/[\\/]/).pop() ?? file : 'the ratings file');
const isWhole = (x: number): boolean => Number.isInteger(x);

/** One line saying what `spec` does, for logs and run.json. */
export function describeSplit(spec: SplitSpec): string {
  const pct = percent(spec.validPct ?? DEFAULT_VALID_PCT);
  switch (spec.kind) {
    case 'random':
      if (spec.folds !== undefined) {
        return `${spec.folds}-fold cross-validation over random rows, fold ${(spec.fold ?? 0) + 1} of ${spec.folds} (seed ${spec.seed})`;
      }
      return `random: ${pct} of rows for validation (seed ${spec.seed})`;
    case 'temporal':
      return `temporal: the latest ${pct} of rows by timestamp for validation (ties at the cutoff: the later rows of the file)`;
    case 'user-last': {
      const n = spec.holdout ?? DEFAULT_HOLDOUT;
      return `user-last: each user's latest ${n} rating${n === 1 ? '' : 's'} for validation (users with ${n} or fewer stay in training)`;
    }
    case 'user-random':
      return `user-random: ${pct} of each user's rows for validation, rounded per user, one row at least kept in training (seed ${spec.seed})`;
    case 'file':
      return 'validation rows from a separate file';
  }
}

/**
 * Why `spec` cannot split `table` (a sentence for the user), or undefined when it can.
 * `validFile`: whether a separate validation file was given.
 */
export function splitProblem(spec: SplitSpec, table: Pick<SplitTable, 'n' | 'timestamps' | 'file'>, validFile = false): string | undefined {
  const { kind } = spec;
  if (!SPLIT_KINDS.includes(kind)) return `unknown split '${String(kind)}'; use one of ${SPLIT_KINDS.join(', ')}`;
  if (kind === 'file' && !validFile) return "split 'file' needs a validation file";
  if ((kind === 'temporal' || kind === 'user-last') && !table.timestamps) {
    return `split '${kind}' needs a timestamp column; none was found in ${fileName(table.file)}`;
  }
  const validPct = spec.validPct ?? DEFAULT_VALID_PCT;
  if (kind === 'random' && spec.folds === undefined && !(validPct >= 0 && validPct < 1)) {
    return `valid-pct must be in [0, 1) for split 'random', not ${validPct}`;
  }
  if ((kind === 'temporal' || kind === 'user-random') && !(validPct > 0 && validPct < 1)) {
    return `valid-pct must be between 0 and 1 (both excluded) for split '${kind}', not ${validPct}`;
  }
  if (kind === 'user-last') {
    const holdout = spec.holdout ?? DEFAULT_HOLDOUT;
    if (!(isWhole(holdout) && holdout >= 1)) return `holdout must be a whole number of ratings, at least 1, not ${holdout}`;
  }
  if (spec.folds !== undefined) return foldsProblem(spec, table);
  return undefined;
}

function foldsProblem(spec: SplitSpec, table: Pick<SplitTable, 'n' | 'file'>): string | undefined {
  const k = spec.folds ?? 0, fold = spec.fold ?? 0;
  if (spec.kind !== 'random') return `folds cut random rows; they cannot be combined with split '${spec.kind}'`;
  if (!(isWhole(k) && k >= 2)) return `folds must be a whole number, at least 2, not ${k}`;
  if (k > table.n) return `${k} folds need at least ${k} rows; ${fileName(table.file)} has ${table.n}`;
  if (!(isWhole(fold) && fold >= 0 && fold < k)) return `fold must be a whole number from 0 to ${k - 1}, not ${fold}`;
  return undefined;
}

/** Throws a RangeError with splitProblem's sentence when there is one. */
export function checkSplit(spec: SplitSpec, table: Pick<SplitTable, 'n' | 'timestamps' | 'file'>, validFile = false): void {
  const problem = splitProblem(spec, table, validFile);
  if (problem) throw new RangeError(problem);
}

/** Splits `table`'s rows as `spec` says (any kind but 'file'), after checking the spec. */
export function splitRows(table: SplitTable, spec: SplitSpec): RowSplit {
  return runNow(splitWork(table, spec));
}

/** splitRows as paced work, reporting `stage`. */
export function* splitWork(table: SplitTable, spec: SplitSpec, stage = SPLIT_STAGE): PacedWork<RowSplit> {
  checkSplit(spec, table);
  const { n, users, timestamps } = table;
  const validPct = spec.validPct ?? DEFAULT_VALID_PCT;
  switch (spec.kind) {
    case 'random':
      if (spec.folds !== undefined) return yield* foldSplitWork(n, spec.folds, spec.fold ?? 0, spec.seed, stage);
      return yield* randomSplitWork(n, Math.floor(validPct * n), spec.seed, stage);
    case 'temporal':
      return yield* temporalSplitWork(timestamps as Float64Array, n, validPct, stage);
    case 'user-last':
      return yield* userLastSplitWork(users, timestamps as Float64Array, n, spec.holdout ?? DEFAULT_HOLDOUT, stage);
    case 'user-random':
      return yield* userRandomSplitWork(users, n, validPct, spec.seed, stage);
    case 'file':
      throw new RangeError("split 'file' takes its validation rows from the validation file, not from the table");
  }
}

/**
 * Picks `nValid` of n rows at random (the first nValid of a seeded permutation, as fastai's
 * RandomSplitter does); both index lists come out ascending, without sorting.
 */
export function* randomSplitWork(n: number, nValid: number, seed: number, stage = SPLIT_STAGE): PacedWork<RowSplit> {
  const order = yield* permutationWork(n, seed, nValid, stage, 0, 0.7);
  const isValid = new Uint8Array(n);
  for (let from = 0; from < nValid; from += ROWS_PER_MARK) {
    yield { stage, fraction: 0.7 + (0.1 * from) / nValid };
    for (let k = from, end = Math.min(nValid, from + ROWS_PER_MARK); k < end; k++) isValid[order[k]] = 1;
  }
  return yield* listsFromFlagsWork(isValid, nValid, stage, 0.8, 0.2);
}

/** A seeded random permutation of 0..n-1 (Fisher-Yates from the front; only the first `prefix` places are drawn). */
export function* permutationWork(n: number, seed: number, prefix: number, stage: string, at: number, share: number): PacedWork<Uint32Array> {
  const random = seededRandom(seed);
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  const draws = Math.min(prefix, n - 1);
  for (let from = 0; from < draws; from += ROWS_PER_MARK) {
    yield { stage, fraction: at + (share * from) / draws };
    for (let i = from, end = Math.min(draws, from + ROWS_PER_MARK); i < end; i++) {
      const j = i + Math.floor(random() * (n - i));
      const t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
  }
  return order;
}

/** The latest floor(validPct * n) rows by timestamp validate (ties at the cutoff: the later rows of the file). */
export function temporalSplit(timestamps: Float64Array, n: number, validPct: number): RowSplit {
  return runNow(temporalSplitWork(timestamps, n, validPct));
}

function* temporalSplitWork(timestamps: Float64Array, n: number, validPct: number, stage = SPLIT_STAGE): PacedWork<RowSplit> {
  const nValid = Math.floor(validPct * n);
  const order = yield* timeOrderWork(timestamps, n, stage, 0, 0.8);
  const isValid = new Uint8Array(n);
  for (let k = n - nValid; k < n; k++) isValid[order[k]] = 1;
  return yield* listsFromFlagsWork(isValid, nValid, stage, 0.8, 0.2);
}

/** Each user's latest `holdout` ratings validate; users with `holdout` or fewer ratings stay in training. */
export function userLastSplit(users: Int32Array, timestamps: Float64Array, n: number, holdout: number): RowSplit {
  return runNow(userLastSplitWork(users, timestamps, n, holdout));
}

function* userLastSplitWork(users: Int32Array, timestamps: Float64Array, n: number, holdout: number, stage = SPLIT_STAGE): PacedWork<RowSplit> {
  const order = yield* timeOrderWork(timestamps, n, stage, 0, 0.7);
  const counts = new Uint32Array(userCount(users, n));
  for (let r = 0; r < n; r++) counts[users[r]]++;
  const taken = new Uint32Array(counts.length);
  const isValid = new Uint8Array(n);
  let nValid = 0;
  // latest first: the first `holdout` rows met of a user with more than that are their latest
  for (let from = n; from > 0; from -= ROWS_PER_MARK) {
    yield { stage, fraction: 0.7 + (0.1 * (n - from)) / n };
    for (let k = from - 1, end = Math.max(0, from - ROWS_PER_MARK); k >= end; k--) {
      const r = order[k], u = users[r];
      if (counts[u] > holdout && taken[u] < holdout) {
        taken[u]++;
        isValid[r] = 1;
        nValid++;
      }
    }
  }
  return yield* listsFromFlagsWork(isValid, nValid, stage, 0.8, 0.2);
}

/** round(validPct * c) of each user's c rows validate, drawn at random (seeded), at most c - 1. */
export function userRandomSplit(users: Int32Array, n: number, validPct: number, seed: number): RowSplit {
  return runNow(userRandomSplitWork(users, n, validPct, seed));
}

function* userRandomSplitWork(users: Int32Array, n: number, validPct: number, seed: number, stage = SPLIT_STAGE): PacedWork<RowSplit> {
  const nUsers = userCount(users, n);
  const { rows, start } = yield* userGroupsWork(users, n, nUsers, stage, 0, 0.5);
  const random = seededRandom(seed);
  const isValid = new Uint8Array(n);
  let nValid = 0, sinceMark = 0;
  for (let u = 0; u < nUsers; u++) {
    const s = start[u], c = start[u + 1] - s;
    const take = Math.min(Math.round(validPct * c), c - 1);
    // a partial Fisher-Yates over the user's rows: its first `take` places validate
    for (let i = 0; i < take; i++) {
      const j = i + Math.floor(random() * (c - i));
      const t = rows[s + i];
      rows[s + i] = rows[s + j];
      rows[s + j] = t;
      isValid[rows[s + i]] = 1;
    }
    nValid += take;
    sinceMark += c;
    if (sinceMark >= ROWS_PER_MARK) {
      sinceMark = 0;
      yield { stage, fraction: 0.5 + (0.3 * s) / n };
    }
  }
  return yield* listsFromFlagsWork(isValid, nValid, stage, 0.8, 0.2);
}

/** Each row's fold (0..k-1): a seeded permutation cut into k runs, run f = places floor(f*n/k)..floor((f+1)*n/k)-1. */
export function* foldAssignmentWork(n: number, k: number, seed: number, stage = SPLIT_STAGE): PacedWork<Uint16Array | Uint32Array> {
  const order = yield* permutationWork(n, seed, n, stage, 0, 0.6);
  const foldOf = k <= 0x10000 ? new Uint16Array(n) : new Uint32Array(n);
  for (let f = 0; f < k; f++) {
    yield { stage, fraction: 0.6 + (0.2 * f) / k };
    for (let p = Math.floor((f * n) / k), end = Math.floor(((f + 1) * n) / k); p < end; p++) foldOf[order[p]] = f;
  }
  return foldOf;
}

/** Fold `fold` of k as a split: its rows validate, the other folds' rows train. */
export function* foldSplitWork(n: number, k: number, fold: number, seed: number, stage = SPLIT_STAGE): PacedWork<RowSplit> {
  const foldOf = yield* foldAssignmentWork(n, k, seed, stage);
  return yield* foldFromAssignmentWork(foldOf, fold, stage);
}

function* foldFromAssignmentWork(foldOf: Uint16Array | Uint32Array, fold: number, stage: string): PacedWork<RowSplit> {
  const n = foldOf.length;
  const isValid = new Uint8Array(n);
  let nValid = 0;
  for (let r = 0; r < n; r++) {
    if (foldOf[r] === fold) {
      isValid[r] = 1;
      nValid++;
    }
  }
  return yield* listsFromFlagsWork(isValid, nValid, stage, 0.8, 0.2);
}

/** K-fold cross-validation of n rows: K splits whose validation rows partition 0..n-1 (seeded). */
export function* kFolds(n: number, k: number, seed: number): Generator<RowSplit, void, undefined> {
  checkSplit({ kind: 'random', folds: k, seed }, { n });
  const foldOf = runNow(foldAssignmentWork(n, k, seed));
  for (let f = 0; f < k; f++) yield runNow(foldFromAssignmentWork(foldOf, f, SPLIT_STAGE));
}
