/**
 * The search space of a tuning sweep: a grid (`factors=20,50 wd=0.01,0.1`), a seeded random search
 * over ranges (`lr=1e-3..1e-1:log wd=0..0.2 factors=10..200:int`), or the default grid. Every
 * configuration is checked by the one validator of training options (config-validate.ts).
 */
import type { TrainConfig } from '../run/types';
import { optionProblem, parseOptionText, validateTrainConfig, type ValidateContext } from '../train/config-validate';
import { seededRandom } from '../data/random';

import { TUNABLE, type TunableOption, type TuneParams } from './types';

export { TUNABLE, type TunableOption, type TuneParams };

/** More configurations than this need an explicit yes (`--yes`). */
export const MAX_CONFIGS_WITHOUT_YES = 1000;

/**
 * The default space, used with neither --grid nor --random: 24 configurations around the book's
 * recipe (50 factors, lr 5e-3, wd 0.1, 5 epochs). Factors and wd trade off (more factors want more
 * weight decay), and a lower one-cycle peak lr trained for longer often generalises better than the
 * recipe's (on ML-100K's u1 split a random search's best had lr 3e-3, wd 0.16 and 10 epochs), so the
 * grid spans the recipe and that direction: lr at and below 5e-3, 5 and 10 epochs, wd 0.1 and 0.2.
 */
export const DEFAULT_GRID = 'factors=50,100 wd=0.1,0.2 lr=2e-3,3e-3,5e-3 epochs=5,10';

/** A bad grid or range: the message says which parameter and why. */
export class TuneSpecError extends Error {
  override name = 'TuneSpecError';
}

export interface SpaceOptions {
  /** The config every configuration starts from (default: the validator's defaults). */
  base?: Partial<TrainConfig>;
  /** Passed to the validator (a validation file allows validPct 0). */
  context?: ValidateContext;
  /** Allows more than MAX_CONFIGS_WITHOUT_YES configurations. */
  yes?: boolean;
}

/** One configuration of a sweep. */
export interface TuneConfig {
  params: TuneParams;
  config: TrainConfig;
}

const isTunable = (name: string): name is TunableOption => (TUNABLE as readonly string[]).includes(name);

/** Splits `a=x b=y` into [name, value text] pairs, refusing unknown and repeated names. */
function terms(spec: string, what: string): [TunableOption, string][] {
  const out: [TunableOption, string][] = [];
  for (const term of spec.trim().split(/\s+/).filter(Boolean)) {
    const eq = term.indexOf('=');
    if (eq <= 0) throw new TuneSpecError(`${what} term '${term}' must be name=values (e.g. wd=0.01,0.1)`);
    const name = term.slice(0, eq);
    if (!isTunable(name)) throw new TuneSpecError(`unknown parameter '${name}' in the ${what}; tunable: ${TUNABLE.join(', ')}`);
    if (out.some(([n]) => n === name)) throw new TuneSpecError(`parameter '${name}' appears twice in the ${what}`);
    out.push([name, term.slice(eq + 1)]);
  }
  if (out.length === 0) throw new TuneSpecError(`the ${what} is empty; give at least one name=values term`);
  return out;
}

/** A value typed for `name`, checked by the validator. */
function checkedValue(name: TunableOption, text: string, context: ValidateContext): number | string {
  const value = parseOptionText(name, text) as number | string;
  const problem = optionProblem(name, value, context);
  if (problem) throw new TuneSpecError(problem);
  return value;
}

/** The list of values of one grid term (comma separated, non-empty, no repeats). */
function listValues(name: TunableOption, text: string, context: ValidateContext): (number | string)[] {
  const parts = text.split(',').map((p) => p.trim()).filter(Boolean);
  if (parts.length === 0) throw new TuneSpecError(`parameter '${name}' has an empty range; give values like ${name}=a,b`);
  const values = parts.map((p) => checkedValue(name, p, context));
  if (new Set(values).size !== values.length) throw new TuneSpecError(`parameter '${name}' repeats a value`);
  return values;
}

/** The full config of `params` over `base`, validated (a refused combination is an error). */
function configOf(params: TuneParams, options: SpaceOptions): TuneConfig {
  const { config, problems } = validateTrainConfig({ ...options.base, ...params }, options.context);
  if (problems.length) throw new TuneSpecError(problems.map((p) => p.message).join('; '));
  return { params, config };
}

