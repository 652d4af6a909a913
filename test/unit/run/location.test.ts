/** Where runs live: one rule, `<root>/.collab/runs`, with an override relative to root or absolute. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join, resolve } from 'node:path';
import { DEFAULT_RUNS_FOLDER, runsDirIn } from '../../../src/core/run/location';
import { cliRunsDir } from '../../../src/cli/runs-folder';
import { DEFAULT_SETTINGS } from '../../../src/extension/settings/settings';

const root = resolve('/work', 'project');

test('the default runs folder is .collab/runs under the root, for the CLI and the extension alike', () => {
  assert.equal(runsDirIn(root), join(root, '.collab', 'runs'));
  assert.equal(DEFAULT_SETTINGS.runsFolder, DEFAULT_RUNS_FOLDER);
  assert.equal(runsDirIn(root, DEFAULT_SETTINGS.runsFolder), runsDirIn(root));
  assert.equal(cliRunsDir(undefined, root), runsDirIn(root));
});

test('an override is relative to the root, or absolute; a blank one is the default', () => {
  assert.equal(runsDirIn(root, 'models'), join(root, 'models'));
  assert.equal(runsDirIn(root, '../shared/runs'), resolve(root, '..', 'shared', 'runs'));
  const elsewhere = resolve('/tmp', 'runs');
  assert.equal(runsDirIn(root, elsewhere), elsewhere);
  assert.equal(cliRunsDir(elsewhere, root), elsewhere);
  assert.equal(runsDirIn(root, '  '), runsDirIn(root));
});
