/**
 * The TensorFlow.js export round trip: model.json + weights.bin written by Collab, loaded by the
 * real @tensorflow/tfjs (pure JS, CPU backend) with tf.loadLayersModel, must predict what Collab
 * predicts for 1,000 (user, item) pairs, to 1e-5, for the dot and the NN model.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { createModel } from '../../../src/core/model';
import type { LoadedRun, ModelKind, TrainConfig } from '../../../src/core/run/types';
import { seededRandom, normal } from '../../../src/core/data/random';
import { createAnalysisIndex } from '../../../src/core/analysis/analysis-index';
import { defaultScorer } from '../../../src/core/analysis/predict';
import { exportEmbeddings } from '../../../src/core/analysis/export';
import { importedRun } from '../../../src/core/analysis/import';
import type { TfjsVocab } from '../../../src/core/analysis/export-tfjs';

const N_USERS = 301;
const N_ITEMS = 457;

/** A run of the given kind with weights large enough that the output is far from flat. */
function syntheticRun(kind: ModelKind): LoadedRun {
  const config: TrainConfig = { model: kind, factors: 24, layers: [40, 16], dropout: 0, epochs: 1, lr: 1e-2, wd: 0,
    bs: 64, validPct: 0.2, seed: 5, yRange: [0.5, 5.5] };
  const model = createModel(config, N_USERS, N_ITEMS, config.yRange!, 11);
  const random = seededRandom(99);
  const tensors: LoadedRun['tensors'] = new Map();
  for (const t of model.tensors()) {
    // Scale trained-looking weights up (fresh ones are tiny) and give BatchNorm real statistics.
    const data = Float32Array.from(t.data, (x) => {
      if (t.name.endsWith('runningVar')) return 0.2 + 2 * random();
      if (t.name.endsWith('runningMean')) return normal(random) * 0.3;
      if (t.name.startsWith('bn.') && t.name.endsWith('weight')) return 0.5 + random();
      return t.name.includes('Embedding') || t.name.includes('Weight') || t.name.includes('Bias') ? normal(random) * 0.4 : x * 2;
    });
    tensors.set(t.name, { shape: t.shape, data });
  }
  const labels = (prefix: string, n: number): string[] => ['#na#', ...Array.from({ length: n - 1 }, (_, i) => `${prefix}${i + 1}`)];
  return {
    dir: '', tensors,
    manifest: { version: 1, id: `synthetic-${kind}`, createdAt: new Date(0).toISOString(), origin: 'trained', config,
      vocab: { users: labels('u', N_USERS), items: labels('Movie ', N_ITEMS) }, tensors: [], metrics: [] },
  };
}

/** tfjs has no file IO without tfjs-node: a tiny IOHandler that reads model.json and its weight files. */
function fileHandler(modelPath: string, dir: string): tf.io.IOHandler {
  return {
    load: async () => {
      const json = JSON.parse(readFileSync(modelPath, 'utf8'));
      const weightSpecs = json.weightsManifest.flatMap((g: { weights: tf.io.WeightsManifestEntry[] }) => g.weights);
      const parts = json.weightsManifest.flatMap((g: { paths: string[] }) => g.paths.map((p) => readFileSync(join(dir, p))));
      const all = Buffer.concat(parts);
      const weightData = all.buffer.slice(all.byteOffset, all.byteOffset + all.byteLength);
      return { modelTopology: json.modelTopology, weightSpecs, weightData, format: json.format, generatedBy: json.generatedBy };
    },
  };
}

/** 1,000 pairs over the whole vocabulary, '#na#' (index 0) included. */
function pairs(nUsers: number, nItems: number): { users: Int32Array; items: Int32Array } {
  const random = seededRandom(3);
  const users = Int32Array.from({ length: 1000 }, () => Math.floor(random() * nUsers));
  const items = Int32Array.from({ length: 1000 }, () => Math.floor(random() * nItems));
  users[0] = 0; items[1] = 0; users[2] = nUsers - 1; items[2] = nItems - 1;
  return { users, items };
}

async function tfjsPredictions(dir: string, users: Int32Array, items: Int32Array): Promise<Float32Array> {
  const model = await tf.loadLayersModel(fileHandler(join(dir, 'model.json'), dir));
  const out = model.predict([tf.tensor2d(users, [users.length, 1], 'int32'), tf.tensor2d(items, [items.length, 1], 'int32')]) as tf.Tensor;
  assert.deepEqual(out.shape, [users.length, 1]);
  const values = (await out.data()) as Float32Array;
  tf.dispose([out]);
  model.dispose();
  return values;
}

function assertClose(actual: Float32Array, expected: Float32Array, tol: number): number {
  let worst = 0;
  for (let r = 0; r < expected.length; r++) worst = Math.max(worst, Math.abs(actual[r] - expected[r]));
  assert.ok(worst <= tol, `largest difference ${worst} > ${tol}`);
  return worst;
}

for (const kind of ['dot', 'nn'] as ModelKind[]) {
  test(`a ${kind} run exported as tfjs predicts what Collab predicts (1,000 pairs, 1e-5)`, async (t) => {
    const dir = mkdtempSync(join(tmpdir(), `collab-tfjs-${kind}-`));
    try {
      const run = syntheticRun(kind);
      const index = createAnalysisIndex(run);
      const written = await exportEmbeddings(index, { format: 'tfjs', outDir: dir });
      assert.deepEqual(written.map((p) => p.slice(dir.length + 1)).sort(), ['README.txt', 'model.json', 'vocab.json', 'weights.bin']);
      const { users, items } = pairs(N_USERS, N_ITEMS);
      const expected = defaultScorer(index)(users, items);
      // The outputs must spread over the range, or the comparison proves little.
      const spread = Math.max(...expected) - Math.min(...expected);
      assert.ok(spread > 1, `predictions spread over ${spread} only`);
      const worst = assertClose(await tfjsPredictions(dir, users, items), expected, 1e-5);
      t.diagnostic(`${kind}: largest |tfjs - collab| = ${worst.toExponential(2)}`);

      const vocab = JSON.parse(readFileSync(join(dir, 'vocab.json'), 'utf8')) as TfjsVocab;
      assert.deepEqual(vocab.users, run.manifest.vocab.users);
      assert.deepEqual(vocab.items, run.manifest.vocab.items);
      assert.deepEqual(vocab.yRange, [0.5, 5.5]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}

test('imported factors without biases export as a raw dot-product model', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'collab-tfjs-imported-'));
  try {
    const random = seededRandom(8);
    const side = (n: number, prefix: string) => ({ labels: Array.from({ length: n }, (_, i) => `${prefix}${i}`), dim: 6,
      vectors: Float32Array.from({ length: n * 6 }, () => normal(random)) });
    const run = importedRun({ items: side(50, 'i'), users: side(30, 'u') }, ['x.npy']);
    const index = createAnalysisIndex(run);
    await exportEmbeddings(index, { format: 'tfjs', outDir: dir });
    const { users, items } = pairs(30, 50);
    assertClose(await tfjsPredictions(dir, users, items), defaultScorer(index)(users, items), 1e-5);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('an item-only run cannot be exported as a model, and says why', async () => {
  const run = importedRun({ items: { labels: ['a', 'b'], dim: 2, vectors: new Float32Array(4) } }, ['x.npy']);
  await assert.rejects(exportEmbeddings(createAnalysisIndex(run), { format: 'tfjs', outDir: join(tmpdir(), 'never-written') }), /no user factors/);
});
