/** Escaping text from user files for VS Code Markdown (hovers), so a label is shown, never run. */

import { displayText } from '../../common/display-text';

/** Every character CommonMark may treat as syntax, plus `|` (tables) and `$` (theme icons). */
const MARKDOWN_SYNTAX = /[\\`*_{}[\]()#+\-.!|~:$"']/g;

/** Escapes one label (or any user text) for inline Markdown; long text is cut at `max` characters. */
export function escapeMarkdownText(text: string, max = 120): string {
  return displayText(text, max)
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
