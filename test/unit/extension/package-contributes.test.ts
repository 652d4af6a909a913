import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CommandId, ContextKey, HOVER_COMMANDS, NodeContext, RUNS_VIEW_ID, VIEW_CONTAINER_ID } from '../../../src/extension/commands/ids';
import { TRAIN_MENU_EXTENSIONS } from '../../../src/extension/training/file-kinds';
import { DEFAULT_SETTINGS, readSettings, SETTING_KEYS, TRAINING_SETTINGS, trainConfigFromSettings } from '../../../src/extension/settings/settings';
import { DEFAULT_CONFIG } from '../../../src/trainer/defaults';
import { LAYER_RANGE, OPTION_RANGES, type NumberRange, type NumericOption } from '../../../src/core/train/config-validate';

/** The JSON-schema bounds VS Code's settings editor checks, as package.json declares them. */
interface SchemaBounds {
  type?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
}

interface ConfigurationProperty extends SchemaBounds {
  default: unknown;
  markdownDescription?: string;
  description?: string;
  enum?: unknown[];
  items?: SchemaBounds;
  minItems?: number;
}

/** The schema a validator range stands for. */
const schemaOf = (range: NumberRange): SchemaBounds => ({
  type: range.integer ? 'integer' : 'number',
  ...(range.minimum !== undefined ? { minimum: range.minimum } : {}),
  ...(range.exclusiveMinimum !== undefined ? { exclusiveMinimum: range.exclusiveMinimum } : {}),
  ...(range.exclusiveMaximum !== undefined ? { exclusiveMaximum: range.exclusiveMaximum } : {}),
});

const boundsOf = (prop: SchemaBounds): SchemaBounds => {
  const { type, minimum, maximum, exclusiveMinimum, exclusiveMaximum } = prop;
  return Object.fromEntries(Object.entries({ type, minimum, maximum, exclusiveMinimum, exclusiveMaximum }).filter(([, v]) => v !== undefined));
};

interface Pkg {
  contributes: {
    commands: { command: string; title: string; category: string }[];
    menus: Record<string, { command: string; when?: string }[]>;
    configuration: { properties: Record<string, ConfigurationProperty> };
    viewsContainers: { activitybar: { id: string; icon: string }[] };
    views: Record<string, { id: string; name: string }[]>;
  };
  activationEvents: string[];
  capabilities: { untrustedWorkspaces: { supported: unknown; description?: string } };
  extensionKind: string[];
}

