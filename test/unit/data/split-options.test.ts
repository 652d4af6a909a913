/** Split options before any data is read (CLI flags, trainer requests), the split run.json records, and the folds' summary. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { splitOptionProblem } from '../../../src/core/train/config-validate';
import { DEFAULT_CONFIG } from '../../../src/core/train/config-validate';
import { splitOf, UsageError } from '../../../src/cli/train/options';
import { recordedSplit } from '../../../src/trainer/load-source';
import { summarizeFolds, FOLD_METRICS, type FoldResult } from '../../../src/core/eval/cross-validate';
import { formatManifest } from '../../../src/core/run/save';
import { parseManifest } from '../../../src/core/run/validate';
import { fixtureRun } from '../../browser/fixture-run';

test('splitOptionProblem accepts every well-formed split and refuses bad values with splitProblem\'s sentences', () => {
  for (const spec of [
    { kind: 'random', validPct: 0.2, seed: 1 }, { kind: 'temporal', validPct: 0.1, seed: 0 }, { kind: 'user-last', holdout: 3, seed: 2 },
    { kind: 'user-random', validPct: 0.5, seed: 3 }, { kind: 'random', folds: 5, fold: 4, seed: 4 },
  ] as const) assert.equal(splitOptionProblem(spec), undefined, JSON.stringify(spec));
  assert.equal(splitOptionProblem({ kind: 'file', seed: 1 }, { validFile: true }), undefined);
  assert.match(splitOptionProblem({ kind: 'file', seed: 1 }) ?? '', /split 'file' needs a validation file/);
  assert.match(splitOptionProblem({ kind: 'diagonal' as never, seed: 1 }) ?? '', /unknown split 'diagonal'/);
  assert.match(splitOptionProblem({ kind: 'temporal', seed: 1 }, { validFile: true }) ?? '', /a validation file was given, so the split is 'file', not 'temporal'/);
  assert.match(splitOptionProblem({ kind: 'temporal', validPct: 1, seed: 1 }) ?? '', /valid-pct must be between 0 and 1 \(both excluded\) for split 'temporal', not 1/);
  assert.match(splitOptionProblem({ kind: 'user-last', holdout: 1.5, seed: 1 }) ?? '', /holdout must be a whole number of ratings, at least 1, not 1.5/);
  assert.match(splitOptionProblem({ kind: 'temporal', folds: 3, seed: 1 }) ?? '', /cannot be combined with split 'temporal'/);
  assert.match(splitOptionProblem({ kind: 'random', seed: -1 }) ?? '', /seed must be an integer >= 0 \(got -1\)/);
});

test('the CLI\'s split flags become a SplitSpec, or a usage error', () => {
  const config = { ...DEFAULT_CONFIG, validPct: 0.3, seed: 9 };
  assert.equal(splitOf({}, config), undefined);
  assert.deepEqual(splitOf({ valid: 'u1.test' }, config), { kind: 'file', seed: 9 });
  assert.deepEqual(splitOf({ split: 'temporal' }, config), { kind: 'temporal', validPct: 0.3, seed: 9 });
  assert.deepEqual(splitOf({ split: 'user-last' }, config), { kind: 'user-last', holdout: 1, seed: 9 });
  assert.deepEqual(splitOf({ split: 'user-last', holdout: '4' }, config), { kind: 'user-last', holdout: 4, seed: 9 });
  assert.deepEqual(splitOf({ folds: '5' }, config), { kind: 'random', folds: 5, fold: 0, seed: 9 });
  assert.throws(() => splitOf({ split: 'temporal', holdout: '2' }, config), (e: Error) => e instanceof UsageError && /--holdout .* user-last/.test(e.message));
  assert.throws(() => splitOf({ folds: '3', valid: 'x.csv' }, config), /cannot be combined with --valid/);
  assert.throws(() => splitOf({ folds: 'three' }, config), /folds must be a whole number, at least 2, not three/);
  assert.throws(() => splitOf({ split: 'user-last', holdout: 'x' }, config), /holdout must be a whole number of ratings, at least 1, not x/);
});

test('run.json records the split asked for, or today\'s default, with the validation file\'s path', () => {
  const config = { ...DEFAULT_CONFIG, validPct: 0.25, seed: 3 };
  const base = { file: '/d/r.csv', config };
  assert.deepEqual(recordedSplit(base), { kind: 'random', validPct: 0.25, seed: 3, description: 'random: 25% of rows for validation (seed 3)' });
  assert.deepEqual(recordedSplit({ ...base, validFile: '/d/v.csv' }),
    { kind: 'file', seed: 3, file: '/d/v.csv', description: 'validation rows from a separate file' });
  const temporal = recordedSplit({ ...base, split: { kind: 'temporal', validPct: 0.1, seed: 3 } });
  assert.equal(temporal.kind, 'temporal');
  assert.match(temporal.description ?? '', /latest 10% of rows by timestamp/);
});

test('a manifest with a split loads; a malformed split is refused as damage', () => {
  // as the history test does: the fixture's tensors are the panels' own, not a dot model's
  const manifest = { ...fixtureRun().manifest, origin: 'imported' as const, config: undefined };
  const split = { kind: 'user-last' as const, holdout: 2, seed: 1, description: 'user-last' };
  assert.deepEqual(parseManifest('/r', formatManifest({ ...manifest, split })).split, split);
  assert.equal(parseManifest('/r', formatManifest(manifest)).split, undefined, 'older runs have none');
  for (const bad of [{ kind: 'random' }, { kind: 'random', seed: 1, holdout: 'two' }, { kind: 'file', seed: 1, file: 3 }, 'random']) {
    assert.throws(() => parseManifest('/r', formatManifest({ ...manifest, split: bad as never })), /is damaged: its split/);
  }
});

test('the folds\' summary: each metric\'s mean and population standard deviation', () => {
  const fold = (f: number, rmse: number): FoldResult => ({
    fold: f, trainRows: 2, validRows: 1, epochs: [], seconds: 0,
    metrics: Object.fromEntries(FOLD_METRICS.map((m) => [m, m === 'rmse' ? rmse : 1])) as FoldResult['metrics'],
  });
  const { mean, std } = summarizeFolds([fold(0, 1), fold(1, 2), fold(2, 3), fold(3, 4)]);
  assert.equal(mean.rmse, 2.5);
  assert.equal(std.rmse, Math.sqrt(1.25));
  assert.equal(mean.ndcg, 1);
  assert.equal(std.ndcg, 0);
});
