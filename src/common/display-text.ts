/**
 * The one sanitiser for text from user files (titles, ids, header names, file names) on its way to
 * a person: which characters can reorder, hide or forge text, and how they are made visible. Every
 * bundle imports it (extension, trainer, run service, CLI, webview): each place keeps its own way
 * of *writing* a code (`U+202E`, `[U+202E]`, `\u202e`), never its own list of characters.
 * A leaf of src/common: pure, imports nothing, no Node and no DOM.
 */

/**
 * Characters that change how text around them is shown, or are not shown at all:
 * - bidi marks, embeddings, overrides and isolates (U+061C, U+200E-200F, U+202A-202E, U+2066-2069),
 *   which reorder what follows ("Trojan Source");
 * - zero-width and invisible format characters (U+00AD, U+034F, U+115F-1160, U+17B4-17B5, U+180E,
 *   U+200B-200D, U+2060-2065, U+206A-206F, U+3164, U+FEFF, U+FFA0, U+FFF9-FFFB);
 * - Unicode tag characters (U+E0000-E007F), which can smuggle a hidden ASCII copy of any text.
 * Variation selectors are left alone: emoji need them and they cannot carry text.
 */
// U+034F (a combining mark) is listed alone on purpose: it is invisible, not part of a sequence.
// eslint-disable-next-line no-misleading-character-class
export const INVISIBLE_CHARS = /[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b-\u200f\u202a-\u202e\u2060-\u206f\u3164\ufeff\uffa0\ufff9-\ufffb\u{e0000}-\u{e007f}]/gu;

/** C0 and C1 controls, DEL, and the Unicode line and paragraph separators: each would break or forge a line. */
// eslint-disable-next-line no-control-regex
export const CONTROL_CHARS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;

/** `U+202E` for a character (at least four hex digits, as Unicode writes them). */
export function codePoint(char: string): string {
  return `U+${(char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
}

/** True when `text` holds a control or invisible character (tests and validators use it). */
export function hasHiddenChars(text: string): boolean {
  // eslint-disable-next-line no-misleading-character-class
  return new RegExp(INVISIBLE_CHARS.source, 'u').test(text) || new RegExp(CONTROL_CHARS.source).test(text);
}

/** Replaces each invisible character with `show(code)` (default: the code itself, `U+202E`). */
export function revealInvisible(text: string, show: (code: string, char: string) => string = (code) => code): string {
  return text.replace(INVISIBLE_CHARS, (c) => show(codePoint(c), c));
}

/** Control characters, line breaks included, become single spaces: the text stays on one line. */
export function flattenControls(text: string): string {
  return text.replace(CONTROL_CHARS, ' ');
}

/** Cuts text longer than `max` characters, ending it with an ellipsis (surrogate pairs are not split). */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = max - 1;
  const code = text.charCodeAt(cut - 1);
  if (code >= 0xd800 && code <= 0xdbff) cut--; // do not leave half a surrogate pair
  return `${text.slice(0, cut)}…`;
}

/**
 * A label made inert for any plain-text place: one line (controls become spaces), invisible
 * characters shown by `show` (default `U+XXXX`), cut at `max` characters.
 */
export function displayText(text: string, max = Infinity, show?: (code: string, char: string) => string): string {
  return truncate(revealInvisible(flattenControls(text), show), max);
}