const root = join(__dirname, '..', '..', '..', '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as Pkg;

test('settings: the interface, the defaults and package.json agree', () => {
  const props = pkg.contributes.configuration.properties;
  const declared = Object.keys(props).filter((k) => k.startsWith('collab.')).map((k) => k.slice('collab.'.length)).sort();
  assert.deepEqual(declared, [...SETTING_KEYS].sort());
  for (const key of SETTING_KEYS) {
    const prop = props[`collab.${key}`];
    assert.deepEqual(prop.default, DEFAULT_SETTINGS[key], `default of collab.${key}`);
    assert.ok((prop.markdownDescription ?? prop.description ?? '').length > 10, `collab.${key} has a description`);
  }
});

test('settings: defaults are the trainer\'s recipe; invalid values fall back and are reported', () => {
  assert.deepEqual(trainConfigFromSettings(DEFAULT_SETTINGS), DEFAULT_CONFIG);
  const configured: Record<string, unknown> = { epochs: 0, lr: 0.01, model: 'svd', 'hover.neighbours': 7, layers: [64, 'x'], validPct: 1 };
  const { settings, invalid } = readSettings((k) => configured[k]);
  assert.equal(settings.epochs, DEFAULT_SETTINGS.epochs);
  assert.equal(settings.lr, 0.01);
  assert.equal(settings.model, 'dot');
  assert.equal(settings['hover.neighbours'], 7);
  assert.deepEqual(settings.layers, [100, 50]);
  assert.deepEqual(invalid.sort(), ['epochs', 'layers', 'model', 'validPct']);
});

test('settings: the bounds package.json declares are the validator\'s ranges', () => {
  const props = pkg.contributes.configuration.properties;
  for (const [key, option] of Object.entries(TRAINING_SETTINGS)) {
    const prop = props[`collab.${key}`];
    if (option === 'model') {
      assert.deepEqual(prop.enum, ['dot', 'nn']);
    } else if (option === 'layers') {
      assert.equal(prop.type, 'array');
      assert.equal(prop.minItems, 1, 'collab.layers is a non-empty list');
      assert.deepEqual(boundsOf(prop.items ?? {}), schemaOf(LAYER_RANGE), 'collab.layers items');
    } else {
      assert.deepEqual(boundsOf(prop), schemaOf(OPTION_RANGES[option as NumericOption]), `bounds of collab.${key}`);
    }
  }
  // Every range of a training option the settings expose is declared (dropout and yRange have no setting).
  const covered = new Set<string>(Object.values(TRAINING_SETTINGS));
  for (const option of Object.keys(OPTION_RANGES)) {
    if (option !== 'dropout') assert.ok(covered.has(option), `${option} has a setting`);
  }
});

test('commands: every id is contributed once, titled under the Collab category, and vice versa', () => {
  const ids = Object.values(CommandId).sort();
  const contributed = pkg.contributes.commands.map((c) => c.command).sort();
  assert.deepEqual(contributed, ids);
  for (const c of pkg.contributes.commands) assert.equal(c.category, 'Collab', c.command);
  const titles = new Map(pkg.contributes.commands.map((c) => [c.command, c.title]));
  assert.equal(titles.get(CommandId.trainFile), 'Train Model on This File');
  assert.equal(titles.get(CommandId.downloadMovieLens), 'Download MovieLens 100K');
  for (const id of HOVER_COMMANDS) assert.ok(ids.includes(id));
});

test('menus: only contributed commands; explorer and editor title menus filter by extension', () => {
  const ids = new Set<string>(Object.values(CommandId));
  for (const [menu, items] of Object.entries(pkg.contributes.menus)) {
    for (const item of items) assert.ok(ids.has(item.command), `${menu}: ${item.command}`);
  }
  for (const menu of ['explorer/context', 'editor/title/context', 'editor/context', 'commandPalette']) {
    const item = pkg.contributes.menus[menu].find((i) => i.command === CommandId.trainFile);
    assert.ok(item?.when?.includes('resourceExtname'), menu);
    assert.ok(item!.when!.includes(`resourcePath in ${ContextKey.ratingsFiles}`), `${menu} shows on sniffed ratings files`);
    const [, re, flags] = /resourceExtname =~ \/(.+?)\/(i?)( |\))/.exec(item!.when!)!;
    const regex = new RegExp(re, flags);
    for (const ext of TRAIN_MENU_EXTENSIONS) assert.ok(regex.test(ext) && regex.test(ext.toUpperCase()), ext);
    for (const ext of ['.txt', '.json', '.md']) assert.ok(!regex.test(ext), `${menu} does not claim every ${ext}`);
  }
  const contexts = new Set<string>(Object.values(NodeContext));
  const itemMenus = pkg.contributes.menus['view/item/context'];
  for (const item of itemMenus) {
    const named = [...(item.when ?? '').matchAll(/viewItem == ([\w.]+)/g)].map((m) => m[1]);
    for (const n of named) assert.ok(contexts.has(n), `${n} is a NodeContext`);
  }
});

test('views, activation, trust and kind are declared', () => {
  const container = pkg.contributes.viewsContainers.activitybar.find((c) => c.id === VIEW_CONTAINER_ID);
  assert.ok(container && existsSync(join(root, container.icon)), 'activity-bar icon exists');
  const view = pkg.contributes.views[VIEW_CONTAINER_ID].find((v) => v.id === RUNS_VIEW_ID);
  assert.equal(view?.name, 'Collab Runs');
  assert.ok(!pkg.activationEvents.includes('*'), 'no eager activation');
  assert.ok(pkg.activationEvents.includes('onWebviewPanel:collab.runPanel'));
  assert.equal(pkg.capabilities.untrustedWorkspaces.supported, 'limited');
  assert.deepEqual(pkg.extensionKind, ['workspace']);
});
