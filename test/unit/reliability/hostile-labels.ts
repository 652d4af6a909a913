import { INVISIBLE_CHARS } from '../../../src/common/display-text';

/** Titles and ids a hostile (or just unlucky) ratings file can hold: HTML, Markdown, links, control and bidi characters. */
export const HOSTILE_LABELS: readonly string[] = [
  '<img src=x onerror=alert(1)>',
  '<script>alert(1)</script>',
  '<a href="command:workbench.action.quit">Quit</a>',
  '[link](command:workbench.action.terminal.new)',
  '[Show neighbours](command:collab.showNeighbours?%5B%22%2Fetc%22%2C%22x%22%5D)',
  '[x](command:workbench.action.quit "Title")',
  'line one\n\n[x](command:workbench.action.quit)',
  '![tracker](https://evil.example/pixel.png)',
  '<https://evil.example/a>',
  'https://evil.example/autolink',
  'javascript:alert(1)',
  '**bold** _em_ `code` ~~strike~~',
  '$(alert) $(zap) theme icons',
  '&lt;img src=x onerror=alert(1)&gt;',
  '&#x3C;b&#x3E;entity&#60;/b&#62;',
  '\u202eevil.csv',
  // Kept to 25 labels (the panel's biases list shows 25): the newer hidden characters share one label.
  'Caf\u00e9 \u2066isolate\u2069 \u200bzero\u200d soft\u00adhyphen \u2028sep\u2029 \u3164 tag\u{e0049}\u{e0047}\u{e004e}',
  '\u0000\u0007\u001b[31mred\u001b[0m',
  '| a | b |\n|---|---|\n| c | d |',
  '# heading',
  '1. list item',
  '> quote',
  '\\',
  '`',
  'x'.repeat(10_000),
];

/**
 * Characters no shown label may keep: the one sanitiser's invisible set (src/common/display-text.ts,
 * so the tests and every bundle agree on it) and the controls other than tab and line feed.
 */
export const INVISIBLE_OR_CONTROL = new RegExp(`${INVISIBLE_CHARS.source}|[\\u0000-\\u0008\\u000b-\\u001f\\u007f-\\u009f\\u2028\\u2029]`, 'u');
