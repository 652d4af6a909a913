import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createModel, defaultYRange, embSizeRule, modelFromTensors, EmbeddingNN } from '../../../src/core/model';
import type { TrainConfig } from '../../../src/core/run/types';

const config = (model: 'dot' | 'nn', extra: Partial<TrainConfig> = {}): TrainConfig => ({
  model, factors: 8, layers: [10, 6], dropout: 0, epochs: 1, lr: 5e-3, wd: 0.1, bs: 64, validPct: 0.2, seed: 1, ...extra,
});

test('embSizeRule follows fastai (944 users -> 74, 1665 titles -> 102, capped at 600)', () => {
  assert.equal(embSizeRule(944), 74);
  assert.equal(embSizeRule(1665), 102);
  assert.equal(embSizeRule(10_000_000), 600);
});

test('defaultYRange gives the book\'s (0, 5.5) for 1-5 stars', () => {
  assert.deepEqual(defaultYRange([1, 5]), [0, 5.5]);
});

test('dot model: tensor names and shapes, fastai trunc-normal init with std 0.01', () => {
  const m = createModel(config('dot'), 30, 20, [0, 5.5], 3);
  assert.deepEqual(m.tensors().map((t) => [t.name, t.shape]), [
    ['userWeight', [30, 8]], ['itemWeight', [20, 8]], ['userBias', [30]], ['itemBias', [20]]]);
  const w = m.tensors()[0].data;
  const std = Math.sqrt(w.reduce((s, x) => s + x * x, 0) / w.length);
  assert.ok(std > 0.006 && std < 0.012, `std ${std}`);
  assert.ok(w.every((x) => Math.abs(x) < 0.02), 'fmod(2) truncation keeps |x| < 2 std');
});

test('dot model: sigmoid_range keeps predictions inside yRange and is the midpoint at zero weights', () => {
  const m = createModel(config('dot'), 5, 5, [1, 5], 3);
  for (const t of m.tensors()) t.data.fill(0);
  assert.deepEqual([...m.predict(Int32Array.of(1), Int32Array.of(2))], [3]);
  for (const t of m.tensors()) t.data.fill(3);
  const p = m.predict(Int32Array.of(0, 4), Int32Array.of(1, 3));
  assert.ok(p.every((x) => x > 1 && x <= 5));
  assert.ok(Math.abs(p[0] - 5) < 1e-5, 'saturates toward hi');
});

test('dot model: prediction is sigmoid_range(u.i + bu + bi)', () => {
  const m = createModel(config('dot', { factors: 2 }), 2, 2, [0, 5], 3);
  const [uw, iw, ub, ib] = m.tensors().map((t) => t.data);
  uw.set([0.5, -1, 0, 0]);
  iw.set([0, 0, 2, 0.25]);
  ub.set([0.1, 0]);
  ib.set([0, -0.3]);
  const x = 0.5 * 2 + -1 * 0.25 + 0.1 - 0.3;
  assert.ok(Math.abs(m.predict(Int32Array.of(0), Int32Array.of(1))[0] - 5 / (1 + Math.exp(-x))) < 1e-6);
});

test('nn model: fastai layer shapes, BatchNorm init (weight 1, bias 1e-3, running 0/1)', () => {
  const m = createModel(config('nn'), 944, 1665, [0, 5.5], 3);
  const shapes = Object.fromEntries(m.tensors().map((t) => [t.name, t.shape]));
  assert.deepEqual(shapes, {
    userEmbedding: [944, 74], itemEmbedding: [1665, 102],
    'layers.0.weight': [10, 176], 'bn.0.weight': [10], 'bn.0.bias': [10], 'bn.0.runningMean': [10], 'bn.0.runningVar': [10],
    'layers.1.weight': [6, 10], 'bn.1.weight': [6], 'bn.1.bias': [6], 'bn.1.runningMean': [6], 'bn.1.runningVar': [6],
    'out.weight': [1, 6], 'out.bias': [1],
  });
  const t = new Map(m.tensors().map((x) => [x.name, x.data]));
  assert.ok(t.get('bn.0.weight')!.every((x) => x === 1));
  assert.ok(t.get('bn.0.bias')!.every((x) => Math.abs(x - 1e-3) < 1e-9));
  assert.ok(t.get('bn.1.runningVar')!.every((x) => x === 1));
  const w = t.get('layers.0.weight')!;
  assert.ok(w.every((x) => Math.abs(x) <= 1 / Math.sqrt(176)), 'PyTorch Linear init bound 1/sqrt(fan_in)');
});

test('nn model: inference is Linear -> ReLU -> BatchNorm(running stats) per layer, then Linear and sigmoid_range', () => {
  const m = createModel(config('nn', { layers: [2] }), 2, 2, [0, 4], 3) as EmbeddingNN;
  const { userEmbedding: ue, itemEmbedding: ie, hidden: [h], outWeight, outBias } = m.weights;
  ue.fill(0);
  ie.fill(0);
  ue[m.userDim] = 1; // user 1, feature 0
  ie[m.itemDim] = 2; // item 1, feature 0 (input index userDim)
  h.weight.fill(0);
  h.weight[0] = 3; // z0 = 3 * 1
  h.weight[h.nIn + m.userDim] = -1; // z1 = -2 -> ReLU 0
  h.runningMean.set([1, 0.5]);
  h.runningVar.set([4, 1]);
  h.bnWeight.set([2, 1]);
  h.bnBias.set([0.5, 0]);
  outWeight.set([1, 10]);
  outBias[0] = -1;
  const b0 = (3 - 1) / Math.sqrt(4 + 1e-5) * 2 + 0.5;
  const b1 = (0 - 0.5) / Math.sqrt(1 + 1e-5);
  const out = b0 + 10 * b1 - 1;
  assert.ok(Math.abs(m.predict(Int32Array.of(1), Int32Array.of(1))[0] - 4 / (1 + Math.exp(-out))) < 1e-5);
});

test('modelFromTensors rebuilds the same model, and names what is wrong with bad tensors', () => {
  for (const kind of ['dot', 'nn'] as const) {
    const cfg = config(kind, { yRange: [0, 5.5] });
    const m = createModel(cfg, 12, 9, [0, 5.5], 5);
    const copy = modelFromTensors(cfg, m.tensors().map((t) => ({ ...t, data: t.data.slice() })));
    const users = Int32Array.of(0, 3, 11);
    const items = Int32Array.of(8, 1, 4);
    assert.deepEqual(copy.predict(users, items), m.predict(users, items));
  }
  const cfg = config('dot', { yRange: [0, 5.5] });
  const tensors = createModel(cfg, 4, 4, [0, 5.5], 5).tensors();
  assert.throws(() => modelFromTensors(cfg, tensors.slice(1)), /userWeight/);
  assert.throws(() => modelFromTensors(cfg, tensors.map((t) => (t.name === 'itemBias' ? { ...t, shape: [3] } : t))), /itemBias/);
  assert.throws(() => modelFromTensors({ ...cfg, yRange: undefined }, tensors), /yRange/);
});

test('createModel is deterministic for a seed', () => {
  const a = createModel(config('nn'), 20, 20, [0, 5.5], 9).tensors();
  const b = createModel(config('nn'), 20, 20, [0, 5.5], 9).tensors();
  const c = createModel(config('nn'), 20, 20, [0, 5.5], 10).tensors();
  assert.deepEqual(a, b);
  assert.notDeepEqual(a[0].data, c[0].data);
});
