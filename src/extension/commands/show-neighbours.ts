/** Opens a run's Neighbours panel (the hover's "Show neighbours" link: args [runDir, label]). */
import type { Services } from '../services';
import { pickRun } from './pick-run';

export function showNeighbours(services: Services): (runDir?: unknown, label?: string) => Promise<void> {
  return async (runDir, label) => {
    const dir = await pickRun(services, runDir, 'Show neighbours in which run?');
    if (!dir) return;
    if (label) services.log.info(`Neighbours of '${label}' in ${dir}`);
    services.panels.show({ runDir: dir }, 'neighbours');
  };
}
