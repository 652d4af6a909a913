/**
 * fastai-style vocabularies. fastai's CategoryMap takes the column's unique values from the
 * training split and sorts them (`L(...).sorted()`), then puts '#na#' at index 0. pandas reads an
 * id column of numbers as numbers, so those sort by value (2 before 10); anything else sorts as
 * Python sorts strings: by Unicode code point. Unlike pandas, ids spelled differently ('007' and
 * '7', '1e3' and '1000') are never merged: such a column sorts as text instead.
 */
import type { Vocab } from './types';

/** The label fastai puts at index 0 for missing / unseen values. */
export const NA_LABEL = '#na#';

const NUMBER = /^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/;

/** Compares strings by Unicode code point, as Python does (JS `<` compares UTF-16 code units). */
export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let k = 0; k < n; k++) {
    const x = a.charCodeAt(k), y = b.charCodeAt(k);
    if (x === y) continue;
    // Surrogates (astral code points) sort after every BMP character in code-point order.
    const xs = x >= 0xd800 && x <= 0xdfff, ys = y >= 0xd800 && y <= 0xdfff;
    if (xs !== ys) return xs ? 1 : -1;
    return x - y;
  }
  return a.length - b.length;
}

/**
 * True when the labels sort by value: every label reads as a number and no two labels are the
 * same number (otherwise value order would merge distinct ids).
 */
export function allNumeric(labels: readonly string[]): boolean {
  const values = new Float64Array(labels.length);
  for (let k = 0; k < labels.length; k++) {
    if (!NUMBER.test(labels[k])) return false;
    values[k] = Number(labels[k]);
  }
  // Sorted, equal values are neighbours (0 and -0 count as one value, as in a Set).
  values.sort();
  for (let k = 1; k < values.length; k++) if (values[k] === values[k - 1]) return false;
  return true;
}

/** A vocabulary and how source label indices map into it. */
export interface VocabMapping {
  vocab: Vocab;
  /** Source label index -> vocab index (0 = '#na#' for labels absent from the training rows). */
  toVocab: Int32Array;
}

/**
 * Builds the vocabulary of the labels flagged in `inTrain` (source label index -> seen in a
 * training row). `numeric` sorts by value (callers check with allNumeric that values are distinct).
 */
export function buildVocab(labels: readonly string[], inTrain: Uint8Array, numeric: boolean): VocabMapping {
  const toVocab = new Int32Array(labels.length);
  const chosen: number[] = [];
  for (let i = 0; i < labels.length; i++) if (inTrain[i]) chosen.push(i);
  const order = numeric ? byValue(labels, chosen) : byCodePoints(labels, chosen);
  const vocabLabels = new Array<string>(order.length + 1);
  vocabLabels[0] = NA_LABEL;
  for (let k = 0; k < order.length; k++) {
    toVocab[order[k]] = k + 1;
    vocabLabels[k + 1] = labels[order[k]];
  }
  return { vocab: vocabOf(vocabLabels), toVocab };
}

/** A vocabulary of `labels`; its index (a Map of every label) is built on first use: training never needs it. */
export function vocabOf(labels: string[]): Vocab {
  let index: Map<string, number> | undefined;
  return {
    labels,
    get index(): Map<string, number> {
      index ??= new Map(labels.map((l, i) => [l, i]));
      return index;
    },
  };
}

/** Label indices sorted by the labels' values (distinct, as allNumeric checks). */
function byValue(labels: readonly string[], chosen: number[]): number[] {
  const values = new Float64Array(labels.length);
  let lo = Infinity, hi = -Infinity, integers = true;
  for (const i of chosen) {
    const v = (values[i] = Number(labels[i]));
    if (v < lo) lo = v;
    if (v > hi) hi = v;
    if (!Number.isInteger(v)) integers = false;
  }
  // Ids are mostly integers in a range not much wider than their count: place each in its slot.
  if (integers && chosen.length > 0 && hi - lo <= 4 * chosen.length + 1024) {
    const slot = new Int32Array(hi - lo + 1).fill(-1);
    for (const i of chosen) slot[values[i] - lo] = i;
    return Array.from(slot).filter((i) => i >= 0);
  }
  return chosen.sort((a, b) => values[a] - values[b]);
}

/** Label indices sorted by code point; plain `<` gives the same order when no label has a surrogate. */
function byCodePoints(labels: readonly string[], chosen: number[]): number[] {
  const astral = chosen.some((i) => /[\uD800-\uDFFF]/.test(labels[i]));
  if (astral) return chosen.sort((a, b) => compareCodePoints(labels[a], labels[b]));
  return chosen.sort((a, b) => (labels[a] < labels[b] ? -1 : labels[a] > labels[b] ? 1 : 0));
}
