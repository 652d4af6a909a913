/**
 * The one validator of training options. The CLI's flags, the `collab.*` settings, the "Train Model
 * with Options..." input boxes and the trainer process all check a TrainConfig here, so a value is
 * accepted or refused with the same message wherever it is typed.
 */
import type { ModelKind, TrainConfig } from '../run/types';
import { DEFAULT_HOLDOUT, splitProblem, type SplitKind, type SplitSpec } from '../data/splits';

/** fastai's collab recipe from the book: 5 epochs, lr 5e-3, wd 0.1, bs 64, 50 factors, layers [100, 50]. */
export const DEFAULT_CONFIG: Readonly<TrainConfig> = {
  model: 'dot', factors: 50, layers: [100, 50], dropout: 0, epochs: 5, lr: 5e-3, wd: 0.1, bs: 64, validPct: 0.2, seed: 42,
};

/** A training option, by its TrainConfig name. */
export type TrainOption = keyof TrainConfig;

/** The range of a numeric option (the same bounds package.json declares for the settings). */
export interface NumberRange {
  integer: boolean;
  minimum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
}

/** Options that are one number, with their ranges. */
export type NumericOption = 'factors' | 'dropout' | 'epochs' | 'lr' | 'wd' | 'bs' | 'validPct' | 'seed';

/** Each numeric option's range. validPct is (0, 1) for a random split; see VALID_PCT_WITH_VALID_FILE. */
export const OPTION_RANGES: Readonly<Record<NumericOption, NumberRange>> = {
  factors: { integer: true, minimum: 1 },
  dropout: { integer: false, minimum: 0, exclusiveMaximum: 1 },
  epochs: { integer: true, minimum: 1 },
  lr: { integer: false, exclusiveMinimum: 0 },
  wd: { integer: false, minimum: 0 },
  bs: { integer: true, minimum: 1 },
  validPct: { integer: false, exclusiveMinimum: 0, exclusiveMaximum: 1 },
  seed: { integer: true, minimum: 0 },
};

/** With an explicit validation file validPct is unused, so 0 is allowed (it is still a share below 1). */
export const VALID_PCT_WITH_VALID_FILE: NumberRange = { integer: false, minimum: 0, exclusiveMaximum: 1 };

/** The range of each hidden layer size; `layers` is a non-empty list of them. */
export const LAYER_RANGE: NumberRange = { integer: true, minimum: 1 };

/** What a config is checked against besides its own values. */
export interface ValidateContext {
  /** A validation file replaces the random split (then validPct may be 0). */
  validFile?: boolean;
}

/** One refused value. */
export interface TrainConfigProblem {
  option: TrainOption;
  /** e.g. "validPct must be > 0 and < 1 (got 0)". */
  message: string;
}

/** "an integer >= 1", "> 0 and < 1": the words of a range. */
export function describeRange(range: NumberRange): string {
  const bounds = [
    range.minimum !== undefined ? `>= ${range.minimum}` : undefined,
    range.exclusiveMinimum !== undefined ? `> ${range.exclusiveMinimum}` : undefined,
    range.exclusiveMaximum !== undefined ? `< ${range.exclusiveMaximum}` : undefined,
  ].filter((b): b is string => b !== undefined).join(' and ');
  return range.integer ? `an integer${bounds ? ` ${bounds}` : ''}` : bounds || 'a finite number';
}

/** True when `value` is a number inside `range`. */
export function inRange(value: unknown, range: NumberRange): value is number {
  if (typeof value !== 'number' || !Number.isFinite(value)) return false;
  if (range.integer && !Number.isInteger(value)) return false;
  if (range.minimum !== undefined && value < range.minimum) return false;
  if (range.exclusiveMinimum !== undefined && value <= range.exclusiveMinimum) return false;
  return !(range.exclusiveMaximum !== undefined && value >= range.exclusiveMaximum);
}

