/** The prediction function of a run: the dot formula from its tensors, or the engine's NN model. */
import { modelFromTensors } from '../core/model/index';
import type { Scorer } from '../core/analysis/predict';
import type { LoadedRun } from '../core/run/types';

/** The NN model's predict for NN runs; undefined lets the analysis use the dot formula. */
export function scorerFor(run: LoadedRun): Scorer | undefined {
  const config = run.manifest.config;
  if (config?.model !== 'nn') return undefined;
  const model = modelFromTensors(config, run.tensors);
  return (users, items) => model.predict(users, items);
}
