import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, realpathSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseStudyMessage } from '../../../src/protocol/study';
import { parseStudyState } from '../../../src/protocol/study-validate';

test('a study webview can only ask for the actions it has, with sane values', () => {
  assert.deepEqual(parseStudyMessage({ type: 'study/ready' }), { type: 'study/ready' });
  assert.deepEqual(parseStudyMessage({ type: 'tune/resume', extra: 'ignored' }), { type: 'tune/resume' });
  assert.deepEqual(parseStudyMessage({ type: 'lr/train', lr: 0.003 }), { type: 'lr/train', lr: 0.003 });
  assert.deepEqual(parseStudyMessage({ type: 'tune/train', index: 4 }), { type: 'tune/train', index: 4 });
  for (const bad of [null, 'x', { type: 'lr/train', lr: -1 }, { type: 'lr/train', lr: Number.NaN }, { type: 'lr/train', lr: 1e9 },
    { type: 'tune/train', index: 1.5 }, { type: 'tune/train', index: '3' }, { type: 'rows/open' }, { type: '__proto__' }]) {
    assert.equal(parseStudyMessage(bad), undefined, JSON.stringify(bad));
  }
});

test('a revived tune panel reopens only a sweep folder inside the workspace, symlinks resolved', () => {
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'collab-study-')));
  const workspace = join(root, 'ws');
  const sweep = join(workspace, '.collab', 'tunes', 'tune-1');
  const outside = join(root, 'elsewhere');
  mkdirSync(sweep, { recursive: true });
  mkdirSync(outside);
  symlinkSync(outside, join(workspace, 'link'));
  const rules = { allowedRoots: [workspace], realpath: realpathSync };
  assert.equal(parseStudyState({ tuneDir: sweep }, rules), sweep);
  assert.equal(parseStudyState({ tuneDir: outside }, rules), undefined);
  assert.equal(parseStudyState({ tuneDir: join(workspace, 'link') }, rules), undefined, 'a link out of the workspace');
  assert.equal(parseStudyState({ tuneDir: 'relative/dir' }, rules), undefined);
  assert.equal(parseStudyState({ tuneDir: join(workspace, '..', 'elsewhere') }, rules), undefined);
  assert.equal(parseStudyState(undefined, rules), undefined);
});
