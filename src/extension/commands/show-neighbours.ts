/** Opens a run's Neighbours panel (the hover's "Show neighbours" link: args [runDir, label]). */
import type { Services } from '../services';
import { pickRun } from './pick-run';

export function showNeighbours(services: Services): (runDir?: unknown, label?: unknown) => Promise<void> {
  return async (runDir, label) => {
    const dir = await pickRun(services, runDir, 'Show neighbours in which run?');
    if (!dir) return;
    // The label comes from a hover link's arguments: only a string is a query.
    services.panels.show({ runDir: dir }, 'neighbours', typeof label === 'string' && label ? { query: label } : undefined);
  };
}
