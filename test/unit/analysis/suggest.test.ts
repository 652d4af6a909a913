/** Type-ahead ranking: prefix, then word start, then substring; most rated first in each group. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildSideIndex } from '../../../src/core/analysis/analysis-index';
import type { Embeddings } from '../../../src/core/analysis/embeddings';
import { suggestLabels } from '../../../src/core/analysis/lookup';

/** A side whose labels and rating counts are given; 60k filler labels ("Film N") around the planted ones. */
function sideOf(planted: [string, number][], filler = 0) {
  const rows: [string, number][] = [['#na#', 1e9], ...planted];
  for (let i = 0; i < filler; i++) rows.push([`Film ${i} (${1950 + (i % 70)})`, i % 500]);
  const emb: Embeddings = {
    side: 'items', labels: rows.map((r) => r[0]), n: rows.length, dim: 1,
    vectors: new Float32Array(rows.length).fill(1), count: rows.map((r) => r[1]),
  };
  return buildSideIndex(emb);
}

const labelsOf = (side: ReturnType<typeof sideOf>, found: number[]) => found.map((i) => side.emb.labels[i]);

test('prefix matches first, then word starts, then substrings; more rated first in each; case-insensitive', () => {
  const side = sideOf([
    ['The Star Trek (1979)', 50], // word start
    ['Starship Troopers (1997)', 10], // prefix, less rated
    ['Lone Star (1996)', 90], // word start, more rated
    ['Mustard (2001)', 500], // substring only ('stAR' inside 'muSTARd')
    ['Star Wars (1977)', 400], // prefix, most rated
    ['Stargate (1994)', 400], // prefix, same count: vocab order
    ['Heat (1995)', 900], // no match
  ], 60_000);
  const found = labelsOf(side, suggestLabels(side, '  STAR ', 10));
  // The 60k filler labels ("Film N (year)") do not contain "star".
  assert.deepEqual(found, [
    'Star Wars (1977)', 'Stargate (1994)', 'Starship Troopers (1997)',
    'Lone Star (1996)', 'The Star Trek (1979)',
    'Mustard (2001)',
  ]);
  assert.ok(!found.includes('Heat (1995)') && !found.includes('#na#'));
});

test('the limit caps the list; empty text or a miss suggests nothing; #na# is never offered', () => {
  const side = sideOf([['Alpha', 3], ['Alphabet', 9], ['Beta Alpha', 5], ['Gamma', 1]]);
  assert.deepEqual(labelsOf(side, suggestLabels(side, 'alp', 2)), ['Alphabet', 'Alpha']);
  assert.deepEqual(labelsOf(side, suggestLabels(side, 'alp', 10)), ['Alphabet', 'Alpha', 'Beta Alpha']);
  assert.deepEqual(suggestLabels(side, '   ', 10), []);
  assert.deepEqual(suggestLabels(side, 'zzz', 10), []);
  assert.deepEqual(suggestLabels(side, '#na', 10), []);
  assert.deepEqual(suggestLabels(side, 'alp', 0), []);
});

test('a word start after punctuation counts; a later word-start occurrence is found past an inner one', () => {
  const side = sideOf([['Se7en (1995)', 1], ['Bananas & (anas)', 2], ['Anastasia', 1]]);
  // 'anas' is inside "Bananas" but also starts the word "(anas)": word-start group, before no substrings.
  assert.deepEqual(labelsOf(side, suggestLabels(side, 'anas', 10)), ['Anastasia', 'Bananas & (anas)']);
  assert.deepEqual(labelsOf(side, suggestLabels(side, '1995', 10)), ['Se7en (1995)']);
});
