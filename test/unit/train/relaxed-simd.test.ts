/**
 * The relaxed-SIMD build of the kernels (fused multiply-add in the dense products and the dot
 * product) against the plain-SIMD build, and the choice between them. Node 20 (V8 11.3) has relaxed
 * SIMD only behind a flag, so this file turns it on for its own process, as VS Code's Electron
 * (V8 12+) and Node 22+ have it by default.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setFlagsFromString } from 'node:v8';
import { seededRandom } from '../../../src/core/data/random';
import { MemoryPlan } from '../../../src/kernels';
import { compileKernels, createWasmKernels } from '../../../src/kernels/wasm-kernels';
import { createModel } from '../../../src/core/model';
import { fit } from '../../../src/core/train/fit';
import { plantedDataset, recipe } from './planted-dataset';

const before = compileKernels();
if (before?.name !== 'wasm-relaxed-simd') setFlagsFromString('--experimental-wasm-relaxed-simd');

test('the plain-SIMD build is chosen where relaxed SIMD does not compile, the relaxed one where it does', () => {
  assert.ok(before, 'this Node has WebAssembly SIMD');
  assert.ok(process.versions.v8.startsWith('11.') ? before.name === 'wasm-simd' : true, `Node 20 without the flag: ${before.name}`);
  assert.equal(compileKernels(false)?.name, 'wasm-simd');
  assert.equal(compileKernels()?.name, 'wasm-relaxed-simd');
});

test('relaxed and plain SIMD kernels agree on the dense products', () => {
  const [rows, nIn, nOut] = [13, 20, 11];
  const plan = new MemoryPlan();
  const [x, w, y, dy, gw, dx] = [rows * nIn, nOut * nIn, rows * 12, rows * 12, nOut * nIn, rows * nIn].map((n) => plan.floats(n));
  const outputs = ['wasm-simd', 'wasm-relaxed-simd'].map((name) => {
    const compiled = compileKernels(name !== 'wasm-simd');
    assert.equal(compiled?.name, name);
    const k = createWasmKernels(compiled!, plan.bytes);
    const random = seededRandom(5);
    for (const [at, n] of [[x, rows * nIn], [w, nOut * nIn], [dy, rows * 12]]) for (let i = 0; i < n; i++) k.f32[(at >> 2) + i] = 2 * random() - 1;
    k.linearForward(x, nIn, w, y, 12, rows, nOut, nIn / 4);
    k.linearGradW(dy, 12, x, nIn, gw, rows, nOut, nIn / 4);
    k.linearGradX(dy, 12, w, dx, nIn, rows, nOut, nIn / 4);
    return [y, gw, dx].map((at) => k.f32.slice(at >> 2, (at >> 2) + rows * nIn));
  });
  outputs[0].forEach((plain, j) => plain.forEach((v, i) => {
    assert.ok(Math.abs(v - outputs[1][j][i]) <= 1e-5 * Math.max(1, Math.abs(v)), `output ${j}[${i}]: ${v} vs ${outputs[1][j][i]}`);
  }));
});

test('a fit on the relaxed-SIMD kernels: the NN within rounding of the plain-SIMD one, the dot model identical', async () => {
  const data = plantedDataset({ users: 300, items: 200, ratingsPerUser: 30 });
  for (const model of ['dot', 'nn'] as const) {
    const config = recipe({ model, layers: [24, 12], factors: 16, epochs: 2 });
    const results = [];
    for (const engine of ['wasm-simd', 'wasm'] as const) {
      let used = '';
      const m = createModel(config, data.userVocab.labels.length, data.itemVocab.labels.length, config.yRange!, config.seed);
      const history = await fit(m, data, { config, engine, nnThreads: 1, callbacks: { onTrainBegin: (b) => { used = b.engine; } } });
      results.push({ used, mse: history[history.length - 1].validMse });
    }
    assert.deepEqual(results.map((r) => r.used), ['wasm-simd', 'wasm-relaxed-simd']);
    // the dot model's kernels multiply and add in both builds (the same numbers on every runtime)
    if (model === 'dot') assert.equal(results[1].mse, results[0].mse);
    else assert.ok(Math.abs(results[0].mse - results[1].mse) < 2e-3, `${model}: valid MSE ${results[0].mse} vs ${results[1].mse}`);
  }
});
