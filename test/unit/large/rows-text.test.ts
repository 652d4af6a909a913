/** The rows view's text (src/extension/editor/rows-text.ts): line numbers, header, quoted line breaks, parsing back, URI queries. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeRowsTarget, encodeRowsTarget, parseRowLine, PREAMBLE_LINES, rowsViewText } from '../../../src/extension/editor/rows-text';

const target = { runDir: '/w/.collab/runs/r1', file: '/w/ratings.csv', side: 'items' as const, index: 7, label: 'Toy Story (1995)' };

test('rows view: a preamble, the header and each row behind its line number; each row line parses back', () => {
  const text = rowsViewText(target, {
    file: '/w/ratings.csv', header: { line: 1, text: 'userId,movieId,rating,comment' },
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
