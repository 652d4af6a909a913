/** The one tokenizer (src/core/csv/cells.ts): fields with their ranges, and the sample split built on it. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cellAt, lineCells, readRow } from '../../../src/core/csv/cells';
import { splitSample } from '../../../src/core/csv/sample';

const values = (line: string, delimiter: string): string[] => lineCells(line, delimiter).map((c) => c.value);

test('cells: quoted fields, delimiters, whitespace; the cell under the cursor', () => {
  const line = '12,"Heat, The (1995)",4.5';
  assert.deepEqual(values(line, ','), ['12', 'Heat, The (1995)', '4.5']);
  const cells = lineCells(line, ',');
  assert.equal(cellAt(cells, 8)?.value, 'Heat, The (1995)');
  assert.equal(cellAt(cells, 8)?.column, 1);
  assert.deepEqual(cellAt(cells, 3), { column: 1, value: 'Heat, The (1995)', start: 3, end: 21 }, 'the range covers the quotes');
  assert.equal(cellAt(cells, 0)?.value, '12');
  assert.equal(cellAt(cells, 2)?.value, '12', 'a cursor just after a field belongs to it');
  assert.deepEqual(values('"say ""hi""",x', ','), ['say "hi"', 'x']);
  assert.deepEqual(values('"a"b,c', ','), ['ab', 'c'], 'text after a closing quote stays in the field (csv-parse relax)');
  assert.deepEqual(values('ab"c,d', ','), ['ab"c', 'd'], 'a quote inside a field is text');
  assert.deepEqual(values('196\t242\t3\t881250949', '\t'), ['196', '242', '3', '881250949']);
  assert.deepEqual(values('1,Toy Story (1995),Adventure|Animation', '|'), ['1,Toy Story (1995),Adventure', 'Animation']);
  assert.deepEqual(lineCells('  1   2  3 ', 'whitespace'), [
    { column: 0, value: '1', start: 2, end: 3 }, { column: 1, value: '2', start: 6, end: 7 }, { column: 2, value: '3', start: 9, end: 10 },
  ]);
  assert.deepEqual(values('a "b c"', 'whitespace'), ['a', '"b', 'c"'], 'no quoting with whitespace delimiters');
  assert.deepEqual(values('a,,c,', ','), ['a', '', 'c', '']);
  assert.equal(cellAt(lineCells('a,,c', ','), 2), undefined);
});

test('rows: quoted line breaks, CRLF, a sample cut inside quotes', () => {
  const text = 'id,title\r\n1,"Two\nlines"\r\n2,b';
  const first = readRow(text, 0, ',', true);
  assert.deepEqual(first.cells.map((c) => c.value), ['id', 'title']);
  const second = readRow(text, first.next, ',', true);
  assert.deepEqual(second.cells.map((c) => c.value), ['1', 'Two\nlines']);
  assert.equal(second.newlines, 1);
  assert.deepEqual(splitSample(text, ',', true).map((r) => [r.line, ...r.fields]), [[1, 'id', 'title'], [2, '1', 'Two\nlines'], [4, '2', 'b']]);
  assert.deepEqual(splitSample('a,b\n\n  \nc,"d', ',', true).map((r) => r.fields), [['a', 'b']], 'blank lines skipped; a cut row dropped');
  assert.deepEqual(splitSample(' 1 2 \n3\t4\n', 'whitespace', false).map((r) => r.fields), [['1', '2'], ['3', '4']]);
  assert.deepEqual(splitSample('1,"x,y"', ',', false).map((r) => r.fields), [['1', '"x', 'y"']], 'quotes off: quotes are text');
});
