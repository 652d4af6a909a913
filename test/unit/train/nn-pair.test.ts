/**
 * The NN's two-thread step (src/core/train/nn-pair.ts): BatchNorm's split kernels reproduce the
 * full-batch ones (statistics merged from two halves, gradients from two halves' sums), a two-thread
 * fit matches a one-thread fit, and the thread count is chosen as documented.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { seededRandom } from '../../../src/core/data/random';
import { MemoryPlan, type Kernels } from '../../../src/kernels';
import { createTsKernels } from '../../../src/kernels/ts-kernels';
import { compileKernels, createWasmKernels } from '../../../src/kernels/wasm-kernels';
import { createModel } from '../../../src/core/model';
import { EmbeddingNN } from '../../../src/core/model/nn';
import { fit } from '../../../src/core/train/fit';
import { nnThreadsFor } from '../../../src/core/train/engines';
import { plantedDataset, recipe } from './planted-dataset';

const compiled = compileKernels(false);

function kernelSets(bytes: number): Kernels[] {
  assert.ok(compiled, 'this Node has WebAssembly SIMD');
  return [createTsKernels(bytes), createWasmKernels(compiled, bytes)];
}

function assertClose(a: ArrayLike<number>, b: ArrayLike<number>, tol: number, what: string): void {
  assert.equal(a.length, b.length);
  for (let i = 0; i < a.length; i++) {
    assert.ok(Math.abs(a[i] - b[i]) <= tol * Math.max(1, Math.abs(a[i])), `${what}[${i}]: ${a[i]} vs ${b[i]}`);
  }
}

test('BatchNorm from two halves (statistics merged, gradients from both sums) equals the full-batch kernels', () => {
  const sOut = 12;
  const nv = sOut / 4;
  for (const [rows, half] of [[64, 32], [13, 5], [40, 1]]) {
    const plan = new MemoryPlan();
    const z = plan.floats(rows * sOut);
    const dh = plan.floats(rows * sOut);
    const [hFull, hSplit, dzFull, dzSplit] = [0, 0, 0, 0].map(() => plan.floats(rows * sOut));
    const v = Array.from({ length: 16 }, () => plan.floats(sOut));
    const [gamma, beta, meanF, invStdF, runMeanF, runVarF, gGammaF, gBetaF, meanA, m2A, meanB, m2B, mean, invStd, runMean, runVar] = v;
    const gA = plan.floats(2 * sOut);
    const gB = plan.floats(2 * sOut);
    for (const k of kernelSets(plan.bytes)) {
      const random = seededRandom(rows);
      const fill = (at: number, n: number, scale: number, shift: number): void => {
        for (let i = 0; i < n; i++) k.f32[(at >> 2) + i] = scale * random() + shift;
      };
      // pre-activations with a large common offset: a naive sum-of-squares variance would lose digits
      fill(z, rows * sOut, 2, 30);
      for (let i = 0; i < rows * sOut; i += 7) k.f32[(z >> 2) + i] = -1; // some ReLU zeros
      fill(dh, rows * sOut, 2, -1);
      fill(gamma, sOut, 1, 0.5);
      fill(beta, sOut, 1, -0.5);
      fill(runMeanF, sOut, 1, 0);
      k.f32.copyWithin(runMean >> 2, runMeanF >> 2, (runMeanF >> 2) + sOut);
      k.f32.fill(1, runVarF >> 2, (runVarF >> 2) + sOut);
      k.f32.fill(1, runVar >> 2, (runVar >> 2) + sOut);
      // full batch
      k.bnForward(z, hFull, sOut, rows, nv, gamma, beta, meanF, invStdF, runMeanF, runVarF, 1, 0.1, 1e-5);
      k.bnBackward(z, dh, dzFull, sOut, rows, nv, gamma, gGammaF, gBetaF, meanF, invStdF);
      // two halves: rows [0, half) and [half, rows)
      const off = half * sOut * 4;
      k.bnStats(z, sOut, half, nv, meanA, m2A);
      k.bnStats(z + off, sOut, rows - half, nv, meanB, m2B);
      k.bnMerge(meanA, m2A, half, meanB, m2B, rows - half, nv, mean, invStd, runMean, runVar, 1, 0.1, 1e-5);
      k.bnApply(z, hSplit, sOut, half, nv, gamma, beta, mean, invStd);
      k.bnApply(z + off, hSplit + off, sOut, rows - half, nv, gamma, beta, mean, invStd);
      k.bnGradSums(z, dh, sOut, half, nv, gA, gA + sOut * 4, mean, invStd);
      k.bnGradSums(z + off, dh + off, sOut, rows - half, nv, gB, gB + sOut * 4, mean, invStd);
      k.bnGradInput(z, dh, dzSplit, sOut, half, rows, nv, gamma, gA, gB, gA + sOut * 4, gB + sOut * 4, mean, invStd);
      k.bnGradInput(z + off, dh + off, dzSplit + off, sOut, rows - half, rows, nv, gamma, gA, gB, gA + sOut * 4, gB + sOut * 4, mean, invStd);
      k.addVecs(gA, gB, 2 * nv);
      const f = (at: number, n: number): Float32Array => k.f32.slice(at >> 2, (at >> 2) + n);
      const what = `${k.name}, ${rows} rows split at ${half}`;
      assertClose(f(mean, sOut), f(meanF, sOut), 1e-6, `${what}: mean`);
      assertClose(f(invStd, sOut), f(invStdF, sOut), 1e-4, `${what}: 1/std`);
      assertClose(f(runMean, sOut), f(runMeanF, sOut), 1e-6, `${what}: running mean`);
      assertClose(f(runVar, sOut), f(runVarF, sOut), 1e-5, `${what}: running variance`);
      assertClose(f(hSplit, rows * sOut), f(hFull, rows * sOut), 1e-4, `${what}: output`);
      assertClose(f(gA, sOut), f(gGammaF, sOut), 1e-4, `${what}: gamma gradient`);
      assertClose(f(gA + sOut * 4, sOut), f(gBetaF, sOut), 1e-5, `${what}: beta gradient`);
      assertClose(f(dzSplit, rows * sOut), f(dzFull, rows * sOut), 1e-4, `${what}: input gradient`);
    }
  }
});

test('the NN on two threads gives the one-thread results within float rounding', async () => {
  const data = plantedDataset({ users: 300, items: 200, ratingsPerUser: 30 });
  const config = recipe({ model: 'nn', layers: [24, 12], epochs: 2, bs: 64 });
  const runs = [];
  for (const nnThreads of [1, 2] as const) {
    const model = createModel(config, data.userVocab.labels.length, data.itemVocab.labels.length, config.yRange!, config.seed);
    let engine = '';
    const history = await fit(model, data, { config, engine: 'wasm-simd', nnThreads, callbacks: { onTrainBegin: (b) => { engine = b.engine; } } });
    runs.push({ engine, history, weights: (model as EmbeddingNN).weights });
  }
  const [one, two] = runs;
  assert.equal(one.engine, 'wasm-simd');
  assert.equal(two.engine, 'wasm-simd-2-threads');
  one.history.forEach((m, e) => {
    const t = two.history[e];
    assert.ok(Math.abs(m.validMse - t.validMse) < 1e-4, `epoch ${e + 1} valid MSE: ${m.validMse} vs ${t.validMse}`);
    assert.ok(Math.abs(m.trainLoss - t.trainLoss) < 1e-4, `epoch ${e + 1} train loss: ${m.trainLoss} vs ${t.trainLoss}`);
  });
  assertClose(two.weights.outWeight, one.weights.outWeight, 1e-3, 'output weights');
  assertClose(two.weights.hidden[0].runningMean, one.weights.hidden[0].runningMean, 1e-3, 'running mean');
  assertClose(two.weights.hidden[1].runningVar, one.weights.hidden[1].runningVar, 1e-3, 'running variance');
  assertClose(two.weights.userEmbedding, one.weights.userEmbedding, 1e-3, 'user embeddings');
  // and it is deterministic
  const again = createModel(config, data.userVocab.labels.length, data.itemVocab.labels.length, config.yRange!, config.seed);
  const history = await fit(again, data, { config, engine: 'wasm-simd', nnThreads: 2 });
  assert.deepEqual(history.map((m) => m.validMse), two.history.map((m) => m.validMse));
});

test('the NN takes two threads only where they pay', () => {
  const book = recipe({ model: 'nn' });
  const model = createModel(book, 944, 1641, [0, 5.5], 42) as EmbeddingNN;
  const idle = { cores: 2, load: 0.3 };
  assert.equal(nnThreadsFor(model, book, 64, 6250, 'auto', true, idle), 2, 'the book recipe on ML-100K, an idle 2-core machine');
  assert.equal(nnThreadsFor(model, book, 64, 6250, 'auto', true, { cores: 1, load: 0 }), 1, 'one core');
  assert.equal(nnThreadsFor(model, book, 64, 6250, 'auto', true, { cores: 2, load: 3.5 }), 1, 'both cores busy');
  assert.equal(nnThreadsFor(model, book, 64, 6250, 'auto', false, idle), 1, 'TypeScript kernels (no shared memory)');
  assert.equal(nnThreadsFor(model, { ...book, dropout: 0.1 }, 64, 6250, 'auto', true, idle), 1, 'dropout');
  assert.equal(nnThreadsFor(model, book, 16, 6250, 'auto', true, idle), 1, 'halves under 16 rows');
  assert.equal(nnThreadsFor(model, book, 64, 50, 'auto', true, idle), 1, 'too few steps to pay for the thread');
  const small = createModel(recipe({ model: 'nn', layers: [24, 12] }), 600, 300, [0, 5.5], 42) as EmbeddingNN;
  assert.equal(nnThreadsFor(small, book, 32, 6250, 'auto', true, idle), 1, 'small layers: a step is shorter than its barriers');
  assert.equal(nnThreadsFor(small, book, 32, 6250, 2, true, { cores: 1, load: 9 }), 2, 'asked for 2');
  assert.equal(nnThreadsFor(model, book, 64, 6250, 1, true, idle), 1, 'asked for 1');
});

test('the embedding rows kernels (touchRows, gatherRows, scatterRows): WebAssembly equals TypeScript and a plain loop', () => {
  const [nUsers, nItems, du, di, rows] = [9, 7, 6, 5, 11];
  const [su, si, s0] = [8, 8, 12];
  const plan = new MemoryPlan();
  const [records, users, items] = [plan.floats(rows * 3), plan.floats(nUsers * 3 * su), plan.floats(nItems * 3 * si)];
  const [uSlots, iSlots, uList, iList, uGrads, iGrads, x0, dx0] =
    [nUsers, nItems, rows, rows, rows * su, rows * si, rows * s0, rows * s0].map((n) => plan.floats(n));
  const outputs = kernelSets(plan.bytes).map((k) => {
    const random = seededRandom(11);
    for (let b = 0; b < rows; b++) {
      k.i32[(records >> 2) + 3 * b] = Math.floor(random() * nUsers);
      k.i32[(records >> 2) + 3 * b + 1] = Math.floor(random() * nItems);
    }
    for (const [at, n] of [[users, nUsers * 3 * su], [items, nItems * 3 * si], [dx0, rows * s0], [uGrads, rows * su]]) {
      for (let i = 0; i < n; i++) k.f32[(at >> 2) + i] = 2 * random() - 1; // stale gradients: touchRows must zero them
    }
    k.i32.fill(-1, uSlots >> 2, (uSlots >> 2) + nUsers);
    k.i32.fill(-1, iSlots >> 2, (iSlots >> 2) + nItems);
    const nu = k.touchRows(records, rows, 0, uSlots, uList, uGrads, su);
    const ni = k.touchRows(records, rows, 1, iSlots, iList, iGrads, si);
    k.gatherRows(records, rows, users, su, du, items, si, di, x0, s0);
    k.scatterRows(records, rows, dx0, s0, uSlots, uGrads, su, du, iSlots, iGrads, si, di);
    // a plain loop's x0 and gradient slots
    const u = (b: number): number => k.i32[(records >> 2) + 3 * b];
    const it = (b: number): number => k.i32[(records >> 2) + 3 * b + 1];
    for (let b = 0; b < rows; b++) {
      for (let f = 0; f < du; f++) assert.equal(k.f32[(x0 >> 2) + b * s0 + f], k.f32[(users >> 2) + u(b) * 3 * su + f]);
      for (let f = 0; f < di; f++) assert.equal(k.f32[(x0 >> 2) + b * s0 + du + f], k.f32[(items >> 2) + it(b) * 3 * si + f]);
    }
    const slotOf = (slots: number, row: number): number => k.i32[(slots >> 2) + row];
    for (let q = 0; q < nu; q++) {
      const row = k.i32[(uList >> 2) + q];
      assert.equal(slotOf(uSlots, row), q);
      for (let f = 0; f < du; f++) {
        let sum = 0;
        for (let b = 0; b < rows; b++) if (u(b) === row) sum += k.f32[(dx0 >> 2) + b * s0 + f];
        assert.ok(Math.abs(k.f32[(uGrads >> 2) + q * su + f] - sum) < 1e-6, `user slot ${q}[${f}]`);
      }
    }
    return [nu, ni, ...k.f32.slice(x0 >> 2, (x0 >> 2) + rows * s0), ...k.f32.slice(uGrads >> 2, (uGrads >> 2) + nu * su),
      ...k.f32.slice(iGrads >> 2, (iGrads >> 2) + ni * si)];
  });
  assertClose(outputs[1], outputs[0], 1e-6, 'WebAssembly vs TypeScript');
});
