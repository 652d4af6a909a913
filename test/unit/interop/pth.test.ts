import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { readZip, writeStoredZip } from '../../../src/core/interop/zip';
import { encodeStateDict, readTorchFile, type ReadTensor } from '../../../src/core/interop/torch-file';
import { NEEDS_CODE, PyDict, unpickle } from '../../../src/core/interop/pickle-read';
import { exportPth } from '../../../src/core/interop/pth-export';
import { importEmbeddings } from '../../../src/core/analysis/import';
import { createModel, modelFromTensors } from '../../../src/core/model';
import { RUN_FORMAT_VERSION, type LoadedRun, type TrainConfig } from '../../../src/core/run/types';

const ROOT = resolve(__dirname, '../../../..');
const CLI = join(ROOT, 'bin', 'collab.js');
const dirs: string[] = [];
const tmp = (): string => { const d = mkdtempSync(join(tmpdir(), 'collab-pth-')); dirs.push(d); return d; };
test.after(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }); });

const enc = (s: string): number[] => [...new TextEncoder().encode(s)];
const u32 = (n: number): number[] => [n & 0xff, (n >> 8) & 0xff, (n >> 16) & 0xff, (n >> 24) & 0xff];
const unicode = (s: string): number[] => [0x58, ...u32(enc(s).length), ...enc(s)];
/** A zip holding `pickle` as archive/data.pkl, as torch.save lays it out. */
const torchZip = (pickle: number[]): Uint8Array => writeStoredZip([
  { name: 'archive/data.pkl', data: Uint8Array.from(pickle) }, { name: 'archive/version', data: Uint8Array.from(enc('3\n')) },
]);

function run(model: 'dot' | 'nn'): LoadedRun {
  const config: TrainConfig = { model, factors: 6, layers: [10, 4], dropout: 0.1, epochs: 3, lr: 5e-3, wd: 0.1, bs: 64, validPct: 0.2, seed: 3, yRange: [0, 5.5] };
  const users = ['#na#', ...Array.from({ length: 14 }, (_, k) => String(k + 1))];
  const items = ['#na#', ...Array.from({ length: 9 }, (_, k) => `Film ${k}`)];
  const m = createModel(config, users.length, items.length, config.yRange!, 11);
  // Give BatchNorm statistics values a fresh model would not have, so a wrong mapping shows.
  const tensors = new Map(m.tensors().map((t) => [t.name, { shape: t.shape, data: t.data.map((x, i) => x + (t.name.startsWith('bn.') ? 0.01 * (i + 1) : 0.3 * Math.sin(i))) }]));
  return {
    dir: '', tensors,
    manifest: { version: RUN_FORMAT_VERSION, id: `r-${model}`, createdAt: new Date(0).toISOString(), origin: 'trained', config, vocab: { users, items }, tensors: [], metrics: [] },
  };
}

function allPairs(r: LoadedRun): [Int32Array, Int32Array] {
  const us: number[] = [], is: number[] = [];
  for (let u = 0; u < r.manifest.vocab.users.length; u++) for (let i = 0; i < r.manifest.vocab.items.length; i++) { us.push(u); is.push(i); }
  return [Int32Array.from(us), Int32Array.from(is)];
}

test('zip: stored records read back, data 64-byte aligned; truncation and a flipped byte are clear errors', () => {
  const entries = [{ name: 'a/data.pkl', data: Uint8Array.of(1, 2, 3) }, { name: 'a/data/0', data: new Uint8Array(1000).map((_, i) => i) }];
  const zip = writeStoredZip(entries);
  const back = readZip(zip);
  assert.deepEqual(back.map((e) => [e.name, [...e.data]]), entries.map((e) => [e.name, [...e.data]]));
  const at = Buffer.from(zip).indexOf(Buffer.from(entries[1].data.subarray(0, 16)));
  assert.equal(at % 64, 0);
  assert.throws(() => readZip(zip.subarray(0, zip.length - 30), 'x.pth'), /x\.pth is not a readable ZIP archive .*truncated or corrupt/);
  const flipped = zip.slice();
  flipped[at + 5] ^= 0xff;
  assert.throws(() => readZip(flipped, 'x.pth'), /x\.pth is not a readable ZIP archive \(Zip entry a\/data\/0 is corrupt \(CRC-32 mismatch\)\)/);
});