function guardSize(count: number, yes: boolean | undefined): void {
  if (count > MAX_CONFIGS_WITHOUT_YES && !yes) {
    throw new TuneSpecError(`the sweep has ${count} configurations, more than ${MAX_CONFIGS_WITHOUT_YES}; pass --yes to run it anyway`);
  }
}

/** Every combination of a grid spec, in the order written (the last parameter varies fastest). */
export function parseGrid(spec: string, options: SpaceOptions = {}): TuneConfig[] {
  const context = options.context ?? {};
  const axes = terms(spec, 'grid').map(([name, text]) => [name, listValues(name, text, context)] as const);
  const count = axes.reduce((n, [, values]) => n * values.length, 1);
  guardSize(count, options.yes);
  let combos: TuneParams[] = [{}];
  for (const [name, values] of axes) combos = combos.flatMap((c) => values.map((v) => ({ ...c, [name]: v })));
  return combos.map((params) => configOf(params, options));
}

/** One term of a random spec: a range lo..hi (uniform, or :log, :int) or a list to pick from. */
type Sampler = (random: () => number) => number | string;

function samplerOf(name: TunableOption, text: string, context: ValidateContext): Sampler {
  const [range, ...flags] = text.split(':');
  const dots = range.indexOf('..');
  if (dots < 0) {
    if (flags.length) throw new TuneSpecError(`parameter '${name}': ':${flags.join(':')}' only goes with a range lo..hi`);
    const values = listValues(name, range, context);
    return (random) => values[Math.floor(random() * values.length)];
  }
  if (name === 'model') throw new TuneSpecError("parameter 'model' takes a list (model=dot,nn), not a range");
  const lo = checkedValue(name, range.slice(0, dots), context) as number;
  const hi = checkedValue(name, range.slice(dots + 2), context) as number;
  if (!(lo <= hi)) throw new TuneSpecError(`parameter '${name}' has an empty range ${lo}..${hi}; the low end must not exceed the high end`);
  for (const flag of flags) {
    if (flag !== 'log' && flag !== 'int') throw new TuneSpecError(`parameter '${name}': unknown range flag ':${flag}'; use :log or :int`);
  }
  const log = flags.includes('log');
  if (log && !(lo > 0)) throw new TuneSpecError(`parameter '${name}': a :log range needs a low end above 0 (got ${lo})`);
  const integer = flags.includes('int') || name === 'factors' || name === 'epochs' || name === 'bs';
  return (random) => {
    const u = random();
    const x = log ? Math.exp(Math.log(lo) + u * (Math.log(hi) - Math.log(lo))) : lo + u * (hi - lo);
    // Four significant digits: enough to tell configurations apart, short in a table.
    return integer ? Math.min(hi, Math.max(lo, Math.round(x))) : Number(x.toPrecision(4));
  };
}

/** `count` configurations drawn from the ranges of `spec` with a seeded generator (the same seed, the same draws). */
export function parseRandom(spec: string, count: number, seed: number, options: SpaceOptions = {}): TuneConfig[] {
  if (!(Number.isInteger(count) && count >= 1)) throw new TuneSpecError(`--random must be a whole number of configurations >= 1 (got ${count})`);
  guardSize(count, options.yes);
  const context = options.context ?? {};
  const samplers = terms(spec, 'random search').map(([name, text]) => [name, samplerOf(name, text, context)] as const);
  const random = seededRandom(seed);
  return Array.from({ length: count }, () => configOf(Object.fromEntries(samplers.map(([name, s]) => [name, s(random)])), options));
}

/** The ranges --random uses when no --ranges are given: wider than the default grid, continuous. */
export const DEFAULT_RANDOM = 'factors=20..150:int wd=0.03..0.5:log lr=1e-3..1e-2:log epochs=3..12:int';

/** A parameter set as `factors=50 wd=0.1` (the order of TUNABLE). */
export function describeParams(params: TuneParams): string {
  return TUNABLE.filter((name) => params[name] !== undefined).map((name) => `${name}=${params[name]}`).join(' ');
}
