/**
 * The `collab.*` settings: one interface mirroring package.json's `contributes.configuration`, the
 * defaults (a unit test checks they match package.json), and a pure reader that validates values.
 */
import type { ModelKind, TrainConfig } from '../../core/run/types';

/** Every `collab.*` setting, keyed exactly as in package.json (without the `collab.` prefix). */
export interface Settings {
  model: ModelKind;
  factors: number;
  layers: number[];
  epochs: number;
  lr: number;
  wd: number;
  batchSize: number;
  validPct: number;
  seed: number;
  runsFolder: string;
  movieLensUrl: string;
  'hover.enabled': boolean;
  'hover.neighbours': number;
}

/** The configuration section, i.e. the settings' prefix. */
export const SETTINGS_SECTION = 'collab';

/** The official MovieLens 100K archive on GroupLens' files host. */
export const OFFICIAL_MOVIELENS_URL = 'https://files.grouplens.org/datasets/movielens/ml-100k.zip';

/** Defaults: the fastai book's collaborative-filtering recipe (5 epochs, lr 5e-3, wd 0.1, 50 factors). */
export const DEFAULT_SETTINGS: Readonly<Settings> = {
  model: 'dot',
  factors: 50,
  layers: [100, 50],
  epochs: 5,
  lr: 5e-3,
  wd: 0.1,
  batchSize: 64,
  validPct: 0.2,
  seed: 42,
  runsFolder: '.collab/runs',
  movieLensUrl: OFFICIAL_MOVIELENS_URL,
  'hover.enabled': true,
  'hover.neighbours': 5,
};

/** Names of every setting, in declaration order. */
export const SETTING_KEYS = Object.keys(DEFAULT_SETTINGS) as (keyof Settings)[];

type Check<K extends keyof Settings> = (value: unknown) => value is Settings[K];

const isPositiveInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v > 0;
const isNonNegativeInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;
const isPositive = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v > 0;
const isNonNegative = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0;
const isText = (v: unknown): v is string => typeof v === 'string' && v.trim().length > 0;

const checks: { [K in keyof Settings]: Check<K> } = {
  model: (v): v is ModelKind => v === 'dot' || v === 'nn',
  factors: isPositiveInt,
  layers: (v): v is number[] => Array.isArray(v) && v.length > 0 && v.every(isPositiveInt),
  epochs: isPositiveInt,
  lr: isPositive,
  wd: isNonNegative,
  batchSize: isPositiveInt,
  validPct: (v): v is number => typeof v === 'number' && v > 0 && v < 1,
  seed: isNonNegativeInt,
  runsFolder: isText,
  movieLensUrl: (v): v is string => typeof v === 'string' && /^https?:\/\/\S+$/.test(v),
  'hover.enabled': (v): v is boolean => typeof v === 'boolean',
  'hover.neighbours': (v): v is number => isNonNegativeInt(v) && v <= 50,
};

/** A settings snapshot plus the keys whose configured value was invalid (and replaced by the default). */
export interface ReadSettings {
  settings: Settings;
  invalid: (keyof Settings)[];
}

/** Reads every setting through `get` (e.g. a WorkspaceConfiguration), falling back to defaults. */
export function readSettings(get: (key: string) => unknown): ReadSettings {
  const settings = { ...DEFAULT_SETTINGS } as Settings;
  const invalid: (keyof Settings)[] = [];
  const set = <K extends keyof Settings>(key: K): void => {
    const value = get(key);
    if (value === undefined || value === null) return;
    if (checks[key](value)) settings[key] = value;
    else invalid.push(key);
  };
  for (const key of SETTING_KEYS) set(key);
  return { settings, invalid };
}

/** The training configuration the settings describe (fastai names). */
export function trainConfigFromSettings(settings: Settings): TrainConfig {
  return {
    model: settings.model,
    factors: settings.factors,
    layers: [...settings.layers],
    dropout: 0,
    epochs: settings.epochs,
    lr: settings.lr,
    wd: settings.wd,
    bs: settings.batchSize,
    validPct: settings.validPct,
    seed: settings.seed,
  };
}

/** Validators for the "Train Model with Options..." input boxes; undefined means valid. */
export function validateSetting<K extends keyof Settings>(key: K, value: unknown): string | undefined {
  return checks[key](value) ? undefined : `Not a valid value for collab.${key}.`;
}
