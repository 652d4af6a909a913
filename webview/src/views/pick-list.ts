/** Entries of the short pick lists (PCA extremes and neighbours): each a real button, so Tab reaches it and Enter and Space pick it. */
import { el } from '../dom';

/** A list item holding one button; `attrs` go on the item (test ids, data-label), `onPick` runs on click, Enter or Space. */
export function pickItem(attrs: Record<string, string | undefined>, content: (Node | string)[], onPick: () => void, title?: string): HTMLLIElement {
  const button = el('button', { type: 'button', class: 'pick', title }, ...content);
  button.addEventListener('click', onPick);
  return el('li', attrs, button);
}
