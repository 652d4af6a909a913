/** Collab: Recommend for Me... — opens a run's panel on the Recommend view (rate a few items, get recommendations). */
import type { Services } from '../services';
import { pickRun } from './pick-run';

export function recommendForMe(services: Services): (arg?: unknown) => Promise<void> {
  return async (arg) => {
    const dir = await pickRun(services, arg, 'Recommend for you from which run?');
    if (!dir) return;
    services.panels.show({ runDir: dir }, 'recommend');
  };
}
