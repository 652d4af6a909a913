/** Collab: Refresh Runs — re-reads the runs folders (the watcher usually does this). */
import type { Services } from '../services';

export function refreshRuns(services: Services): () => void {
  return () => services.runs.invalidate();
}
