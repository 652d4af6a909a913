/**
 * The fastai round trip checked with real PyTorch (test/python/fastai_pth.py, run by python3 with
 * Debian's python3-torch): Collab's exported model.pth loads with load_state_dict(strict=True)
 * into fastai's module tree and predicts 1,000 pairs as `collab predict` does; files torch.save
 * wrote import into Collab and predict as PyTorch does. Skipped, saying why, without python3+torch.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadRun } from '../../../src/core/run/load';
import { createAnalysisIndex } from '../../../src/core/analysis/analysis-index';
import { defaultScorer } from '../../../src/core/analysis/predict';
import { seededRandom } from '../../../src/core/data/random';

const ROOT = resolve(__dirname, '../../../..');
const CLI = join(ROOT, 'bin', 'collab.js');
const SCRIPT = join(ROOT, 'test', 'python', 'fastai_pth.py');
const PYTHON = ['/usr/bin/python3', 'python3'].find((p) => spawnSync(p, ['-c', 'import torch'], { stdio: 'ignore' }).status === 0);
const skip = PYTHON ? false : 'needs python3 with PyTorch (Debian: apt-get install python3-torch python3-numpy)';

const work = mkdtempSync(join(tmpdir(), 'collab-fastai-'));
test.after(() => rmSync(work, { recursive: true, force: true }));
const collab = (...args: string[]): string => execFileSync('node', [CLI, ...args, '--runs', join(work, 'runs')], { cwd: work, encoding: 'utf8' });

function trainRun(model: 'dot' | 'nn'): string {
  if (!existsSync(join(work, 's'))) execFileSync('node', [CLI, 'sample', '--out', join(work, 's')], { cwd: work });
  const extra = model === 'dot' ? ['--items', join(work, 's', 'movies.csv')] : ['--layers', '24,12', '--dropout', '0.1'];
  const out = JSON.parse(collab('train', join(work, 's', 'ratings.csv'), '--model', model, '--epochs', '2', ...extra, '--json').trim().split('\n').pop()!) as { runDir: string };
  return out.runDir;
}

for (const model of ['dot', 'nn'] as const) {
  test(`${model}: Collab's model.pth loads strict into fastai's ${model === 'dot' ? 'EmbeddingDotBias' : 'EmbeddingNN'} and predicts 1,000 pairs as collab predict`, { skip }, async () => {
    const runDir = trainRun(model);
    const out = join(work, `export-${model}`);
    collab('export', runDir, '--format', 'pth', '--out', out);
    const run = await loadRun(runDir);
    const score = defaultScorer(createAnalysisIndex(run));
    const random = seededRandom(5);
    const { users, items } = run.manifest.vocab;
    const us = Int32Array.from({ length: 1000 }, () => 1 + Math.floor(random() * (users.length - 1)));
    const is = Int32Array.from({ length: 1000 }, () => 1 + Math.floor(random() * (items.length - 1)));
    const want = score(us, is);
    // The scorer is `collab predict`'s: check a few pairs against the command itself.
    for (const k of [0, 1, 2]) {
      const p = JSON.parse(collab('predict', runDir, users[us[k]], `#${is[k]}`, '--json')) as { rating: number };
      assert.equal(p.rating, want[k]);
    }
    const pairs = Array.from(us, (u, k) => [u, is[k], want[k]]);
    writeFileSync(join(out, 'pairs.json'), JSON.stringify(pairs));
    const result = spawnSync(PYTHON!, [SCRIPT, 'check', out, join(out, 'pairs.json')], { encoding: 'utf8' });
    assert.equal(result.status, 0, result.stderr + result.stdout);
    const report = JSON.parse(result.stdout) as { pairs: number; maxAbsDiff: number; names: string[] };
    assert.equal(report.pairs, 1000);
    assert.ok(report.maxAbsDiff <= 1e-5, `max |fastai - collab| = ${report.maxAbsDiff}`);
    assert.deepEqual(report.names, model === 'dot'
      ? ['u_weight.weight', 'i_weight.weight', 'u_bias.weight', 'i_bias.weight']
      : ['embeds.0.weight', 'embeds.1.weight', 'bn_cont.weight', 'bn_cont.bias', 'bn_cont.running_mean', 'bn_cont.running_var',
        'bn_cont.num_batches_tracked', ...[0, 1].flatMap((l) => [`layers.${l}.0.weight`, ...['weight', 'bias', 'running_mean', 'running_var', 'num_batches_tracked'].map((p) => `layers.${l}.2.${p}`)]),
        'layers.2.0.weight', 'layers.2.0.bias']);
  });
}

test('files torch.save wrote (a learn.save() dict and a bare NN state_dict) import and predict as PyTorch does', { skip }, async () => {
  const dir = join(work, 'torch');
  execFileSync('mkdir', ['-p', dir]);
  execFileSync(PYTHON!, [SCRIPT, 'write', dir]);
  const expected = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')) as {
    pairs: [number, number][]; dot: { y_range: number[]; predictions: number[] }; nn: { y_range: number[]; predictions: number[] };
  };
  for (const [file, key] of [['dot-learn.pth', 'dot'], ['nn-bare.pth', 'nn']] as const) {
    collab('import', join(dir, file), '--labels', join(dir, 'classes.json'), '--y-range', expected[key].y_range.join(','), '--out', `from-${key}`);
    const run = await loadRun(join(work, 'runs', `from-${key}`));
    assert.equal(run.manifest.config?.model, key);
    const got = defaultScorer(createAnalysisIndex(run))(Int32Array.from(expected.pairs, (p) => p[0]), Int32Array.from(expected.pairs, (p) => p[1]));
    const diff = Math.max(...Array.from(got, (g, k) => Math.abs(g - expected[key].predictions[k])));
    assert.ok(diff <= 1e-5, `${file}: max |collab - torch| = ${diff}`);
  }
  const legacy = spawnSync('node', [CLI, 'import', join(dir, 'nn-legacy.pth'), '--labels', join(dir, 'classes.json'), '--y-range', '0,5', '--out', 'legacy', '--runs', join(work, 'runs')], { encoding: 'utf8' });
  assert.notEqual(legacy.status, 0);
  assert.match(legacy.stderr, /legacy \(pre-1\.6\) format.*_use_new_zipfile_serialization=True/);
  assert.ok(!readdirSync(join(work, 'runs')).includes('legacy'));
});
