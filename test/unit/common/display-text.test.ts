/** The one sanitiser (src/common/display-text.ts): every hostile label comes out one line, with no hidden characters. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { codePoint, displayText, flattenControls, hasHiddenChars, revealInvisible, truncate } from '../../../src/common/display-text';
import { HOSTILE_LABELS, INVISIBLE_OR_CONTROL } from '../reliability/hostile-labels';

test('every hostile label is shown on one line with its hidden characters as visible codes', () => {
  for (const label of HOSTILE_LABELS) {
    const shown = displayText(label);
    assert.doesNotMatch(shown, INVISIBLE_OR_CONTROL, JSON.stringify(label.slice(0, 40)));
    assert.doesNotMatch(shown, /[\n\r\t]/);
    assert.equal(hasHiddenChars(shown), false);
  }
});

test('bidi overrides, isolates, zero-width marks, separators and tag characters are all caught', () => {
  const cases: [string, string][] = [
    ['a\u202eb', 'aU+202Eb'], ['a\u2066b\u2069', 'aU+2066bU+2069'], ['a\u200bb', 'aU+200Bb'], ['\ufeffx', 'U+FEFFx'],
    ['soft\u00adhyphen', 'softU+00ADhyphen'], ['a\u061cb', 'aU+061Cb'], ['x\u3164y', 'xU+3164y'],
    ['hidden\u{e0041}', 'hiddenU+E0041'], ['line\u2028sep', 'line sep'], ['tab\tand\nnewline', 'tab and newline'],
    ['\u0000\u001b[31m', '  [31m'], ['Café ❤️ 日本', 'Café ❤️ 日本'],
  ];
  for (const [input, shown] of cases) assert.equal(displayText(input), shown, JSON.stringify(input));
  assert.equal(hasHiddenChars('plain title (1995)'), false);
  assert.equal(hasHiddenChars('a\u202eb'), true);
});

test('each place writes codes its own way from the same list', () => {
  assert.equal(revealInvisible('a\u202eb', (code) => `[${code}]`), 'a[U+202E]b');
  assert.equal(codePoint('\u{e0041}'), 'U+E0041');
  assert.equal(flattenControls('a\r\nb'), 'a  b');
});

test('truncate cuts with an ellipsis and never splits a surrogate pair', () => {
  assert.equal(truncate('abcdef', 4), 'abc…');
  assert.equal(truncate('abc', 4), 'abc');
  const cut = truncate('ab😀cd', 4);
  assert.ok(!/[\ud800-\udbff]…$/.test(cut), cut);
});
