import { test } from 'node:test';
import assert from 'node:assert/strict';
import { seededRandom } from '../../../src/core/data/random';
import { writeTriples } from '../../../src/core/train/triples';
import { createTsKernels } from '../../../src/kernels/ts-kernels';
import { compileKernels, createWasmKernels } from '../../../src/kernels/wasm-kernels';
import { MemoryPlan, type Kernels } from '../../../src/kernels';
import { plantedDataset } from './planted-dataset';

const data = plantedDataset({ users: 40, ratingsPerUser: 10 });
const n = data.train.length;

/** Fisher-Yates over the records at word `base`, with seededRandom: what shuffleRecords must reproduce. */
function referenceShuffle(i32: Int32Array, base: number, seed: number): void {
  const random = seededRandom(seed);
  for (let j = n - 1; j > 0; j--) {
    const k = Math.floor(random() * (j + 1));
    for (let w = 0; w < 3; w++) [i32[base + 3 * j + w], i32[base + 3 * k + w]] = [i32[base + 3 * k + w], i32[base + 3 * j + w]];
  }
}

test('shuffleRecords: both kernels give the seeded Fisher-Yates order, chunked or not, and keep records together', () => {
  const plan = new MemoryPlan();
  const at = plan.floats(n * 3);
  const module = compileKernels();
  assert.ok(module, 'this Node has WebAssembly SIMD');
  const kernels: Kernels[] = [createTsKernels(plan.bytes), createWasmKernels(module, plan.bytes)];
  const nUsers = data.userVocab.labels.length;
  const nItems = data.itemVocab.labels.length;
  const expected = new Int32Array(n * 3);
  const buf = new ArrayBuffer(n * 12);
  writeTriples(new Int32Array(buf), new Float32Array(buf), 0, data, data.train, nUsers, nItems);
  expected.set(new Int32Array(buf));
  referenceShuffle(expected, 0, 5);
  for (const k of kernels) {
    writeTriples(k.i32, k.f32, at, data, data.train, nUsers, nItems);
    k.shuffleRecords(at, n - 1, 0, 5);
    assert.deepEqual(k.i32.subarray(at >> 2, (at >> 2) + 3 * n), expected, `${k.name}: one pass`);
    writeTriples(k.i32, k.f32, at, data, data.train, nUsers, nItems);
    let state = 5;
    for (let from = n - 1; from > 0; from -= 37) state = k.shuffleRecords(at, from, from - 37, state);
    assert.deepEqual(k.i32.subarray(at >> 2, (at >> 2) + 3 * n), expected, `${k.name}: in chunks`);
  }
  const key = (u: number, i: number, r: number) => `${u}/${i}/${r}`;
  const before = [...data.train].map((r) => key(data.users[r], data.items[r], data.ratings[r])).sort();
  const f32 = new Float32Array(expected.buffer);
  const after = Array.from({ length: n }, (_, k) => key(expected[3 * k], expected[3 * k + 1], f32[3 * k + 2])).sort();
  assert.deepEqual(after, before);
});

test('writeTriples checks indices against the model', () => {
  const buf = new ArrayBuffer(n * 12);
  assert.throws(() => writeTriples(new Int32Array(buf), new Float32Array(buf), 0, data, data.train, 1, 1), /outside the model/);
});
