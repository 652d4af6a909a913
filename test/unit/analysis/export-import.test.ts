import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAnalysisIndex } from '../../../src/core/analysis/analysis-index';
import { biasTable } from '../../../src/core/analysis/biases';
import { exportEmbeddings, formatFloat32, type ExportFormat } from '../../../src/core/analysis/export';
import fc from 'fast-check';
import { importEmbeddings, saveImportedRun } from '../../../src/core/analysis/import';
import { neighbours } from '../../../src/core/analysis/neighbours';
import { decodeNpy, encodeNpy } from '../../../src/core/analysis/npy';
import { runPca } from '../../../src/core/analysis/pca';
import { plantedRun } from './planted-run';

const planted = plantedRun();
const index = createAnalysisIndex(planted.run);
const tmp = (): string => mkdtempSync(join(tmpdir(), 'collab-export-'));

test('npy: header is v1.0, 64-byte aligned, and round-trips', () => {
  const data = Float32Array.from({ length: 12 }, (_, i) => i / 3);
  const bytes = encodeNpy({ shape: [3, 4], data });
  assert.equal(bytes[6], 1);
  const headerLength = bytes[8] | (bytes[9] << 8);
  assert.equal((10 + headerLength) % 64, 0);
  assert.equal(bytes[10 + headerLength - 1], 0x0a);
  const back = decodeNpy(bytes);
  assert.deepEqual(back.shape, [3, 4]);
  assert.deepEqual(back.data, data);
  assert.deepEqual(decodeNpy(encodeNpy({ shape: [5], data: new Float32Array(5) })).shape, [5]);
});

test('float32 values are written so they read back bit-identical', () => {
  fc.assert(fc.property(fc.float({ noNaN: true, noDefaultInfinity: true }), (x) => {
    assert.ok(Object.is(Math.fround(Number(formatFloat32(x))), x === 0 ? 0 : x), `${x} -> ${formatFloat32(x)}`);
  }), { numRuns: 5000 });
  assert.equal(formatFloat32(0.5), '0.5');
  assert.equal(formatFloat32(Math.fround(0.1)), '0.100000001');
});

const topLabels = (idx: ReturnType<typeof createAnalysisIndex>, q: string, metric: 'cosine' | 'euclidean') => {
  const r = neighbours(idx, q, { k: 10, metric });
  assert.ok(r.ok, `lookup of ${q}`);
  return r.neighbours.map((n) => ({ label: n.label, score: n.score }));
};