test('state dict: what Collab writes, its own reader reads back exactly (float32 and int64)', () => {
  const w = Float32Array.of(1.5, -2, 3.25, 0, 1e-30, 7);
  const bytes = encodeStateDict([{ name: 'm.weight', shape: [2, 3], data: w }, { name: 'n', shape: [], data: BigInt64Array.of(42n) }]);
  const root = readTorchFile(bytes, 't.pth') as PyDict;
  const m = root.map.get('m.weight') as ReadTensor;
  assert.deepEqual(m.shape, [2, 3]);
  assert.deepEqual(m.data, w);
  assert.deepEqual([...(root.map.get('n') as ReadTensor).data], [42]);
});

test('hostile pickles are refused before anything could run, with the product\'s message', () => {
  const marker = join(tmp(), 'pwned');
  // What pickle.dumps writes for an object whose __reduce__ returns (os.system, ('touch ...',)).
  const systemCall = [0x80, 0x02, 0x63, ...enc('posix\nsystem\n'), 0x71, 0x00, ...unicode(`touch ${marker}`), 0x85, 0x52, 0x2e];
  // The same through protocol 4's STACK_GLOBAL, and builtins.eval, and subprocess via NEWOBJ.
  const stackGlobal = [0x80, 0x04, 0x8c, 2, ...enc('os'), 0x8c, 6, ...enc('system'), 0x93, ...unicode('id'), 0x85, 0x52, 0x2e];
  const evalCall = [0x80, 0x02, 0x63, ...enc('builtins\neval\n'), ...unicode('1+1'), 0x85, 0x52, 0x2e];
  // An allowed global called in a way a state dict never does (a storage class as a function).
  const storageCall = [0x80, 0x02, 0x63, ...enc('torch\nFloatStorage\n'), 0x29, 0x52, 0x2e];
  // A learn.save() dict whose optimizer state hides the call: refused too, though 'model' is fine.
  const hiddenInOpt = [0x80, 0x02, 0x7d, 0x28, ...unicode('opt'), 0x63, ...enc('os\nsystem\n'), ...unicode('id'), 0x85, 0x52, 0x75, 0x2e];
  for (const pickle of [systemCall, stackGlobal, evalCall, storageCall, hiddenInOpt]) {
    assert.throws(() => readTorchFile(torchZip(pickle), 'evil.pth'), (err: Error) => err.message.includes(NEEDS_CODE));
  }
  assert.throws(() => unpickle(Uint8Array.from(systemCall)), /it refers to posix\.system/);
  assert.throws(() => unpickle(Uint8Array.from(storageCall)), /it calls torch\.FloatStorage/);
  assert.equal(existsSync(marker), false);
});

test('legacy (pre-1.6) and non-PyTorch files: errors that say what to do', () => {
  const legacy = Uint8Array.of(0x80, 0x02, 0x8a, 0x0a, 0x6c, 0xfc, 0x9c, 0x46, 0xf9, 0x20, 0x6a, 0xa8, 0x50, 0x19, 0x2e);
  assert.throws(() => readTorchFile(legacy, 'old.pth'), /legacy .*_use_new_zipfile_serialization=True/);
  assert.throws(() => readTorchFile(Uint8Array.from(enc('hello')), 'x.pth'), /not a PyTorch file/);
  assert.throws(() => readTorchFile(writeStoredZip([{ name: 'a.txt', data: Uint8Array.of(1) }]), 'x.pth'), /no data\.pkl/);
});

for (const model of ['dot', 'nn'] as const) {
  test(`${model}: export as pth, import back, same predictions for every pair`, async () => {
    const r = run(model);
    const dir = tmp();
    await exportPth(r, dir);
    const classes = JSON.parse(readFileSync(join(dir, 'classes.json'), 'utf8')) as Record<string, string[]>;
    assert.deepEqual(Object.values(classes), [r.manifest.vocab.users, r.manifest.vocab.items]);
    const back = await importEmbeddings([join(dir, 'model.pth'), join(dir, 'classes.json')]);
    assert.equal(back.manifest.config?.model, model);
    assert.deepEqual(back.manifest.vocab, r.manifest.vocab);
    const [us, is] = allPairs(r);
    const want = modelFromTensors(r.manifest.config!, r.tensors).predict(us, is);
    const got = modelFromTensors(back.manifest.config!, back.tensors).predict(us, is);
    assert.deepEqual(got, want);
  });
}

