/**
 * The one description of a run's model ("dot · 50 factors", "nn · layers [100, 50]", "imported"),
 * written the same way in the CLI, the Runs view, the panel's title and the panel's summary.
 * A leaf of src/common: pure, imports nothing (the config is described by its shape).
 */

/** The fields of a training config (core's TrainConfig) that say what the model is. */
export interface ModelShape {
  model: 'dot' | 'nn';
  factors: number;
  layers: readonly number[];
}

/** "dot · 50 factors", "nn · layers [100, 50]"; "imported" for imported embeddings, "unknown model" when a trained run has no config. */
export function modelLabel(config: ModelShape | undefined, origin: 'trained' | 'imported' = 'trained'): string {
  if (origin === 'imported') return 'imported';
  if (!config) return 'unknown model';
  return config.model === 'dot' ? `dot · ${config.factors} factors` : `nn · layers [${config.layers.join(', ')}]`;
}
