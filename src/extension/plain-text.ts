/**
 * User text (titles, ids, header names, file names, messages quoting them) made safe for VS Code's
 * plain-text places: notifications (which turn `[text](command:...)` into clickable command links),
 * Quick Pick items and tree labels (which render `$(icon)` syntax), and Output channel lines. Pure.
 */

/** Bidirectional overrides and isolates, zero-width marks: shown as `U+XXXX` so text cannot reorder or hide itself. */
const INVISIBLE = /[\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/g;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;

/**
 * One line of inert text: control characters (newlines included) become spaces, invisible and bidi
 * characters `U+XXXX`, `$(` is escaped the way VS Code escapes icons (`\$(`), a `](` that would close a
 * Markdown link label becomes `] (`, and text longer than `max` is cut with an ellipsis.
 */
export function plainText(text: string, max = 200): string {
  let s = text
    .replace(CONTROL, ' ')
    .replace(INVISIBLE, (c) => `U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`)
    .replace(/(?<!\\)\$\(/g, '\\$(')
    .replace(/\]\(/g, '] (');
  if (s.length > max) s = `${s.slice(0, max - 1)}…`;
  return s;
}

/** A notification message: like plainText, but longer (messages quote a value and say what to do). */
export function notificationText(text: string): string {
  return plainText(text, 1000);
}
