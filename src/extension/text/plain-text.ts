/**
 * User text (titles, ids, header names, file names, messages quoting them) made safe for VS Code's
 * plain-text places: notifications (which turn `[text](command:...)` into clickable command links),
 * Quick Pick items and tree labels (which render `$(icon)` syntax), and Output channel lines. Pure.
 */

import { displayText, truncate } from '../../common/display-text';

/**
 * One line of inert text: control characters (newlines included) become spaces, invisible and bidi
 * characters `U+XXXX`, `$(` is escaped the way VS Code escapes icons (`\$(`), a `](` that would close a
 * Markdown link label becomes `] (`, and text longer than `max` is cut with an ellipsis.
 */
export function plainText(text: string, max = 200): string {
  const s = displayText(text)
    .replace(/(?<!\\)\$\(/g, '\\$(')
    .replace(/\]\(/g, '] (');
  return truncate(s, max);
}

/** A notification message: like plainText, but longer (messages quote a value and say what to do). */
export function notificationText(text: string): string {
  return plainText(text, 1000);
}