/** How a refused value is quoted: numbers as typed, text in quotes, lists as JSON. */
function shown(value: unknown): string {
  if (typeof value === 'string') return `'${value}'`;
  if (typeof value === 'number') return String(value);
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

const isModel = (v: unknown): v is ModelKind => v === 'dot' || v === 'nn';
const isLayers = (v: unknown): v is number[] => Array.isArray(v) && v.length > 0 && v.every((n) => inRange(n, LAYER_RANGE));
const isYRange = (v: unknown): v is [number, number] =>
  Array.isArray(v) && v.length === 2 && v.every((n) => typeof n === 'number' && Number.isFinite(n)) && v[0] < v[1];

/** The rule an option's value must follow, as the middle of its message. */
function ruleOf(option: TrainOption, context: ValidateContext): { ok: (v: unknown) => boolean; rule: string } {
  switch (option) {
    case 'model': return { ok: isModel, rule: "'dot' or 'nn'" };
    case 'layers': return { ok: isLayers, rule: `a non-empty list of integers >= ${LAYER_RANGE.minimum}` };
    case 'yRange': return { ok: isYRange, rule: 'two numbers lo,hi with lo < hi' };
    default: {
      const range = option === 'validPct' && context.validFile ? VALID_PCT_WITH_VALID_FILE : OPTION_RANGES[option];
      return { ok: (v) => inRange(v, range), rule: describeRange(range) };
    }
  }
}

/** The message for one option's value, or undefined when it is valid. */
export function optionProblem(option: TrainOption, value: unknown, context: ValidateContext = {}): string | undefined {
  const { ok, rule } = ruleOf(option, context);
  return ok(value) ? undefined : `${option} must be ${rule} (got ${shown(value)})`;
}

/**
 * Checks every given option (undefined or null ones take the default) and returns the config:
 * the defaults with each valid value in place, plus one problem per refused value.
 */
export function validateTrainConfig(partial: Partial<Record<TrainOption, unknown>>, context: ValidateContext = {}):
{ config: TrainConfig; problems: TrainConfigProblem[] } {
  const config: TrainConfig = { ...DEFAULT_CONFIG, layers: [...DEFAULT_CONFIG.layers] };
  const problems: TrainConfigProblem[] = [];
  for (const option of Object.keys(partial) as TrainOption[]) {
    const value = partial[option];
    if (value === undefined || value === null) continue;
    const message = optionProblem(option, value, context);
    if (message) problems.push({ option, message });
    else Object.assign(config, { [option]: Array.isArray(value) ? [...value] : value });
  }
  return { config, problems };
}

/**
 * Reads an option typed as text (a command-line flag, an input box): numbers as numbers, lists
 * split on commas or spaces. Text that is not a number stays text, so the message quotes it.
 */
export function parseOptionText(option: TrainOption, text: string): unknown {
  const trimmed = text.trim();
  const number = (part: string): number | string => (part !== '' && Number.isFinite(Number(part)) ? Number(part) : part);
  if (option === 'model') return trimmed;
  if (option === 'layers') return trimmed.split(/[\s,]+/).filter(Boolean).map(number);
  if (option === 'yRange') return trimmed.split(',').map((part) => number(part.trim()));
  return number(trimmed);
}

/** The message for an option typed as text, or undefined when it is valid (input boxes' validateInput). */
export function optionTextProblem(option: TrainOption, text: string, context: ValidateContext = {}): string | undefined {
  return optionProblem(option, parseOptionText(option, text), context);
}

/**
 * The split of `kind` as the CLI's flags and the extension's settings choose it: the config's
 * validation share and seed, `holdout` for user-last (default DEFAULT_HOLDOUT), `folds` for K-fold
 * cross-validation of random rows (then the share does not apply). Check it with splitOptionProblem.
 */
export function splitSpecOf(kind: SplitKind, config: Pick<TrainConfig, 'validPct' | 'seed'>, extra: { holdout?: number; folds?: number } = {}): SplitSpec {
  const share = (kind === 'random' || kind === 'temporal' || kind === 'user-random') && extra.folds === undefined;
  return {
    kind, seed: config.seed,
    ...(share ? { validPct: config.validPct } : {}),
    ...(kind === 'user-last' ? { holdout: extra.holdout ?? DEFAULT_HOLDOUT } : extra.holdout !== undefined ? { holdout: extra.holdout } : {}),
    ...(extra.folds !== undefined ? { folds: extra.folds, fold: 0 } : {}),
  };
}

/**
 * What is wrong with a split before any data is read (its kind, valid-pct, holdout, folds; the
 * same sentences as splitProblem), or undefined. Whether the file has a timestamp column or
 * enough rows for the folds is checked once it is read (splitProblem against the table).
 */
export function splitOptionProblem(spec: SplitSpec, context: ValidateContext = {}): string | undefined {
  if (context.validFile && spec.kind !== 'file') return `a validation file was given, so the split is 'file', not '${spec.kind}'`;
  if (!inRange(spec.seed, OPTION_RANGES.seed)) return `seed must be ${describeRange(OPTION_RANGES.seed)} (got ${shown(spec.seed)})`;
  // A table with every column and no limit on rows: only the spec's own values can be at fault.
  return splitProblem(spec, { n: Number.MAX_SAFE_INTEGER, timestamps: new Float64Array(0) }, context.validFile ?? false);
}
