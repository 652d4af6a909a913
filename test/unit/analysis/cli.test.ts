import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { saveRun } from '../../../src/core/run/save';
import biases from '../../../src/cli/commands/biases';
import neighbours from '../../../src/cli/commands/neighbours';
import pca from '../../../src/cli/commands/pca';
import predict from '../../../src/cli/commands/predict';
import recommend from '../../../src/cli/commands/recommend';
import exportCommand from '../../../src/cli/commands/export';
import importCommand from '../../../src/cli/commands/import';
import { plantedRun } from './planted-run';
import { runCli } from './run-cli';

const planted = plantedRun();

const run = runCli;

async function workspace(): Promise<{ root: string; runDir: string }> {
  const root = mkdtempSync(join(tmpdir(), 'collab-cli-'));
  const { version: _v, id: _i, tensors: _t, ...manifest } = planted.run.manifest;
  const rows = planted.run.rows!;
  const saved = await saveRun(join(root, '.collab', 'runs'), {
    id: 'planted', manifest, tensors: [...planted.run.tensors].map(([name, t]) => ({ name, ...t })),
    lineIndexes: { items: { offsets: rows.itemOffsets, lines: rows.itemLines }, users: { offsets: rows.userOffsets, lines: rows.userLines } },
  });
  return { root, runDir: saved.dir };
}

test('CLI analysis commands: tables, --json, errors and the default run', async (t) => {
  const { root, runDir } = await workspace();
  const cwd = process.cwd();
  try {
    const b = await run(t, biases, [runDir, '--top', '2']);
    assert.equal(b.code, 0);
    assert.match(b.out, /Highest item biases[\s\S]*Classic, The \(1950\)[\s\S]*Lowest item biases[\s\S]*Dud/);

    const n = await run(t, neighbours, [runDir, 'western 3', '-k', '3', '--json']);
    assert.equal(n.code, 0);
    const parsed = JSON.parse(n.out);
    assert.equal(parsed.neighbours.length, 3);
    assert.ok(parsed.neighbours.every((x: { label: string }) => x.label.startsWith('Western')));

    const missing = await run(t, neighbours, [runDir, 'qqqqqqqqqqqq']);
    assert.equal(missing.code, 1);
    assert.match(missing.err, /Did you mean/);

    const mean = await run(t, neighbours, [runDir, '--mean', 'Western 1 (1990)', 'Western 2 (1991)', '-k', '2']);
    assert.equal(mean.code, 0, mean.err);
    assert.match(mean.out, /mean of: Western 1 \(1990\) \| Western 2 \(1991\)/);

    const p = await run(t, pca, [runDir, '--components', '2', '--extremes', '2']);
    assert.equal(p.code, 0);
    assert.match(p.out, /Explained variance: PC1 [\d.]+%, PC2/);

    assert.equal((await run(t, predict, [runDir, 'u1', 'Western 2 (1991)'])).code, 0);
    const unknown = await run(t, predict, [runDir, 'u1', 'Nothing Like It']);
    assert.equal(unknown.code, 1);
    assert.match(unknown.err, /Unknown item/);

    const cold = await run(t, recommend, [runDir, 'stranger', '-k', '2']);
    assert.match(cold.out, /cold-start/);

    const usage = await run(t, neighbours, [runDir, 'x', '--metric', 'manhattan']);
    assert.equal(usage.code, 2);
    assert.match(usage.err, /--metric must be cosine or euclidean[\s\S]*Usage:/);

    // RUN defaults to the newest run in ./.collab/runs; export then import round-trips.
    process.chdir(root);
    const exp = await run(t, exportCommand, ['--format', 'tsv', '--out', 'exported']);
    assert.equal(exp.code, 0, exp.err);
    const imp = await run(t, importCommand, ['exported/items-vectors.tsv', 'exported/items-metadata.tsv', '--out', 'mine']);
    assert.equal(imp.code, 0, imp.err);
    assert.match(imp.out, /Imported 65 items x 8 factors with biases/);
    const a = JSON.parse((await run(t, neighbours, ['planted', 'Dud Returns (1996)', '--json'])).out);
    const c = JSON.parse((await run(t, neighbours, ['mine', 'Dud Returns (1996)', '--json'])).out);
    assert.deepEqual(c.neighbours, a.neighbours);
  } finally {
    process.chdir(cwd);
    rmSync(root, { recursive: true, force: true });
  }
});
