/** Opens a file at a 1-based line (and field, when known), for bad-row errors and row links. */
import { openAtLine } from '../editor/open-at-line';
import type { Services } from '../services';

export function goToLine(services: Services): (file?: string, line?: number, column?: number) => Promise<void> {
  return async (file, line, column) => {
    if (typeof file !== 'string' || typeof line !== 'number') return;
    await openAtLine(services, file, line, column);
  };
}
