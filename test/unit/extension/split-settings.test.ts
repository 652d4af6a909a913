import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_SETTINGS, readSettings, splitFromSettings, type Settings } from '../../../src/extension/settings/settings';
import { splitOf } from '../../../src/cli/train/options';
import { DEFAULT_CONFIG } from '../../../src/core/train/config-validate';
import { describeTune } from '../../../src/extension/runs/tune-display';
import type { TuneManifest } from '../../../src/core/tune/types';

const settings = (over: Partial<Settings>): Settings => ({ ...DEFAULT_SETTINGS, ...over });

test('the split settings build the same split as the CLI flags (one rule), and the random default records none', () => {
  assert.equal(splitFromSettings(DEFAULT_SETTINGS), undefined);
  assert.equal(splitOf({}, DEFAULT_CONFIG), undefined);
  for (const [split, flags] of [
    ['temporal', { split: 'temporal' }], ['user-random', { split: 'user-random' }],
    ['user-last', { split: 'user-last', holdout: '3' }],
  ] as const) {
    assert.deepEqual(splitFromSettings(settings({ split, holdout: 3 })), splitOf(flags, DEFAULT_CONFIG), split);
  }
  assert.deepEqual(splitFromSettings(settings({ split: 'user-last', holdout: 2, seed: 7 })), { kind: 'user-last', holdout: 2, seed: 7 });
  assert.deepEqual(splitFromSettings(settings({ split: 'temporal', validPct: 0.1 })), { kind: 'temporal', validPct: 0.1, seed: 42 });
});

test('a bad split or holdout setting is refused with the rule and replaced by the default', () => {
  const configured: Record<string, unknown> = { split: 'leave-one-out', holdout: 0 };
  const { settings: read, problems } = readSettings((k) => configured[k]);
  assert.equal(read.split, 'random');
  assert.equal(read.holdout, 1);
  assert.deepEqual(problems.map((p) => p.key), ['split', 'holdout']);
  assert.match(problems[0].message, /one of random, temporal, user-last, user-random/);
});

test('a saved sweep reads in the Runs view as its file, time, size, end and best; a damaged one says so', () => {
  const manifest = {
    version: 1, id: 't', createdAt: '2026-12-07T15:05:00.000Z', source: { file: '/w/u.data' },
    space: { kind: 'grid', spec: 'wd=0.1,0.2', count: 4 }, metric: 'rmse', folds: 1, parallel: 2, end: 'budget', seconds: 3.2,
    results: [{}, {}, {}], best: { index: 2, params: { wd: 0.1 }, value: 0.91234 },
  } as unknown as TuneManifest;
  const shown = describeTune({ dir: '/w/.collab/tunes/t', manifest });
  assert.equal(shown.label, 'u.data · 2026-12-07 15:05');
  assert.equal(shown.description, '3/4 configurations, budget reached · best rmse 0.9123');
  assert.match(shown.tooltip, /grid wd=0.1,0.2\n3 of 4 configurations in 3.2 s/);
  assert.equal(describeTune({ dir: '/w/x', error: 'The sweep in /w/x is damaged' }).description, 'cannot be read');
});
