/** Small DOM helpers: every piece of text goes in through textContent, never as HTML. */

import { displayText } from '../../src/common/display-text';

type Attrs = Record<string, string | number | boolean | undefined>;

/** Creates an element with attributes (false/undefined skipped) and text or element children. */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K, attrs: Attrs = {}, ...children: (Node | string | null | undefined)[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === false) continue;
    node.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children) {
    if (child === null || child === undefined) continue;
    node.append(typeof child === 'string' ? document.createTextNode(child) : child);
  }
  return node;
}

/**
 * Shows an error in a view's note (a `role=status` region): inside it as a `role=alert` span, so a
 * screen reader says it at once; the note's next text replaces it.
 */
export function showError(note: HTMLElement, message: string): void {
  note.replaceChildren(el('span', { class: 'error', role: 'alert' }, message));
}

/** Removes every child of a node. */
export function clear(node: Element): void {
  node.replaceChildren();
}

/** A number with a fixed count of decimals, or an en dash when missing. */
export function fmt(value: number | undefined, digits = 3): string {
  return value === undefined || !Number.isFinite(value) ? '\u2013' : value.toFixed(digits);
}

/** A count with thousands separators, or an en dash. */
export function fmtCount(value: number | undefined): string {
  return value === undefined ? '\u2013' : Math.round(value).toLocaleString('en-US');
}

/** Seconds as "1.2 s" or "3 min 4 s". */
export function fmtSeconds(seconds: number | undefined): string {
  if (seconds === undefined) return '\u2013';
  if (seconds < 60) return `${seconds.toFixed(seconds < 10 ? 2 : 1)} s`;
  return `${Math.floor(seconds / 60)} min ${Math.round(seconds % 60)} s`;
}

/** Calls `fn` once input has paused for `ms`. */
export function debounce<A extends unknown[]>(fn: (...args: A) => void, ms: number): (...args: A) => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return (...args: A) => {
    if (timer !== undefined) clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
}

/** A label as displayed: control characters and line breaks become spaces, invisible characters visible `[U+XXXX]` codes. */
export function shownLabel(label: string): string {
  return displayText(label, Infinity, (code) => `[${code}]`);
}
