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
  'Caf\u00e9 \u2066isolate\u2069 \u200bzero\u200d',
  '\u0000\u0007\u001b[31mred\u001b[0m',
  '| a | b |\n|---|---|\n| c | d |',
  '# heading',
  '1. list item',
  '> quote',
  '\\',
  '`',
  'x'.repeat(10_000),
];

/** Bidirectional overrides/isolates and other characters that reorder or hide text. */
// eslint-disable-next-line no-control-regex
export const INVISIBLE_OR_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/;
