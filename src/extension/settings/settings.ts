/**
 * The `collab.*` settings: one interface mirroring package.json's `contributes.configuration`, the
 * defaults (a unit test checks they match package.json), and a pure reader that validates values.
 * Training settings are checked by core's validator, the one the command line and trainer use.
 */
import type { ModelKind, TrainConfig } from '../../core/run/types';
import type { SplitSpec } from '../../core/data/split-spec';
import { DEFAULT_HOLDOUT } from '../../core/data/splits';
import { DEFAULT_CONFIG, optionProblem, splitOptionProblem, splitSpecOf, type TrainOption } from '../../core/train/config-validate';
import { DEFAULT_RUNS_FOLDER } from '../../core/run/location';
import { DEFAULT_NEIGHBOUR_MIN_COUNT, MAX_NEIGHBOUR_MIN_COUNT } from '../../core/analysis/min-count';

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
  /** How validation rows are chosen (the CLI's --split; a validation file is chosen per run, not here). */
  split: SettingsSplit;
  /** Ratings held out per user by the user-last split (the CLI's --holdout). */
  holdout: number;
  runsFolder: string;
  movieLensUrl: string;
  'hover.enabled': boolean;
  'hover.neighbours': number;
  /** Also show a run's progress in a notification (the status bar and the Runs view always show it). */
  showProgressNotification: boolean;
  /** Neighbours (panel, hover, Find Similar) need at least this many training ratings (core's rule). */
  'neighbours.minCount': number;
}

/** The splits a setting can choose. */
export const SETTINGS_SPLITS = ['random', 'temporal', 'user-last', 'user-random'] as const;
export type SettingsSplit = (typeof SETTINGS_SPLITS)[number];

/** The configuration section, i.e. the settings' prefix. */
export const SETTINGS_SECTION = 'collab';

/** The official MovieLens 100K archive on GroupLens' files host. */
export const OFFICIAL_MOVIELENS_URL = 'https://files.grouplens.org/datasets/movielens/ml-100k.zip';

/** Defaults: the fastai book's collaborative-filtering recipe (core's DEFAULT_CONFIG) and core's runs folder. */
export const DEFAULT_SETTINGS: Readonly<Settings> = {
  model: DEFAULT_CONFIG.model,
  factors: DEFAULT_CONFIG.factors,
  layers: [...DEFAULT_CONFIG.layers],
  epochs: DEFAULT_CONFIG.epochs,
  lr: DEFAULT_CONFIG.lr,
  wd: DEFAULT_CONFIG.wd,
  batchSize: DEFAULT_CONFIG.bs,
  validPct: DEFAULT_CONFIG.validPct,
  seed: DEFAULT_CONFIG.seed,
  split: 'random',
  holdout: DEFAULT_HOLDOUT,
  runsFolder: DEFAULT_RUNS_FOLDER,
  movieLensUrl: OFFICIAL_MOVIELENS_URL,
  'hover.enabled': true,
  'hover.neighbours': 5,
  showProgressNotification: false,
  'neighbours.minCount': DEFAULT_NEIGHBOUR_MIN_COUNT,
};

/** Names of every setting, in declaration order. */
export const SETTING_KEYS = Object.keys(DEFAULT_SETTINGS) as (keyof Settings)[];

/** The training settings and the TrainConfig option each one sets (batchSize is fastai's bs). */
export const TRAINING_SETTINGS = {
  model: 'model', factors: 'factors', layers: 'layers', epochs: 'epochs', lr: 'lr', wd: 'wd',
  batchSize: 'bs', validPct: 'validPct', seed: 'seed',
} as const satisfies Partial<Record<keyof Settings, TrainOption>>;

type TrainingSetting = keyof typeof TRAINING_SETTINGS;
type OtherSetting = Exclude<keyof Settings, TrainingSetting>;

const isTrainingSetting = (key: keyof Settings): key is TrainingSetting => key in TRAINING_SETTINGS;

/** The settings that are not training options, each with the message for a value it refuses. */
const otherChecks: { [K in OtherSetting]: { ok: (value: unknown) => boolean; rule: string } } = {
  split: { ok: (v) => (SETTINGS_SPLITS as readonly unknown[]).includes(v), rule: `one of ${SETTINGS_SPLITS.join(', ')}` },
  holdout: {
    ok: (v) => typeof v === 'number' && !splitOptionProblem({ kind: 'user-last', holdout: v, seed: 0 }),
    rule: 'a whole number of ratings >= 1',
  },
  runsFolder: { ok: (v) => typeof v === 'string' && v.trim().length > 0, rule: 'a folder path' },
  movieLensUrl: { ok: (v) => typeof v === 'string' && /^https?:\/\/\S+$/.test(v), rule: 'an http(s) URL' },
  'hover.enabled': { ok: (v) => typeof v === 'boolean', rule: 'true or false' },
  'hover.neighbours': { ok: (v) => typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 50, rule: 'an integer >= 0 and <= 50' },
  showProgressNotification: { ok: (v) => typeof v === 'boolean', rule: 'true or false' },
  'neighbours.minCount': {
    ok: (v) => typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= MAX_NEIGHBOUR_MIN_COUNT, rule: `an integer >= 0 and <= ${MAX_NEIGHBOUR_MIN_COUNT}`,
  },
};

/** The message for a setting's value, or undefined when it is valid (training settings: core's validator's message). */
export function settingProblem(key: keyof Settings, value: unknown): string | undefined {
  if (isTrainingSetting(key)) return optionProblem(TRAINING_SETTINGS[key], value);
  const { ok, rule } = otherChecks[key];
  return ok(value) ? undefined : `${key} must be ${rule} (got ${JSON.stringify(value) ?? String(value)})`;
}

/** One refused setting and why. */
export interface SettingProblem {
  key: keyof Settings;
  message: string;
}

/** A settings snapshot plus the settings whose configured value was invalid (and replaced by the default). */
export interface ReadSettings {
  settings: Settings;
  invalid: (keyof Settings)[];
  /** Why each invalid setting was refused, in the validator's words. */
  problems: SettingProblem[];
}

/** Reads every setting through `get` (e.g. a WorkspaceConfiguration), falling back to defaults. */
export function readSettings(get: (key: string) => unknown): ReadSettings {
  const settings = { ...DEFAULT_SETTINGS, layers: [...DEFAULT_SETTINGS.layers] } as Settings;
  const problems: SettingProblem[] = [];
  for (const key of SETTING_KEYS) {
    const value = get(key);
    if (value === undefined || value === null) continue;
    const message = settingProblem(key, value);
    if (message) problems.push({ key, message });
    else Object.assign(settings, { [key]: Array.isArray(value) ? [...value] : value });
  }
  return { settings, invalid: problems.map((p) => p.key), problems };
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

/**
 * The split the settings choose, built and checked by core's rules (the CLI's --split and --holdout);
 * undefined for the default random split, which the trainer builds from validPct and seed as before.
 */
export function splitFromSettings(settings: Settings): SplitSpec | undefined {
  if (settings.split === 'random') return undefined;
  return splitSpecOf(settings.split, { validPct: settings.validPct, seed: settings.seed }, settings.split === 'user-last' ? { holdout: settings.holdout } : {});
}
