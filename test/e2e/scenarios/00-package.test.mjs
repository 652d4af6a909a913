// The package itself: the .vsix under test is within budget, holds every runtime file and nothing it
// must not, and `--install-extension` unpacked a manifest whose entry points exist.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkVsix, VSIX_BUDGET_BYTES } from '../check-vsix.mjs';
import { e2eEnv } from '../lib/workbench.mjs';

test('the .vsix is within its size budget and ships exactly the runtime files', () => {
  const { vsix } = e2eEnv();
  const { fileSize, problems } = checkVsix(vsix);
  assert.deepEqual(problems, [], `problems in ${vsix}`);
  assert.ok(fileSize <= VSIX_BUDGET_BYTES);
});

test('--install-extension unpacked Collab with its entry points', () => {
  const { extensions } = e2eEnv();
  const dir = readdirSync(extensions).find((d) => d.startsWith('collab-dev.collab-'));
  assert.ok(dir, `no collab-dev.collab-* in ${extensions}`);
  const manifest = JSON.parse(readFileSync(join(extensions, dir, 'package.json'), 'utf8'));
  assert.equal(manifest.icon, 'media/icon.png');
  for (const file of [manifest.main, 'dist/trainer.js', 'dist/webview/panel.js', manifest.icon]) {
    assert.ok(existsSync(join(extensions, dir, file)), `installed extension lacks ${file}`);
  }
});
