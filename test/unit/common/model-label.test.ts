/** One description of a run's model, used by the CLI, the Runs view, the panel title and the panel summary. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeModel } from '../../../src/cli/train/reporter';
import { modelLabel } from '../../../src/common/model-label';
import type { RunManifest } from '../../../src/core/run/types';
import { runRow } from '../../../src/extension/runs/run-display';
import { PanelQueries } from '../../../src/run-service/panel-queries';
import { manifestHead } from '../../../src/run-service/service';
import { DEFAULT_CONFIG } from '../../../src/trainer/defaults';
import { fixtureRun } from '../../browser/fixture-run';

const dot = { ...DEFAULT_CONFIG, model: 'dot' as const, factors: 50 };
const nn = { ...DEFAULT_CONFIG, model: 'nn' as const, layers: [100, 50] };

test('dot, nn, imported and config-less runs are described one way', () => {
  assert.equal(modelLabel(dot), 'dot · 50 factors');
  assert.equal(modelLabel(nn), 'nn · layers [100, 50]');
  assert.equal(modelLabel({ ...nn, layers: [8] }), 'nn · layers [8]');
  assert.equal(modelLabel(undefined, 'imported'), 'imported');
  assert.equal(modelLabel(dot, 'imported'), 'imported');
  assert.equal(modelLabel(undefined), 'unknown model');
});

test('the CLI, the Runs view and the panel title all say it with modelLabel', () => {
  for (const config of [dot, nn]) {
    const label = modelLabel(config);
    assert.ok(describeModel({ file: '/d/ratings.csv', runsDir: '/d/runs', config }).startsWith(`${label} (`), 'CLI');
    const run = fixtureRun();
    run.manifest.config = { ...run.manifest.config!, ...config };
    const manifest: RunManifest = run.manifest;
    assert.equal(runRow({ id: manifest.id, dir: '/r', manifest: manifestHead(manifest) }).model, label, 'Runs view');
    assert.equal(new PanelQueries(run).summary().title, `${manifest.id} (${label})`, 'panel title');
  }
  const imported = fixtureRun();
  imported.manifest = { ...imported.manifest, origin: 'imported', config: undefined };
  assert.equal(runRow({ id: 'i', dir: '/r', manifest: manifestHead(imported.manifest) }).model, 'imported');
  assert.equal(new PanelQueries(imported).summary().title, imported.manifest.id);
});
