/** Escaping text from user files for VS Code Markdown (hovers), so a label is shown, never run. */

/** Bidirectional overrides and isolates, zero-width marks: shown as `U+XXXX` so text cannot reorder itself. */
const INVISIBLE = /[\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/g;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;
/** Every character CommonMark may treat as syntax, plus `|` (tables) and `$` (theme icons). */
const MARKDOWN_SYNTAX = /[\\`*_{}[\]()#+\-.!|~:$"']/g;

/** Escapes one label (or any user text) for inline Markdown; long text is cut at `max` characters. */
export function escapeMarkdownText(text: string, max = 120): string {
  let s = text.replace(CONTROL, ' ').replace(INVISIBLE, (c) => `U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`);
  if (s.length > max) s = `${s.slice(0, max - 1)}…`;
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(MARKDOWN_SYNTAX, (c) => `\\${c}`);
}

/** A `command:` link with JSON arguments, encoded so nothing in them can break out of the link. */
export function commandLink(title: string, command: string, args: readonly unknown[]): string {
  const encoded = encodeURIComponent(JSON.stringify(args)).replace(/[()]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `[${escapeMarkdownText(title)}](command:${command}?${encoded})`;
}

/** A number with fixed decimals and an explicit sign (biases read better as +0.41 / -0.27). */
export function signed(x: number, digits = 2): string {
  return `${x >= 0 ? '+' : '−'}${Math.abs(x).toFixed(digits)}`;
}
