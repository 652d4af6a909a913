/** Training defaults that depend on the data or on fastai's book recipe. */
import type { TrainConfig } from '../core/run/types';

/** fastai's collab recipe from the book: 5 epochs, lr 5e-3, wd 0.1, bs 64, 50 factors, layers [100, 50]. */
export const DEFAULT_CONFIG: TrainConfig = {
  model: 'dot', factors: 50, layers: [100, 50], dropout: 0, epochs: 5, lr: 5e-3, wd: 0.1, bs: 64, validPct: 0.2, seed: 42,
};

/** The first problem with a config (a message naming the option), or undefined when it is usable. */
export function configProblem(c: TrainConfig): string | undefined {
  const positiveInt = (v: number): boolean => Number.isInteger(v) && v > 0;
  if (c.model !== 'dot' && c.model !== 'nn') return `model must be 'dot' or 'nn', not '${String(c.model)}'`;
  if (!positiveInt(c.factors)) return `factors must be a positive whole number, not ${c.factors}`;
  if (!Array.isArray(c.layers) || !c.layers.every(positiveInt)) return `layers must be positive whole numbers, not ${String(c.layers)}`;
  if (!(c.dropout >= 0 && c.dropout < 1)) return `dropout must be in [0, 1), not ${c.dropout}`;
  if (!positiveInt(c.epochs)) return `epochs must be a positive whole number, not ${c.epochs}`;
  if (!(c.lr > 0 && Number.isFinite(c.lr))) return `lr must be a positive number, not ${c.lr}`;
  if (!(c.wd >= 0 && Number.isFinite(c.wd))) return `wd must be zero or positive, not ${c.wd}`;
  if (!positiveInt(c.bs)) return `bs must be a positive whole number, not ${c.bs}`;
  if (!(c.validPct >= 0 && c.validPct < 1)) return `valid-pct must be in [0, 1), not ${c.validPct}`;
  if (!Number.isInteger(c.seed)) return `seed must be a whole number, not ${c.seed}`;
  if (c.yRange && !(c.yRange.length === 2 && c.yRange.every(Number.isFinite) && c.yRange[0] < c.yRange[1])) {
    return `y-range must be two numbers lo < hi, not ${String(c.yRange)}`;
  }
  return undefined;
}
