import { test } from 'node:test';
import assert from 'node:assert/strict';
import { seededRandom } from '../../../src/core/data/random';
import { ADAM_COEF_FLOATS, MemoryPlan, type Kernels } from '../../../src/kernels';
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

test('dot kernels: dotSteps equals dotStep call by call, the twins agree, and recordErrors sums the errors', () => {
  const [nUsers, nItems, k, s, bs, batches] = [7, 9, 6, 8, 5, 3]; // bs 5: a full group of four records and a tail of one
  const plan = new MemoryPlan();
  const uTab = plan.floats(nUsers * 3 * s);
  const iTab = plan.floats(nItems * 3 * s);
  const scratch = [plan.floats(bs * s), plan.floats(bs * s), plan.floats(nUsers), plan.floats(nItems), plan.floats(bs), plan.floats(bs)] as const;
  const records = plan.floats(bs * batches * 3);
  const coefs = plan.floats(batches * ADAM_COEF_FLOATS);
  const sse = plan.floats(batches * 2);
  const pred = plan.floats(bs * batches);
  const errors = plan.floats(4);
  const steps = Array.from({ length: batches }, (_, q) => adamStep(q + 1, 0.05, 0.9 - 0.02 * q, 0.1));
  const fill = (kern: Kernels): void => {
    const random = seededRandom(11);
    for (const [table, n, constLane] of [[uTab, nUsers, k + 1], [iTab, nItems, k]] as const) {
      for (let r = 0; r < n; r++) {
        const p = (table >> 2) + r * 3 * s;
        for (let f = 0; f < k + 2; f++) kern.f32[p + f] = random() - 0.5;
        kern.f32[p + constLane] = 1;
      }
    }
    for (let j = 0; j < bs * batches; j++) {
      // users repeat within a batch, so gradient slots accumulate as well as start
      kern.i32[(records >> 2) + 3 * j] = j % 3;
      kern.i32[(records >> 2) + 3 * j + 1] = Math.floor(random() * nItems);
      kern.f32[(records >> 2) + 3 * j + 2] = 1 + Math.floor(random() * 5);
    }
    kern.i32.fill(-1, scratch[2] >> 2, (scratch[2] >> 2) + nUsers);
    kern.i32.fill(-1, scratch[3] >> 2, (scratch[3] >> 2) + nItems);
    steps.forEach((a, q) => kern.f32.set([a.b1, a.c1, a.b2, a.c2, a.step, a.rdb2, a.decay, a.eps], (coefs >> 2) + q * ADAM_COEF_FLOATS));
    kern.dotSetup(uTab, iTab, ...scratch, s, k, 0, 5.5);
  };
  const results = [];
  for (const oneByOne of [false, true]) {
    for (const kern of both(plan.bytes, fill)) {
      if (oneByOne) {
        steps.forEach((_, q) => {
          const c = (coefs >> 2) + q * ADAM_COEF_FLOATS;
          const f = kern.f32;
          kern.f64[(sse >> 3) + q] = kern.dotStep(records + q * bs * 12, bs, f[c], f[c + 1], f[c + 2], f[c + 3], f[c + 4], f[c + 5], f[c + 6], f[c + 7]);
        });
      } else {
        kern.dotSteps(records, bs, batches, coefs, sse);
      }
      for (const [slots, n] of [[scratch[2], nUsers], [scratch[3], nItems]] as const) {
        assert.ok(kern.i32.subarray(slots >> 2, (slots >> 2) + n).every((x) => x === -1), `${kern.name}: slot marks cleared after each batch`);
      }
      kern.dotPredict(records, bs * batches, pred);
      kern.recordErrors(records, bs * batches, pred, errors);
      let se = 0;
      let ae = 0;
      for (let j = 0; j < bs * batches; j++) {
        const e = kern.f32[(pred >> 2) + j] - kern.f32[(records >> 2) + 3 * j + 2];
        se += e * e;
        ae += Math.abs(e);
      }
      assert.ok(Math.abs(kern.f64[errors >> 3] - se) < 1e-9 && Math.abs(kern.f64[(errors >> 3) + 1] - ae) < 1e-9, `${kern.name}: recordErrors`);
      results.push({ name: kern.name, tables: kern.f32.slice(uTab >> 2, (iTab >> 2) + nItems * 3 * s), sse: kern.f64.slice(sse >> 3, (sse >> 3) + batches),
        pred: kern.f32.slice(pred >> 2, (pred >> 2) + bs * batches) });
    }
  }
  const [tsSteps, wasmSteps, tsOne, wasmOne] = results;
  assert.deepEqual(tsSteps, tsOne, 'TypeScript: one call of dotSteps = dotStep after dotStep');
  assert.deepEqual(wasmSteps, wasmOne, 'WebAssembly: one call of dotSteps = dotStep after dotStep');
  assertClose(tsSteps.tables, wasmSteps.tables, 1e-5, 'tables');
  assertClose(tsSteps.pred, wasmSteps.pred, 1e-5, 'predictions');
  for (let q = 0; q < batches; q++) assert.ok(Math.abs(tsSteps.sse[q] - wasmSteps.sse[q]) <= 1e-5 * tsSteps.sse[q], `sse ${q}`);
  // the constant-1 lanes are restored after each update (user 0's lane K+1, item 0's lane K)
  assert.equal(wasmSteps.tables[k + 1], 1);
  assert.equal(wasmSteps.tables[((iTab - uTab) >> 2) + k], 1);
});
