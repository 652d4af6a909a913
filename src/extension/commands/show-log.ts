/** Collab: Show Log — the "Collab" Output channel. */
import type { Services } from '../services';

export function showLog(services: Services): () => void {
  return () => services.log.show(true);
}
