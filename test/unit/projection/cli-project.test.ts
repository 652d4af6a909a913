/** `collab project`: CSV of every method's coordinates, seeded, custom axes from the command line, usage errors. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import command from '../../../src/cli/commands/project';
import { runCli } from '../analysis/run-cli';
import { savedFixture } from '../run-service/saved-fixture';

test('project writes index,label,x,y,... for each method; the same seed gives the same file', async (t) => {
  const { dir } = await savedFixture({ items: 120, users: 60 });
  for (const method of ['pca', 'umap', 'tsne']) {
    const out = join(dir, `${method}.csv`);
    const r = await runCli(t, command, [dir, '--method', method, '--top', '80', '--seed', '3', '--out', out]);
    assert.equal(r.code, 0, r.err);
    const lines = readFileSync(out, 'utf8').trim().split('\n');
    assert.equal(lines[0], 'index,label,x,y,bias,count,mean,year', 'the metadata columns follow (here the year in the fixture\'s titles)');
    assert.equal(lines.length, 81);
    assert.match(r.err, new RegExp(`${method}: 80 items`));
    if (method !== 'pca') {
      const again = join(dir, `${method}-again.csv`);
      await runCli(t, command, [dir, '--method', method, '--top', '80', '--seed', '3', '--out', again]);
      assert.equal(readFileSync(again, 'utf8'), readFileSync(out, 'utf8'));
    }
  }
});

test('custom axes from the command line: search and titles sets, y as a component; errors are usage errors', async (t) => {
  const { dir, run } = await savedFixture({ items: 120, users: 60 });
  const out = join(dir, 'custom.csv');
  const titles = run.manifest.vocab.items.slice(5, 8).join(';');
  const r = await runCli(t, command, [dir, '--method', 'custom', '--from', 'western', '--to', `titles:${titles}`, '--y-pc', '2', '--out', out]);
  assert.equal(r.code, 0, r.err);
  assert.match(r.err, /x = "western" \(\d+\) → 3 titles \(3\), y = PC2/);
  assert.equal((await runCli(t, command, [dir, '--method', 'custom', '--from', 'western'])).code, 2);
  assert.equal((await runCli(t, command, [dir, '--method', 'lda'])).code, 2);
  const noGenres = await runCli(t, command, [dir, '--method', 'custom', '--from', 'metadata:genres=Drama', '--to', 'western', '--out', join(dir, 'm.csv')]);
  assert.equal(noGenres.code, 0, noGenres.err);
  assert.match(noGenres.err, /genres = Drama \(0\)[\s\S]*one of its sets matched nothing/, 'a metadata set this run has no rows for is said, not fatal');
});
