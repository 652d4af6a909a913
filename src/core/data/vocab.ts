/**
 * fastai-style vocabularies. fastai's CategoryMap takes the column's unique values from the
 * training split and sorts them (`L(...).sorted()`), then puts '#na#' at index 0. pandas reads an
 * id column of numbers as numbers, so those sort by value (2 before 10); anything else sorts as
 * Python sorts strings: by Unicode code point.
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

/** True when every label reads as a number, so the column would be numeric in pandas. */
export function allNumeric(labels: readonly string[]): boolean {
  return labels.every((l) => NUMBER.test(l));
}

/** A vocabulary and how source label indices map into it. */
export interface VocabMapping {
  vocab: Vocab;
  /** Source label index -> vocab index (0 = '#na#' for labels absent from the training rows). */
  toVocab: Int32Array;
}

/**
 * Builds the vocabulary of the labels flagged in `inTrain` (source label index -> seen in a
 * training row). `numeric` sorts by value and merges spellings of one number ("7" and "07").
 */
export function buildVocab(labels: readonly string[], inTrain: Uint8Array, numeric: boolean): VocabMapping {
  const toVocab = new Int32Array(labels.length);
  const chosen: number[] = [];
  for (let i = 0; i < labels.length; i++) if (inTrain[i]) chosen.push(i);
  const vocabLabels = [NA_LABEL];
  if (numeric) {
    const values = chosen.map((i) => Number(labels[i]));
    const order = chosen.map((_, k) => k).sort((a, b) => values[a] - values[b]);
    const byValue = new Map<number, number>();
    for (const k of order) {
      let index = byValue.get(values[k]);
      if (index === undefined) {
        index = vocabLabels.push(labels[chosen[k]]) - 1;
        byValue.set(values[k], index);
      }
      toVocab[chosen[k]] = index;
    }
    // Labels only outside the training rows can still spell a training number differently.
    for (let i = 0; i < labels.length; i++) if (!inTrain[i]) toVocab[i] = byValue.get(Number(labels[i])) ?? 0;
  } else {
    chosen.sort((a, b) => compareCodePoints(labels[a], labels[b]));
    for (const i of chosen) toVocab[i] = vocabLabels.push(labels[i]) - 1;
  }
  return { vocab: { labels: vocabLabels, index: new Map(vocabLabels.map((l, i) => [l, i])) }, toVocab };
}

/** A label -> vocab index function (0 when unknown) that also matches other spellings of a number. */
export function vocabLookup(vocab: Vocab, numeric: boolean): (label: string) => number {
  if (!numeric) return (label) => vocab.index.get(label) ?? 0;
  const byValue = new Map<number, number>();
  for (let i = vocab.labels.length - 1; i >= 1; i--) byValue.set(Number(vocab.labels[i]), i);
  return (label) => vocab.index.get(label) ?? (NUMBER.test(label) ? byValue.get(Number(label)) ?? 0 : 0);
}
