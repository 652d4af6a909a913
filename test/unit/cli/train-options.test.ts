/**
 * One validator of training options: the command line (`collab train` flags), the `collab.*`
 * settings and the trainer refuse the same values with the same message, and accept the same ones.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseTrainArgs, UsageError } from '../../../src/cli/train/options';
import { readSettings } from '../../../src/extension/settings/settings';
import { configProblem } from '../../../src/trainer/defaults';
import { DEFAULT_CONFIG, optionTextProblem, validateTrainConfig } from '../../../src/core/train/config-validate';

interface Case {
  /** The `collab train` flag and its text. */
  flag: string;
  text: string;
  /** The `collab.*` setting and its (JSON) value. */
  setting: string;
  value: unknown;
}

// Each bad value in both forms, and the message both must give.
const BAD: (Case & { message: string })[] = [
  { flag: '--valid-pct', text: '0', setting: 'validPct', value: 0, message: 'validPct must be > 0 and < 1 (got 0)' },
  { flag: '--valid-pct', text: '1', setting: 'validPct', value: 1, message: 'validPct must be > 0 and < 1 (got 1)' },
  { flag: '--seed', text: '-1', setting: 'seed', value: -1, message: 'seed must be an integer >= 0 (got -1)' },
  { flag: '--seed', text: '1.5', setting: 'seed', value: 1.5, message: 'seed must be an integer >= 0 (got 1.5)' },
  { flag: '--layers', text: '', setting: 'layers', value: [], message: 'layers must be a non-empty list of integers >= 1 (got [])' },
  { flag: '--layers', text: '100,0', setting: 'layers', value: [100, 0], message: 'layers must be a non-empty list of integers >= 1 (got [100,0])' },
  { flag: '--factors', text: '0', setting: 'factors', value: 0, message: 'factors must be an integer >= 1 (got 0)' },
  { flag: '--epochs', text: '2.5', setting: 'epochs', value: 2.5, message: 'epochs must be an integer >= 1 (got 2.5)' },
  { flag: '--bs', text: '0', setting: 'batchSize', value: 0, message: 'bs must be an integer >= 1 (got 0)' },
  { flag: '--lr', text: '0', setting: 'lr', value: 0, message: 'lr must be > 0 (got 0)' },
  { flag: '--wd', text: '-0.1', setting: 'wd', value: -0.1, message: 'wd must be >= 0 (got -0.1)' },
  { flag: '--model', text: 'svd', setting: 'model', value: 'svd', message: "model must be 'dot' or 'nn' (got 'svd')" },
];

// Good values, at the edges of each range.
const GOOD: Case[] = [
  { flag: '--valid-pct', text: '0.01', setting: 'validPct', value: 0.01 },
  { flag: '--seed', text: '0', setting: 'seed', value: 0 },
  { flag: '--layers', text: '8', setting: 'layers', value: [8] },
  { flag: '--factors', text: '1', setting: 'factors', value: 1 },
  { flag: '--epochs', text: '5000', setting: 'epochs', value: 5000 },
  { flag: '--bs', text: '1', setting: 'batchSize', value: 1 },
  { flag: '--lr', text: '1e-6', setting: 'lr', value: 1e-6 },
  { flag: '--wd', text: '0', setting: 'wd', value: 0 },
  { flag: '--model', text: 'nn', setting: 'model', value: 'nn' },
];

/** The message `collab train` gives for these arguments (the file need not exist: no column flags). Values
 * are passed as `--flag=value`: parseArgs takes `--seed -1` for two flags. */
async function cliMessage(args: string[]): Promise<string | undefined> {
  try {
    await parseTrainArgs(['ratings.csv', ...args]);
    return undefined;
  } catch (err) {
    assert.ok(err instanceof UsageError, String(err));
    return err.message;
  }
}

const settingsMessage = (key: string, value: unknown): string | undefined =>
  readSettings((k) => (k === key ? value : undefined)).problems.find((p) => p.key === key)?.message;

for (const c of BAD) {
  test(`refused alike: ${c.flag} '${c.text}' and collab.${c.setting} ${JSON.stringify(c.value)}`, async () => {
    assert.equal(await cliMessage([`${c.flag}=${c.text}`]), c.message, 'collab train');
    assert.equal(settingsMessage(c.setting, c.value), c.message, 'readSettings');
    const read = readSettings((k) => (k === c.setting ? c.value : undefined));
    assert.deepEqual(read.invalid, [c.setting]);
  });
}

for (const c of GOOD) {
  test(`accepted alike: ${c.flag} '${c.text}' and collab.${c.setting} ${JSON.stringify(c.value)}`, async () => {
    assert.equal(await cliMessage([`${c.flag}=${c.text}`]), undefined, 'collab train');
    const read = readSettings((k) => (k === c.setting ? c.value : undefined));
    assert.deepEqual(read.problems, [], 'readSettings');
    assert.deepEqual((read.settings as unknown as Record<string, unknown>)[c.setting], c.value);
  });
}

test('the CLI reads the value it validated into the request', async () => {
  const parsed = await parseTrainArgs(['r.csv', '--layers', '64, 32', '--valid-pct', '0.1', '--seed', '0', '--y-range', '0,5.5']);
  assert.ok(parsed !== 'help');
  assert.deepEqual(parsed.request.config, { ...DEFAULT_CONFIG, layers: [64, 32], validPct: 0.1, seed: 0, yRange: [0, 5.5] });
});

test('every refused flag is reported, not only the first', async () => {
  const message = await cliMessage(['--seed=-3', '--bs', 'many']);
  assert.equal(message, "bs must be an integer >= 1 (got 'many')\nseed must be an integer >= 0 (got -3)");
});

test('with a validation file, validPct 0 is allowed (it is unused), by the CLI and by the trainer', async () => {
  assert.equal(await cliMessage(['--valid', 'u1.test', '--valid-pct', '0']), undefined);
  assert.equal(await cliMessage(['--valid', 'u1.test', '--valid-pct', '1']), 'validPct must be >= 0 and < 1 (got 1)');
  assert.equal(configProblem({ ...DEFAULT_CONFIG, validPct: 0 }, true), undefined);
  assert.equal(configProblem({ ...DEFAULT_CONFIG, validPct: 0 }), 'validPct must be > 0 and < 1 (got 0)');
});

test('the trainer and the input boxes use the same messages', () => {
  for (const c of BAD) {
    const option = c.setting === 'batchSize' ? 'bs' : c.setting;
    assert.equal(optionTextProblem(option as 'bs', c.text), c.message, `input box for ${option}`);
    const { problems } = validateTrainConfig({ [option]: c.value });
    // Hidden layers belong to the NN model: the trainer checks them on an NN config.
    const model = option === 'layers' ? { model: 'nn' as const } : {};
    assert.equal(configProblem({ ...DEFAULT_CONFIG, ...model, [option]: c.value }), problems[0].message);
  }
  assert.equal(configProblem({ ...DEFAULT_CONFIG, model: 'dot', layers: [] }), undefined, 'a dot model has no hidden layers to check');
  assert.equal(optionTextProblem('layers', '100, 50'), undefined);
  assert.equal(optionTextProblem('epochs', 'five'), "epochs must be an integer >= 1 (got 'five')");
  assert.equal(optionTextProblem('dropout', '1'), 'dropout must be >= 0 and < 1 (got 1)');
  assert.equal(optionTextProblem('yRange', '5,1'), 'yRange must be two numbers lo,hi with lo < hi (got [5,1])');
});
