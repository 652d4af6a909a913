/** Collab: Train Model — the active editor's ratings file, or a pick of the workspace's. */
import type { Services } from '../services';
import { trainFlow } from '../training/train-flow';

export function train(services: Services): () => Promise<void> {
  return () => trainFlow(services, undefined, false);
}