for (const format of ['csv', 'tsv', 'json', 'npy'] as ExportFormat[]) {
  test(`${format} export -> import gives identical neighbours and biases`, async () => {
    const dir = tmp();
    try {
      const files = await exportEmbeddings(index, { format, outDir: dir });
      assert.ok(existsSync(join(dir, 'README.txt')) && existsSync(join(dir, 'export.json')));
      const sidecar = JSON.parse(readFileSync(join(dir, 'export.json'), 'utf8'));
      assert.equal(sidecar.sides.items.naRow, 0);
      assert.match(readFileSync(join(dir, 'README.txt'), 'utf8'), /'#na#' is row 0/);
      const imported = await importEmbeddings(files);
      assert.equal(imported.manifest.origin, 'imported');
      assert.deepEqual(imported.manifest.vocab.items, planted.run.manifest.vocab.items);
      const importedIndex = createAnalysisIndex(imported);
      for (const q of ['Western 3 (1992)', 'Classic, The (1950)', 'Masterpiece "Uno" (1960)', 'Dud Returns (1996)']) {
        for (const metric of ['cosine', 'euclidean'] as const) {
          assert.deepEqual(topLabels(importedIndex, q, metric), topLabels(index, q, metric));
        }
      }
      assert.deepEqual(biasTable(importedIndex, { top: 3 }).highest.map((r) => r.label), biasTable(index, { top: 3 }).highest.map((r) => r.label));
      assert.ok(importedIndex.has('users'));
      assert.equal(runPca(importedIndex, { components: 2 }).points.length, planted.run.manifest.vocab.items.length - 1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}

test('tsv metadata has a header and one row per vector', async () => {
  const dir = tmp();
  try {
    await exportEmbeddings(index, { format: 'tsv', outDir: dir });
    const vectors = readFileSync(join(dir, 'items-vectors.tsv'), 'utf8').trim().split('\n');
    const meta = readFileSync(join(dir, 'items-metadata.tsv'), 'utf8').trim().split('\n');
    assert.equal(meta.length, vectors.length + 1);
    assert.equal(meta[0], 'label\tindex\tbias\tcount\tmean');
    assert.ok(meta[1].startsWith('#na#\t0\t'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('import: a CSV from elsewhere with quoted labels and no bias; an imported run can be saved', async () => {
  const dir = tmp();
  try {
    const csv = ['title,x,y,z', '"Heat, The",1,0,0', 'Heat 2,0.9,0.1,0', 'Cold,0,0,1', '"Say ""Hi""",0,1,0'].join('\n');
    writeFileSync(join(dir, 'vectors.csv'), csv);
    const run = await importEmbeddings([join(dir, 'vectors.csv')]);
    const idx = createAnalysisIndex(run);
    assert.deepEqual(run.manifest.vocab.items, ['Heat, The', 'Heat 2', 'Cold', 'Say "Hi"']);
    const r = neighbours(idx, 'heat, the', { k: 1 });
    assert.ok(r.ok && r.neighbours[0].label === 'Heat 2');
    assert.throws(() => biasTable(idx), /No item biases/);
    const saved = await saveImportedRun(run, join(dir, 'runs', 'mine'));
    assert.equal(saved.id, 'mine');
    assert.equal(saved.manifest.origin, 'imported');
    assert.ok(existsSync(join(saved.dir, 'run.json')) && existsSync(join(saved.dir, 'weights.bin')));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('import reports bad files clearly', async () => {
  const dir = tmp();
  try {
    writeFileSync(join(dir, 'bad.csv'), 'label,a,b\nx,1,2\ny,1,oops\n');
    await assert.rejects(importEmbeddings([join(dir, 'bad.csv')]), /bad\.csv, line 3, column 3/);
    writeFileSync(join(dir, 'v.tsv'), '1\t2\n3\t4\n');
    writeFileSync(join(dir, 'm.tsv'), 'a\nb\nc\nd\n');
    await assert.rejects(importEmbeddings([join(dir, 'v.tsv'), join(dir, 'm.tsv')]), /4 rows but .* 2 vectors/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

function numpyAvailable(): boolean {
  try {
    execFileSync('/usr/bin/python3', ['-c', 'import numpy'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

test('the exported .npy is read correctly by numpy', { skip: !numpyAvailable() && 'python3 with numpy not available' }, async () => {
  const dir = tmp();
  try {
    await exportEmbeddings(index, { format: 'npy', outDir: dir });
    const script = [
      'import numpy, json, sys',
      `a = numpy.load(${JSON.stringify(join(dir, 'items-factors.npy'))})`,
      `b = numpy.load(${JSON.stringify(join(dir, 'items-bias.npy'))})`,
      'print(json.dumps({"shape": list(a.shape), "dtype": str(a.dtype), "c": bool(a.flags["C_CONTIGUOUS"]), "row3": [float(x) for x in a[3]], "bias": [float(x) for x in b[:5]], "bshape": list(b.shape)}))',
    ].join('\n');
    const out = JSON.parse(execFileSync('/usr/bin/python3', ['-c', script], { encoding: 'utf8' }));
    const emb = index.side('items').emb;
    assert.deepEqual(out.shape, [emb.n, emb.dim]);
    assert.equal(out.dtype, 'float32');
    assert.ok(out.c);
    assert.deepEqual(out.row3, Array.from(emb.vectors.subarray(3 * emb.dim, 4 * emb.dim)));
    assert.deepEqual(out.bshape, [emb.n]);
    assert.deepEqual(out.bias, Array.from(emb.bias!.subarray(0, 5)));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('import reads .npy files numpy wrote (float64, labels with a header line)', { skip: !numpyAvailable() && 'python3 with numpy not available' }, async () => {
  const dir = tmp();
  try {
    const script = [
      'import numpy',
      'rng = numpy.random.default_rng(0)',
      'centres = rng.normal(size=(2, 6))',
      'w = numpy.vstack([centres[i % 2] + 0.05 * rng.normal(size=6) for i in range(10)])',
      `numpy.save(${JSON.stringify(join(dir, 'w.npy'))}, w)`,
      `numpy.save(${JSON.stringify(join(dir, 'bias.npy'))}, numpy.arange(10, dtype=numpy.float32))`,
      `open(${JSON.stringify(join(dir, 'labels.txt'))}, 'w').write('title\\n' + '\\n'.join('item %d' % i for i in range(10)) + '\\n')`,
    ].join('\n');
    execFileSync('/usr/bin/python3', ['-c', script]);
    const run = await importEmbeddings([join(dir, 'w.npy'), join(dir, 'bias.npy'), join(dir, 'labels.txt')]);
    assert.equal(run.manifest.vocab.items.length, 10);
    assert.equal(run.manifest.vocab.items[0], 'item 0');
    const idx = createAnalysisIndex(run);
    const r = neighbours(idx, 'item 0', { k: 4 });
    assert.ok(r.ok);
    for (const n of r.neighbours) assert.equal(Number(n.label.split(' ')[1]) % 2, 0);
    assert.equal(biasTable(idx, { top: 1 }).highest[0].label, 'item 9');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
