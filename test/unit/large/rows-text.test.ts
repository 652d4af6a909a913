/** The rows view's text (src/extension/editor/rows-text.ts): line numbers, header, quoted line breaks, parsing back, URI queries. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeRowsTarget, encodeRowsTarget, parseRowLine, PREAMBLE_LINES, rowsViewText } from '../../../src/core/run/rows-view-text';

const target = { runDir: '/w/.collab/runs/r1', file: '/w/ratings.csv', side: 'items' as const, index: 7, label: 'Toy Story (1995)' };

test('rows view: a preamble, the header and each row behind its line number; each row line parses back', () => {
  const text = rowsViewText(target, {
    file: '/w/ratings.csv', delimiter: ',', header: { line: 1, text: 'userId,movieId,rating,comment' },
    lines: Int32Array.from([12, 100345]), texts: ['1,1,5,none', '9,1,4,"two\nlines"'], total: 3,
  }, 50 * 1024 * 1024);
  const lines = text.split('\n');
  assert.match(lines[0], /the first 2 of 3 rows of item 'Toy Story \(1995\)' in \/w\/ratings\.csv/);
  assert.match(lines[1], /over the 50 MB/);
  assert.equal(lines[PREAMBLE_LINES], '     1 | userId,movieId,rating,comment');
  assert.equal(lines[PREAMBLE_LINES + 1], '    12 | 1,1,5,none');
  assert.equal(lines[PREAMBLE_LINES + 2], '100345 | 9,1,4,"two\u23celines"', 'a quoted line break keeps the row on one line');
  assert.deepEqual(parseRowLine(lines[PREAMBLE_LINES + 1]), { line: 12, row: '1,1,5,none', offset: 9 });
  assert.equal(parseRowLine(lines[0]), undefined);
  assert.equal(parseRowLine(lines[PREAMBLE_LINES - 1]), undefined, 'the column heading is no row');
});

test('rows view URI query: round trip, and anything else is refused', () => {
  assert.deepEqual(decodeRowsTarget(encodeRowsTarget(target)), target);
  assert.equal(decodeRowsTarget('not json'), undefined);
  assert.equal(decodeRowsTarget(JSON.stringify({ ...target, side: 'both' })), undefined);
  assert.equal(decodeRowsTarget(JSON.stringify({ ...target, index: 1.5 })), undefined);
});

test('rows view sorted by a field: numbers by value, text by text, blanks last, ties in file order; the sort survives the URI', async () => {
  const { sortSourceRows, sourceColumns } = await import('../../../src/core/run/source-rows');
  const rows = {
    file: '/w/ratings.csv', delimiter: ',', header: { line: 1, text: 'userId,movieId,rating,comment' },
    lines: Int32Array.from([3, 5, 8, 13]), texts: ['1,7,4.5,"b, c"', '2,7,10,a', '3,7,,z', '4,7,4.5,a'], total: 4,
  };
  assert.deepEqual(sourceColumns(rows), ['userId', 'movieId', 'rating', 'comment']);
  assert.deepEqual(Array.from(sortSourceRows(rows, 2, true).lines), [5, 3, 13, 8], 'rating descending: 10 before 4.5 (not as text), ties in file order, blank last');
  assert.deepEqual(Array.from(sortSourceRows(rows, 2, false).lines), [3, 13, 5, 8]);
  assert.deepEqual(sortSourceRows(rows, 3, false).texts, ['2,7,10,a', '4,7,4.5,a', '1,7,4.5,"b, c"', '3,7,,z'], 'a quoted comma stays in its field');
  const sorted = { ...target, sort: { column: 2, name: 'rating', descending: true } };
  assert.deepEqual(decodeRowsTarget(encodeRowsTarget(sorted)), sorted);
  assert.match(rowsViewText(sorted, sortSourceRows(rows, 2, true), 50 * 1024 * 1024), /sorted by 'rating', descending/);
});
