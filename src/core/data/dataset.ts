/** From a loaded table to the trainer's dataset: a seeded split and fastai-numbered vocabularies. */
import { seededRandom } from './random';
import type { RatingsDataset, RatingsTable } from './types';
import { allNumeric, buildVocab, type VocabMapping } from './vocab';

export interface DatasetOptions {
  /** Share of rows held out for validation (fastai's valid_pct); ignored with `validTable`. */
  validPct?: number;
  seed?: number;
  /** Validation rows from a separate file (e.g. u1.test beside u1.base), loaded the same way. */
  validTable?: RatingsTable;
}

export const DEFAULT_VALID_PCT = 0.2;
export const DEFAULT_SEED = 42;

/**
 * Splits rows at random as fastai's RandomSplitter does (a seeded permutation; the first
 * floor(validPct * n) rows of it are validation), builds the vocabularies from the training rows
 * only, and maps ids seen only in validation to '#na#' (index 0), counting them.
 */
export function buildDataset(table: RatingsTable, options: DatasetOptions = {}): RatingsDataset {
  const seed = options.seed ?? DEFAULT_SEED;
  if (options.validTable) return withValidTable(table, options.validTable, seed);
  const validPct = options.validPct ?? DEFAULT_VALID_PCT;
  if (!(validPct >= 0 && validPct < 1)) throw new RangeError(`validPct must be in [0, 1), got ${validPct}`);
  const n = table.n;
  const { train, valid } = randomSplit(n, Math.floor(validPct * n), seed);
  const userMap = vocabFor(table.userLabels, table.users, train);
  const itemMap = vocabFor(table.itemLabels, table.items, train);
  return {
    n, users: remap(table.users, userMap.toVocab), items: remap(table.items, itemMap.toVocab),
    ratings: table.ratings, lines: table.lines, train, valid, userVocab: userMap.vocab, itemVocab: itemMap.vocab,
    ratingRange: range(table.ratings),
    unknownInValid: { users: unseen(table.users, valid, userMap.toVocab), items: unseen(table.items, valid, itemMap.toVocab) },
    seed,
  };
}

/** Training rows from `table`, validation rows from `validTable`; columns are concatenated. */
function withValidTable(table: RatingsTable, validTable: RatingsTable, seed: number): RatingsDataset {
  const nTrain = table.n, n = nTrain + validTable.n;
  const train = Uint32Array.from({ length: nTrain }, (_, r) => r);
  const valid = Uint32Array.from({ length: validTable.n }, (_, r) => nTrain + r);
  const side = (labels: string[], column: Int32Array, validLabels: string[], validColumn: Int32Array) => {
    const numeric = allNumeric([...new Set([...labels, ...validLabels])]);
    const mapping = vocabFor(labels, column, train, numeric);
    // Exact labels only: '07' in the validation file is not '7' of the training file.
    const validToVocab = Int32Array.from(validLabels, (label) => mapping.vocab.index.get(label) ?? 0);
    const out = new Int32Array(n);
    out.set(remap(column, mapping.toVocab));
    out.set(remap(validColumn, validToVocab), nTrain);
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
  const users = side(table.userLabels, table.users, validTable.userLabels, validTable.users);
  const items = side(table.itemLabels, table.items, validTable.itemLabels, validTable.items);
  const ratings = new Float32Array(n);
  ratings.set(table.ratings);
  ratings.set(validTable.ratings, nTrain);
  const lines = new Int32Array(n);
  lines.set(table.lines);
  lines.set(validTable.lines, nTrain);
  return {
    n, users: users.out, items: items.out, ratings, lines, train, valid, userVocab: users.vocab, itemVocab: items.vocab,
    ratingRange: range(ratings), unknownInValid: { users: users.unknown, items: items.unknown }, seed,
    validFile: validTable.file,
  };
}

/**
 * Picks `nValid` of n rows at random (the first nValid of a seeded permutation, as fastai's
 * RandomSplitter does); both index lists come out ascending, without sorting.
 */
export function randomSplit(n: number, nValid: number, seed: number): { train: Uint32Array; valid: Uint32Array } {
  const order = randomPermutation(n, seed, nValid);
  const isValid = new Uint8Array(n);
  for (let k = 0; k < nValid; k++) isValid[order[k]] = 1;
  const train = new Uint32Array(n - nValid), valid = new Uint32Array(nValid);
  for (let r = 0, t = 0, v = 0; r < n; r++) {
    if (isValid[r]) valid[v++] = r;
    else train[t++] = r;
  }
  return { train, valid };
}

/** A seeded random permutation of 0..n-1 (Fisher-Yates from the front; only the first `prefix` places are drawn). */
export function randomPermutation(n: number, seed: number, prefix = n): Uint32Array {
  const random = seededRandom(seed);
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  for (let i = 0; i < Math.min(prefix, n - 1); i++) {
    const j = i + Math.floor(random() * (n - i));
    const t = order[i];
    order[i] = order[j];
    order[j] = t;
  }
  return order;
}

function vocabFor(labels: string[], column: Int32Array, train: Uint32Array, numeric = allNumeric(labels)): VocabMapping {
  const inTrain = new Uint8Array(labels.length);
  for (let k = 0; k < train.length; k++) inTrain[column[train[k]]] = 1;
  return buildVocab(labels, inTrain, numeric);
}

function remap(column: Int32Array, toVocab: Int32Array): Int32Array {
  const out = new Int32Array(column.length);
  for (let r = 0; r < column.length; r++) out[r] = toVocab[column[r]];
  return out;
}

/** Distinct labels of the validation rows that are not in the vocabulary. */
function unseen(column: Int32Array, valid: Uint32Array, toVocab: Int32Array): number {
  const counted = new Uint8Array(toVocab.length);
  let count = 0;
  for (let k = 0; k < valid.length; k++) {
    const label = column[valid[k]];
    if (toVocab[label] === 0 && !counted[label]) {
      counted[label] = 1;
      count++;
    }
  }
  return count;
}

function range(ratings: Float32Array): [number, number] {
  let lo = Infinity, hi = -Infinity;
  for (let r = 0; r < ratings.length; r++) {
    if (ratings[r] < lo) lo = ratings[r];
    if (ratings[r] > hi) hi = ratings[r];
  }
  return ratings.length ? [lo, hi] : [0, 0];
}
