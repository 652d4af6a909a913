/** Asking for attention as VS Code's UX guidelines say: quiet reveals, the status bar's pick, the train menu's files. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { revealQuietly } from '../../../src/extension/panels/reveal-rule';
import { trainingActions } from '../../../src/extension/training/training-actions';
import { knownRatingsFiles, showsTrainMenu } from '../../../src/extension/training/file-kinds';

test('a finished run\'s open panel is shown only where it covers nothing the person is using', () => {
  assert.equal(revealQuietly({ visible: true, column: 1, activeColumn: 2 }), false, 'already visible: nothing to do');
  assert.equal(revealQuietly({ visible: false, column: 2, activeColumn: 1 }), true, 'hidden in another group: shown there, without focus');
  assert.equal(revealQuietly({ visible: false, column: 1, activeColumn: 1 }), false, 'hidden behind the editor in use: left there');
  assert.equal(revealQuietly({ visible: false }), false, 'unknown place: left alone');
});

test('the status bar\'s pick shows the panel first and never cancels as its first choice', () => {
  const actions = trainingActions().map((a) => a.action);
  assert.deepEqual(actions, ['panel', 'cancel', 'log']);
  for (const a of trainingActions()) assert.ok(a.label.length > 0 && a.detail.length > 0);
});

test('"Train Model on This File" shows on csv/tsv/data/dat files and known ratings files, not on every .txt', () => {
  const known = knownRatingsFiles(['/w/ratings.txt', '/w/u1.base'], ['/w/live.txt', '/w/ratings.txt']);
  assert.deepEqual(known, ['/w/live.txt', '/w/ratings.txt', '/w/u1.base']);
  for (const path of ['/w/ratings.csv', '/w/R.TSV', '/w/u.data', '/w/ratings.dat', '/w/ratings.txt', '/w/u1.base', '/w/live.txt']) {
    assert.ok(showsTrainMenu(path, known), path);
  }
  for (const path of ['/w/notes.txt', '/w/readme.md', '/w/u1.test', '/w/data.json']) assert.ok(!showsTrainMenu(path, known), path);
});
