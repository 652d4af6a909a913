import { test } from 'node:test';
import assert from 'node:assert/strict';
import { seededRandom } from '../../../src/core/data/random';
import { shuffleTriples, writeTriples } from '../../../src/core/train/triples';
import { plantedDataset } from './planted-dataset';

test('records keep their (user, item, rating) together through a shuffle, and chunked shuffles equal one pass', () => {
  const data = plantedDataset({ users: 40, ratingsPerUser: 10 });
  const n = data.train.length;
  const make = () => {
    const buf = new ArrayBuffer(16 + n * 12);
    const views = { i32: new Int32Array(buf), f32: new Float32Array(buf) };
    writeTriples(views.i32, views.f32, 16, data, data.train, data.userVocab.labels.length, data.itemVocab.labels.length);
    return views;
  };
  const whole = make();
  shuffleTriples(whole.i32, 16, seededRandom(5), n - 1);
  const chunked = make();
  const random = seededRandom(5);
  for (let from = n - 1; from > 0; from -= 37) shuffleTriples(chunked.i32, 16, random, from, from - 37);
  assert.deepEqual(chunked.i32, whole.i32);
  const key = (u: number, i: number, r: number) => `${u}/${i}/${r}`;
  const before = [...data.train].map((r) => key(data.users[r], data.items[r], data.ratings[r])).sort();
  const after = Array.from({ length: n }, (_, k) => key(whole.i32[4 + 3 * k], whole.i32[5 + 3 * k], whole.f32[6 + 3 * k])).sort();
  assert.deepEqual(after, before);
  assert.throws(() => writeTriples(whole.i32, whole.f32, 16, data, data.train, 1, 1), /outside the model/);
});
