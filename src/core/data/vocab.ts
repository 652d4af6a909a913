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
  if (!labels.every((l) => NUMBER.test(l))) return false;
  return new Set(labels.map(Number)).size === labels.length;
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
  const vocabLabels = [NA_LABEL];
  const order = numeric ? (a: number, b: number) => Number(labels[a]) - Number(labels[b])
    : (a: number, b: number) => compareCodePoints(labels[a], labels[b]);
  chosen.sort(order);
  for (const i of chosen) toVocab[i] = vocabLabels.push(labels[i]) - 1;
  return { vocab: { labels: vocabLabels, index: new Map(vocabLabels.map((l, i) => [l, i])) }, toVocab };
}
