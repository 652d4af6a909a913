/**
 * Importing a Spark ALSModel folder (written in Spark's layout by a Parquet writer: several snappy
 * parts, _SUCCESS, .crc sidecars) and implicit's .npz: values and labels must come back exactly,
 * and every kind of bad input must stop with a clear message and leave no run behind.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, truncateSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importEmbeddings, saveImportedRun } from '../../../src/core/analysis/import';
import { loadRun } from '../../../src/core/run/load';
import { createAnalysisIndex } from '../../../src/core/analysis/analysis-index';
import { defaultScorer } from '../../../src/core/analysis/predict';
import { neighbours } from '../../../src/core/analysis/neighbours';
import { encodeNpy } from '../../../src/core/analysis/npy';
import { seededRandom, normal } from '../../../src/core/data/random';
import { metadataLine, writeFactorsDir, writeSparkModel, writeWithCrc, type FixtureFactors } from './spark-fixture';
import { buildZip } from '../extension/zip-fixture';

const RANK = 8;

function factors(n: number, seed: number, firstId = 0): FixtureFactors {
  const random = seededRandom(seed);
  const ids = Array.from({ length: n }, (_, i) => firstId + i);
  for (let i = n - 1; i > 0; i--) { const j = Math.floor(random() * (i + 1)); [ids[i], ids[j]] = [ids[j], ids[i]]; }
  return { ids, vectors: ids.map(() => Array.from({ length: RANK }, () => Math.fround(normal(random)))) };
}

function withDir(body: (dir: string) => Promise<void>): () => Promise<void> {
  return async () => {
    const dir = mkdtempSync(join(tmpdir(), 'collab-spark-import-'));
    try { await body(dir); } finally { rmSync(dir, { recursive: true, force: true }); }
  };
}

/** Import + save as the CLI and the run service do; returns the saved run folder. */
async function importTo(paths: string[], runsDir: string): Promise<string> {
  return (await saveImportedRun(await importEmbeddings(paths), join(runsDir, 'imported'))).dir;
}

test('a Spark ALSModel folder imports with labels joined through the job\'s id mappings, values exact', withDir(async (dir) => {
  const users = factors(120, 1);
  const items = factors(90, 2);
  const userIds = Array.from({ length: 120 }, (_, i) => `user-${String(i).padStart(3, '0')}`);
  const itemIds = Array.from({ length: 90 }, (_, i) => (i === 5 ? 'Movie, "The" (1999)' : `m${i}`));
  const model = join(dir, 'als-model');
  writeSparkModel(model, { rank: RANK, users, items, userIds, itemIds });
  const runDir = await importTo([model], join(dir, 'runs'));
  const run = await loadRun(runDir);
  assert.equal(run.manifest.origin, 'imported');
  assert.match(run.manifest.engine ?? '', /Spark ALS, rank 8, Spark 3\.5\.1/);
  // Rows in id order, so row k is StringIndexer index k and its label is the mapping's id.
  assert.deepEqual(run.manifest.vocab.users, userIds);
  assert.deepEqual(run.manifest.vocab.items, itemIds);
  for (const [side, f] of [['user', users], ['item', items]] as const) {
    const w = run.tensors.get(`${side}Weight`)!;
    assert.deepEqual(w.shape, [f.ids.length, RANK]);
    f.ids.forEach((id, k) => assert.deepEqual(Array.from(w.data.subarray(id * RANK, (id + 1) * RANK)), f.vectors[k]));
    assert.equal(run.tensors.has(`${side}Bias`), false, 'ALS has no biases');
  }
  const index = createAnalysisIndex(run);
  const score = defaultScorer(index)(Int32Array.of(7), Int32Array.of(5))[0];
  const k7 = users.ids.indexOf(7);
  const k5 = items.ids.indexOf(5);
  const dot = users.vectors[k7].reduce((s, x, f) => s + x * items.vectors[k5][f], 0);
  assert.ok(Math.abs(score - dot) < 1e-5, `${score} vs ${dot}`);
  assert.ok(neighbours(index, 'm3', { k: 3 }).ok);
}));

