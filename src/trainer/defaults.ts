/** Training defaults and the trainer's last check of a config, both from core's one validator. */
import type { TrainConfig } from '../core/run/types';
import type { SplitSpec } from '../core/data/split-spec';
import { splitOptionProblem, validateTrainConfig } from '../core/train/config-validate';

export { DEFAULT_CONFIG } from '../core/train/config-validate';

/** The problems with a config (messages naming each option), or undefined when it is usable. */
export function configProblem(c: TrainConfig, validFile = false, split?: SplitSpec): string | undefined {
  // The dot model has no hidden layers: its config may carry none (the settings and flags that set
  // layers for the NN are still checked where they are read).
  const checked = c.model === 'dot' && Array.isArray(c.layers) && c.layers.length === 0 ? { ...c, layers: undefined } : c;
  const { problems } = validateTrainConfig(checked, { validFile });
  const messages = problems.map((p) => p.message);
  const splitMessage = split && splitOptionProblem(split, { validFile });
  if (splitMessage) messages.push(splitMessage);
  return messages.length > 0 ? messages.join('; ') : undefined;
}
