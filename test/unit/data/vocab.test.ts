/** fastai vocabulary numbering: '#na#' first, then the training labels sorted as pandas/Python would. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { allNumeric, buildVocab, compareCodePoints, NA_LABEL } from '../../../src/core/data/vocab';

const all = (n: number): Uint8Array => new Uint8Array(n).fill(1);

test('numeric ids sort by value, as pandas int columns do', () => {
  const { vocab, toVocab } = buildVocab(['10', '2', '1', '33'], all(4), true);
  assert.deepEqual(vocab.labels, [NA_LABEL, '1', '2', '10', '33']);
  assert.deepEqual([...toVocab], [3, 2, 1, 4]);
  assert.equal(vocab.index.get('10'), 3);
});

test('text labels sort by code point, as Python sorts strings (astral after U+FFFF)', () => {
  const labels = ['b', 'a', 'B', 'é', '😀', '\uFFFF', 'Zebra (1990)', 'zebra'];
  const { vocab } = buildVocab(labels, all(labels.length), false);
  assert.deepEqual(vocab.labels, [NA_LABEL, 'B', 'Zebra (1990)', 'a', 'b', 'zebra', 'é', '\uFFFF', '😀']);
});

test('only labels of training rows enter the vocabulary; the rest map to #na#', () => {
  const { vocab, toVocab } = buildVocab(['7', '3', '5'], Uint8Array.from([1, 0, 1]), true);
  assert.deepEqual(vocab.labels, [NA_LABEL, '5', '7']);
  assert.deepEqual([...toVocab], [2, 0, 1]);
});

test('ids spelled differently are never merged: such a column sorts as text', () => {
  assert.equal(allNumeric(['7', '07', '8']), false);
  assert.equal(allNumeric(['1e3', '1000']), false);
  assert.equal(allNumeric(['1', '2.5', '10']), true);
  const labels = ['7', '07', '8'];
  const { vocab, toVocab } = buildVocab(labels, all(3), allNumeric(labels));
  assert.deepEqual(vocab.labels, [NA_LABEL, '07', '7', '8']);
  assert.deepEqual([...toVocab], [2, 1, 3]);
});

test('property: compareCodePoints orders like comparing arrays of code points', () => {
  const codePoints = (s: string): number[] => Array.from(s, (c) => c.codePointAt(0) ?? 0);
  const reference = (a: string, b: string): number => {
    const x = codePoints(a), y = codePoints(b);
    for (let k = 0; k < Math.min(x.length, y.length); k++) if (x[k] !== y[k]) return x[k] - y[k];
    return x.length - y.length;
  };
  fc.assert(fc.property(fc.string({ unit: 'grapheme' }), fc.string({ unit: 'grapheme' }), (a, b) =>
    Math.sign(compareCodePoints(a, b)) === Math.sign(reference(a, b))));
});

test('property: a vocabulary is #na# plus the distinct training labels, sorted, each mapped to itself', () => {
  fc.assert(fc.property(fc.uniqueArray(fc.string({ minLength: 1 }), { maxLength: 30 }), fc.array(fc.boolean(), { maxLength: 30 }),
    (labels, flags) => {
      const inTrain = Uint8Array.from(labels, (_, i) => (flags[i] ? 1 : 0));
      const { vocab, toVocab } = buildVocab(labels, inTrain, false);
      const expected = labels.filter((_, i) => inTrain[i]).sort(compareCodePoints);
      assert.deepEqual(vocab.labels, [NA_LABEL, ...expected]);
      labels.forEach((l, i) => assert.equal(toVocab[i], inTrain[i] ? vocab.index.get(l) : 0));
    }));
});