test('without mappings (integer ids) the ids are the labels', withDir(async (dir) => {
  const model = join(dir, 'm');
  writeSparkModel(model, { rank: RANK, users: factors(30, 3, 1000), items: factors(20, 4, 7) });
  const run = await importEmbeddings([model]);
  assert.deepEqual(run.manifest.vocab.users, Array.from({ length: 30 }, (_, i) => String(1000 + i)));
  assert.deepEqual(run.manifest.vocab.items, Array.from({ length: 20 }, (_, i) => String(7 + i)));
}));

const firstPart = (dir: string): string => join(dir, readdirSync(dir).find((n) => n.startsWith('part-') && n.endsWith('.parquet'))!);

const badModels: [string, (model: string) => void, RegExp][] = [
  ['a truncated part (no .crc)', (m) => { const p = firstPart(join(m, 'itemFactors')); unlinkSync(join(m, 'itemFactors', `.${p.split('/').pop()}.crc`)); truncateSync(p, 300); }, /itemFactors.*(not a readable Parquet|could not be read)/],
  ['a truncated part (with .crc)', (m) => truncateSync(firstPart(join(m, 'userFactors')), 200), /which its \.crc file does not describe/],
  ['a flipped byte', (m) => { const p = firstPart(join(m, 'userFactors')); const b = readFileSync(p); b[100] ^= 0xff; writeFileSync(p, b); }, /is corrupt: bytes 0-511/],
  ['no _SUCCESS', (m) => unlinkSync(join(m, 'itemFactors', '_SUCCESS')), /no _SUCCESS file/],
  ['a rank that differs from the factors', (m) => writeWithCrc(join(m, 'metadata'), 'part-00000', metadataLine(RANK + 1)), /has 8 factors, the model's rank is 9/],
  ['another model class', (m) => writeWithCrc(join(m, 'metadata'), 'part-00000', metadataLine(RANK, 'org.apache.spark.ml.feature.PCAModel')), /PCAModel, not an ALSModel/],
  ['a mapping shorter than the factors', (m) => writeWithCrc(join(m, 'collab/user_ids'), 'part-00000-8f3c2a51-7d4e-4b1a-9c0e-2f6d5b8a1e37-c000.csv', 'index,id\n0,a\n1,b\n'), /id 2 has no entry in the id mapping/],
  ['gzip-compressed parts', (m) => { rmSync(join(m, 'userFactors'), { recursive: true }); writeFactorsDir(join(m, 'userFactors'), factors(40, 5), 2, true); }, /uses a Parquet compression Collab does not read .*GZIP.*snappy/],
  ['a folder that is not a model', (m) => rmSync(join(m, 'metadata'), { recursive: true }), /not a Spark ALSModel/],
];

for (const [what, damage, message] of badModels) {
  test(`a Spark model folder with ${what} is refused and nothing is imported`, withDir(async (dir) => {
    const model = join(dir, 'm');
    writeSparkModel(model, { rank: RANK, users: factors(40, 5), items: factors(30, 6), userIds: Array.from({ length: 40 }, (_, i) => `u${i}`) });
    damage(model);
    await assert.rejects(importTo([model], join(dir, 'runs')), message);
    assert.ok(!existsSync(join(dir, 'runs')) || readdirSync(join(dir, 'runs')).length === 0);
  }));
}

test('NaN in Spark factors is refused', withDir(async (dir) => {
  const items = factors(12, 7);
  items.vectors[4][2] = NaN;
  writeSparkModel(join(dir, 'm'), { rank: RANK, users: factors(10, 8), items });
  await assert.rejects(importEmbeddings([join(dir, 'm')]), /factors of id \d+ hold NaN/);
}));

function npz(entries: Record<string, { shape: number[]; data: Float32Array }>): Buffer {
  return buildZip(Object.entries(entries).map(([name, a]) => ({ name: `${name}.npy`, data: encodeNpy(a), method: 0 as const })));
}

const numpy = ((): boolean => {
  try { execFileSync('/usr/bin/python3', ['-c', 'import numpy'], { stdio: 'ignore' }); return true; } catch { return false; }
})();

test('implicit\'s model.save() .npz (written by numpy) imports with label files', { skip: !numpy && 'python3 with numpy not available' }, withDir(async (dir) => {
  const script = `import numpy as np
rng = np.random.default_rng(4)
u = rng.standard_normal((25, 6)).astype(np.float32); i = rng.standard_normal((40, 6)).astype(np.float32)
np.savez('${dir}/model.npz', user_factors=u, item_factors=i, factors=np.array(6), regularization=np.array(0.01),
         alpha=np.array(1.0), iterations=np.array(15), dtype=np.array('float32'), random_state=np.array(42))
np.save('${dir}/u.npy', u); np.save('${dir}/i.npy', i)`;
  execFileSync('/usr/bin/python3', ['-c', script]);
  writeFileSync(join(dir, 'users.txt'), Array.from({ length: 25 }, (_, k) => `customer ${k}`).join('\n') + '\n');
  writeFileSync(join(dir, 'items.txt'), Array.from({ length: 40 }, (_, k) => `sku-${k}`).join('\n') + '\n');
  const run = await loadRun(await importTo([join(dir, 'model.npz'), join(dir, 'users.txt'), join(dir, 'items.txt')], join(dir, 'runs')));
  assert.equal(run.manifest.vocab.users[3], 'customer 3');
  assert.equal(run.manifest.vocab.items[39], 'sku-39');
  assert.match(run.manifest.engine ?? '', /implicit model/);
  const direct = await importEmbeddings([join(dir, 'i.npy'), join(dir, 'items.txt')]);
  assert.deepEqual(run.tensors.get('itemWeight')!.data, direct.tensors.get('itemWeight')!.data);
  assert.deepEqual(run.tensors.get('userWeight')!.shape, [25, 6]);
}));

test('an .npz without labels uses row numbers; bad .npz files are refused with a reason', withDir(async (dir) => {
  const random = seededRandom(9);
  const mat = (rows: number, cols: number) => ({ shape: [rows, cols], data: Float32Array.from({ length: rows * cols }, () => normal(random)) });
  writeFileSync(join(dir, 'ok.npz'), npz({ user_factors: mat(5, 3), item_factors: mat(7, 3) }));
  const run = await importEmbeddings([join(dir, 'ok.npz')]);
  assert.deepEqual(run.manifest.vocab.items, ['0', '1', '2', '3', '4', '5', '6']);

  writeFileSync(join(dir, 'items.txt'), 'a\nb\n');
  await assert.rejects(importEmbeddings([join(dir, 'ok.npz'), join(dir, 'items.txt')]), /items\.txt has 2 labels but ok\.npz:item_factors\.npy has 7 rows/);
  writeFileSync(join(dir, 'cut.npz'), readFileSync(join(dir, 'ok.npz')).subarray(0, 150));
  await assert.rejects(importEmbeddings([join(dir, 'cut.npz')]), /cut\.npz is not a readable \.npz/);
  writeFileSync(join(dir, 'widths.npz'), npz({ user_factors: mat(5, 3), item_factors: mat(7, 4) }));
  await assert.rejects(importEmbeddings([join(dir, 'widths.npz')]), /user factors have 3 columns and item factors 4/);
  const nan = mat(7, 3);
  nan.data[10] = NaN;
  writeFileSync(join(dir, 'nan.npz'), npz({ user_factors: mat(5, 3), item_factors: nan }));
  await assert.rejects(importEmbeddings([join(dir, 'nan.npz')]), /NaN or infinity \(row 3\)/);
  writeFileSync(join(dir, 'other.npz'), npz({ weights: mat(2, 2) }));
  await assert.rejects(importEmbeddings([join(dir, 'other.npz')]), /has no user_factors\.npy \(it holds weights\.npy\)/);
  mkdirSync(join(dir, 'runs'));
  await assert.rejects(importTo([join(dir, 'nan.npz')], join(dir, 'runs')), /NaN/);
  assert.deepEqual(readdirSync(join(dir, 'runs')), []);
}));