test('labels from the training ratings: fastai\'s vocabulary rebuilt (ids by value, titles by code point, #na# first)', async () => {
  const r = run('nn');
  const dir = tmp();
  await exportPth(r, dir);
  const { users, items } = r.manifest.vocab;
  // Rows in a shuffled order, so only sorting can give the model's numbering.
  const rows = users.slice(1).flatMap((u, k) => [`${u},${items[1 + ((k * 5) % 9)]},4`, `${u},${items[1 + ((k * 7 + 3) % 9)]},2`]).reverse();
  writeFileSync(join(dir, 'ratings.csv'), `user,item,rating\n${rows.join('\n')}\n`);
  const back = await importEmbeddings([join(dir, 'model.pth'), join(dir, 'ratings.csv')]);
  assert.deepEqual(back.manifest.vocab, { users, items });
  writeFileSync(join(dir, 'fewer.csv'), `user,item,rating\n${rows.slice(2).join('\n')}\n`);
  await assert.rejects(importEmbeddings([join(dir, 'model.pth'), join(dir, 'fewer.csv')]), /vocabulary comes from the training split only/);
});

test('bad input: labels that do not fit, another architecture, NaN; nothing is half-imported', async () => {
  const r = run('dot');
  const dir = tmp();
  await exportPth(r, dir);
  const pth = join(dir, 'model.pth');
  writeFileSync(join(dir, 'short.json'), JSON.stringify({ user: r.manifest.vocab.users, title: r.manifest.vocab.items.slice(1) }));
  await assert.rejects(importEmbeddings([pth, join(dir, 'short.json')]), /has 15 users x 10 items but short\.json gives 15 user and 9 item labels/);
  await assert.rejects(importEmbeddings([pth]), /no labels: give classes\.json/);
  const other = join(dir, 'resnet.pth');
  writeFileSync(other, encodeStateDict([{ name: 'conv1.weight', shape: [2, 2], data: new Float32Array(4) }, { name: 'fc.bias', shape: [2], data: new Float32Array(2) }]));
  await assert.rejects(importEmbeddings([other, join(dir, 'classes.json')]), (err: Error) =>
    /Expected the parameters of EmbeddingDotBias \(u_weight\.weight, i_weight\.weight/.test(err.message) && /found conv1\.weight, fc\.bias/.test(err.message));
  const nan = join(dir, 'nan.pth');
  const bad = Float32Array.from(r.tensors.get('itemWeight')!.data);
  bad[7] = NaN;
  writeFileSync(nan, encodeStateDict([
    { name: 'u_weight.weight', ...r.tensors.get('userWeight')! }, { name: 'i_weight.weight', shape: r.tensors.get('itemWeight')!.shape, data: bad },
    { name: 'u_bias.weight', shape: [15, 1], data: r.tensors.get('userBias')!.data }, { name: 'i_bias.weight', shape: [10, 1], data: r.tensors.get('itemBias')!.data },
  ]));
  await assert.rejects(importEmbeddings([nan, join(dir, 'classes.json')]), /'i_weight\.weight' holds a NaN/);
  // Through the CLI: a failed import leaves no run folder behind.
  const runs = join(dir, 'runs');
  const cut = join(dir, 'cut.pth');
  writeFileSync(cut, readFileSync(pth).subarray(0, readFileSync(pth).length - 40));
  for (const [file, labels] of [[nan, 'classes.json'], [pth, 'short.json'], [cut, 'classes.json']]) {
    const args = [file, '--labels', join(dir, labels)];
    let failed = false;
    try { execFileSync('node', [CLI, 'import', ...args, '--out', 'x', '--runs', runs], { stdio: 'pipe' }); } catch { failed = true; }
    assert.ok(failed, args.join(' '));
    assert.deepEqual(existsSync(runs) ? readdirSync(runs).filter((n) => !n.startsWith('.')) : [], []);
  }
  // And a good one lands whole, with hyperparameters.json's y_range.
  const out = execFileSync('node', [CLI, 'import', pth, '--labels', join(dir, 'classes.json'), '--out', 'ok', '--runs', runs], { encoding: 'utf8' });
  assert.match(out, /EmbeddingDotBias \(6 factors\) of 15 users x 10 items, y_range \(0, 5\.5\)/);
});
