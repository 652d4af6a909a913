import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { saveRun } from '../../../src/core/run/save';
import recommend, { parseRate } from '../../../src/cli/commands/recommend';
import questionnaireCommand from '../../../src/cli/commands/questionnaire';
import { plantedRun } from './planted-run';
import { runCli } from './run-cli';

const planted = plantedRun();

const run = runCli;

async function save(root: string, id: string, tensors: string[], origin: 'trained' | 'imported' = 'trained'): Promise<string> {
  const { version: _v, id: _i, tensors: _t, ...manifest } = planted.run.manifest;
  const saved = await saveRun(join(root, '.collab', 'runs'), {
    id, manifest: { ...manifest, origin, ...(origin === 'imported' ? { config: undefined } : {}) },
    tensors: [...planted.run.tensors].filter(([name]) => tensors.includes(name)).map(([name, t]) => ({ name, ...t })),
  });
  return saved.dir;
}

test('--rate parses TITLE=RATING at the last =', () => {
  assert.deepEqual(parseRate('Toy Story (1995)=5'), { item: 'Toy Story (1995)', rating: 5 });
  assert.deepEqual(parseRate('A=B (2000) = 3.5'), { item: 'A=B (2000)', rating: 3.5 });
  assert.throws(() => parseRate('Toy Story'), /TITLE=RATING/);
  assert.throws(() => parseRate('Toy Story=great'), /TITLE=RATING/);
});

test('collab recommend --rate and collab questionnaire: tables, --explain, --json and clear errors', async (t) => {
  const root = mkdtempSync(join(tmpdir(), 'collab-cold-'));
  try {
    const dir = await save(root, 'planted', ['userWeight', 'itemWeight', 'userBias', 'itemBias']);
    const rates = ['--rate', 'Western 1 (1990)=5', '--rate', 'Western 2 (1991)=5', '--rate', 'Space Opera 1 (1990)=1'];
    const r = await run(t, recommend, [dir, ...rates, '-k', '3', '--min-count', '0', '--explain']);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /Top 3 for you, from 3 ratings/);
    assert.match(r.out, /Why:\n1\. .*: because you rated .*offset .* item .* user .* taste = \d\.\d\d/);
    const json = JSON.parse((await run(t, recommend, [dir, ...rates, '--json'])).out);
    assert.equal(json.kind, 'fold-in');
    assert.equal(json.items.length, 10);
    for (const item of json.items) assert.ok(!['Western 1 (1990)', 'Western 2 (1991)', 'Space Opera 1 (1990)'].includes(item.label));
    // the existing USER form still works
    const known = await run(t, recommend, [dir, 'u1', '-k', '2']);
    assert.equal(known.code, 0);
    assert.match(known.out, /Top 2 for user u1/);

    const unknown = await run(t, recommend, [dir, '--rate', 'Westrn 1 (1990)=4']);
    assert.equal(unknown.code, 1);
    assert.match(unknown.err, /No item is exactly 'Westrn 1 \(1990\)'\. Did you mean: Western 1 \(1990\)/);
    const off = await run(t, recommend, [dir, '--rate', 'Western 1 (1990)=6']);
    assert.match(off.err, /outside this run's rating scale 1-5/);
    const twice = await run(t, recommend, [dir, '--rate', 'Western 1 (1990)=4', '--rate', '#1=2']);
    assert.match(twice.err, /rated twice/);
    const usage = await run(t, recommend, [dir, '--rate', 'Western 1 (1990)']);
    assert.equal(usage.code, 2);

    // Imported factors without biases: recommendations, and a clear word that there are no bias terms.
    const bare = await save(root, 'bare', ['userWeight', 'itemWeight'], 'imported');
    const b = await run(t, recommend, [bare, ...rates, '-k', '2', '--explain']);
    assert.equal(b.code, 0, b.err);
    assert.match(b.out, /no item biases \(imported factors\): the prediction has no bias terms/);

    // Profiles: save, reopen (with a --rate replacing one of its ratings), and clear errors for missing or damaged ones.
    const runs = join(root, '.collab', 'runs');
    const saved = await run(t, recommend, [dir, ...rates, '--runs', runs, '--save-profile', 'me', '-k', '2']);
    assert.equal(saved.code, 0, saved.err);
    const profile = JSON.parse(readFileSync(join(root, '.collab', 'profiles', 'me.json'), 'utf8'));
    assert.deepEqual(profile.ratings.map((r: { item: string; rating: number }) => [r.item, r.rating]), [['Western 1 (1990)', 5], ['Western 2 (1991)', 5], ['Space Opera 1 (1990)', 1]]);
    assert.equal(profile.ratings[0].id, '101', 'the raw id is kept beside the title');
    const again = JSON.parse((await run(t, recommend, [dir, '--runs', runs, '--profile', 'me', '--rate', 'Space Opera 1 (1990)=2', '--json'])).out);
    assert.deepEqual(again.rated.map((r: { label: string; rating: number }) => [r.label, r.rating]), [['Western 1 (1990)', 5], ['Western 2 (1991)', 5], ['Space Opera 1 (1990)', 2]]);
    await assert.rejects(run(t, recommend, [dir, '--runs', runs, '--profile', 'nobody']), /No profile .*nobody\.json/);
    writeFileSync(join(root, '.collab', 'profiles', 'bad.json'), '{"version":1,"name":"bad","ratings":[{"item":"x"}]}');
    await assert.rejects(run(t, recommend, [dir, '--runs', runs, '--profile', 'bad']), /profile .*bad\.json is damaged: rating 1 needs "item"/);
    writeFileSync(join(root, '.collab', 'profiles', 'cut.json'), '{"version":1,"na');
    await assert.rejects(run(t, recommend, [dir, '--runs', runs, '--profile', 'cut']), /is damaged: it is not JSON/);
    assert.equal((await run(t, recommend, [dir, ...rates, '--runs', runs, '--save-profile', '../evil'])).code, 2);

    const q = await run(t, questionnaireCommand, [dir, '-n', '4']);
    assert.equal(q.code, 0, q.err);
    assert.match(q.out, /Rate these \(1-5\):/);
    const qj = JSON.parse((await run(t, questionnaireCommand, [dir, '-n', '4', '--json'])).out);
    assert.equal(qj.items.length, 4);
    assert.deepEqual(qj.scale, { min: 1, max: 5, step: 1 });
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
