/** Training defaults and the trainer's last check of a config, both from core's one validator. */
import type { TrainConfig } from '../core/run/types';
import type { SplitSpec } from '../core/data/split-spec';
import { splitOptionProblem, validateTrainConfig } from '../core/train/config-validate';

export { DEFAULT_CONFIG } from '../core/train/config-validate';

/** The problems with a config (messages naming each option), or undefined when it is usable. */
export function configProblem(c: TrainConfig, validFile = false, split?: SplitSpec): string | undefined {
  const { problems } = validateTrainConfig(c, { validFile });
  const messages = problems.map((p) => p.message);
  const splitMessage = split && splitOptionProblem(split, { validFile });
  if (splitMessage) messages.push(splitMessage);
  return messages.length > 0 ? messages.join('; ') : undefined;
}
