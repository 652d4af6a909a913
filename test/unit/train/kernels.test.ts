import { test } from 'node:test';
import assert from 'node:assert/strict';
import { seededRandom } from '../../../src/core/data/random';
import { MemoryPlan, type Kernels } from '../../../src/kernels';
import { createTsKernels } from '../../../src/kernels/ts-kernels';
import { compileKernels, createWasmKernels } from '../../../src/kernels/wasm-kernels';
import { adamStep } from '../../../src/core/train/adam';

const module = compileKernels();

/** Both kernel sets over identical memories prepared by `fill`. */
function both(bytes: number, fill: (k: Kernels) => void): Kernels[] {
  assert.ok(module, 'this Node has WebAssembly SIMD');
  const ks = [createTsKernels(bytes), createWasmKernels(module, bytes)];
  for (const k of ks) fill(k);
  return ks;
}

function assertClose(a: Float32Array, b: Float32Array, tol: number, what: string): void {
  for (let i = 0; i < a.length; i++) {
    assert.ok(Math.abs(a[i] - b[i]) <= tol * Math.max(1, Math.abs(a[i])), `${what}[${i}]: ${a[i]} vs ${b[i]}`);
  }
}

test('Adam step matches a hand-computed fastai step (both kernels)', () => {
  // p = 1, g = 0.5, fresh moments, t = 1, lr 0.01, beta1 0.9, wd 0.1:
  // p*(1 - 0.001) = 0.999; m = 0.05; v = 0.0025; step = 0.01/0.1 = 0.1; sqrt(v/(1-0.99)) = 0.5
  const expected = 0.999 - (0.1 * 0.05) / (0.5 + 1e-5);
  const a = adamStep(1, 0.01, 0.9, 0.1);
  const plan = new MemoryPlan();
  const [p, m, v, g] = [plan.floats(4), plan.floats(4), plan.floats(4), plan.floats(4)];
  for (const k of both(plan.bytes, (k) => { k.f32[p >> 2] = 1; k.f32[g >> 2] = 0.5; })) {
    k.adamDense(p, m, v, g, 1, a.b1, a.c1, a.b2, a.c2, a.step, a.rdb2, a.decay, a.eps);
    assert.ok(Math.abs(k.f32[p >> 2] - expected) < 1e-6, `${k.name}: ${k.f32[p >> 2]} vs ${expected}`);
    assert.ok(Math.abs(k.f32[m >> 2] - 0.05) < 1e-7 && Math.abs(k.f32[v >> 2] - 0.0025) < 1e-8);
    assert.equal(k.f32[(p >> 2) + 1], 0, 'zero padding lanes stay zero');
  }
});

test('WebAssembly SIMD and TypeScript kernels agree on dense layers and BatchNorm', () => {
  const rows = 13;
  const nIn = 20; // 5 vectors: exercises the paired-vector tiles and their odd leftover
  const nOut = 11;
  const sOut = 12;
  const plan = new MemoryPlan();
  const x = plan.floats(rows * nIn);
  const w = plan.floats(nOut * nIn);
  const y = plan.floats(rows * sOut);
  const dy = plan.floats(rows * sOut);
  const gw = plan.floats(nOut * nIn);
  const dx = plan.floats(rows * nIn);
  const h = plan.floats(rows * sOut);
  const dz = plan.floats(rows * sOut);
  const stats = Array.from({ length: 8 }, () => plan.floats(sOut));
  const [gamma, beta, mean, invStd, runMean, runVar, gGamma, gBeta] = stats;
  const ks = both(plan.bytes, (k) => {
    const random = seededRandom(3);
    const fillRandom = (at: number, n: number): void => { for (let i = 0; i < n; i++) k.f32[(at >> 2) + i] = 2 * random() - 1; };
    fillRandom(x, rows * nIn);
    fillRandom(w, nOut * nIn);
    for (let b = 0; b < rows; b++) fillRandom(dy + b * sOut * 4, nOut);
    fillRandom(gamma, nOut);
    fillRandom(beta, nOut);
    k.f32.fill(1, runVar >> 2, (runVar >> 2) + nOut);
  });
  for (const k of ks) {
    k.linearForward(x, nIn, w, y, sOut, rows, nOut, nIn / 4);
    k.linearGradW(dy, sOut, x, nIn, gw, rows, nOut, nIn / 4);
    k.linearGradX(dy, sOut, w, dx, nIn, rows, nOut, nIn / 4);
    k.bnForward(y, h, sOut, rows, sOut / 4, gamma, beta, mean, invStd, runMean, runVar, 1, 0.1, 1e-5);
    k.bnBackward(y, dy, dz, sOut, rows, sOut / 4, gamma, gGamma, gBeta, mean, invStd);
  }
  const [ts, wasm] = ks;
  for (const [name, at, n] of [['y', y, rows * sOut], ['gw', gw, nOut * nIn], ['dx', dx, rows * nIn], ['h', h, rows * sOut],
    ['dz', dz, rows * sOut], ['runVar', runVar, sOut], ['gGamma', gGamma, sOut], ['gBeta', gBeta, sOut]] as const) {
    assertClose(ts.f32.subarray(at >> 2, (at >> 2) + n), wasm.f32.subarray(at >> 2, (at >> 2) + n), 1e-5, name);
  }
  // the linear forward is a plain matrix product
  let expect = 0;
  for (let i = 0; i < nIn; i++) expect += ts.f32[(x >> 2) + nIn + i] * ts.f32[(w >> 2) + 2 * nIn + i];
  assert.ok(Math.abs(ts.f32[(y >> 2) + sOut + 2] - expect) < 1e-5);
  // training-mode BatchNorm output has zero mean over the batch before gamma/beta
  let sum = 0;
  for (let b = 0; b < rows; b++) sum += (ts.f32[(h >> 2) + b * sOut] - ts.f32[beta >> 2]) / ts.f32[gamma >> 2];
  assert.ok(Math.abs(sum / rows) < 1e-4);
});
