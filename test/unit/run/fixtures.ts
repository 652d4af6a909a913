/** Small hand-made runs for the save/load tests. */
import type { RatingsDataset, Vocab } from '../../../src/core/data/types';
import type { SaveRunInput } from '../../../src/core/run/save';
import type { NamedTensor } from '../../../src/core/run/binary';
import { trainingStats, sourceLineIndexes } from '../../../src/core/run/stats';

function vocab(labels: string[]): Vocab {
  return { labels, index: new Map(labels.map((l, i) => [l, i])) };
}

/** 3 users x 4 items, 8 rows on lines 2..9 (line 1 is a header); rows 6 and 7 are the valid split. */
export function tinyDataset(): RatingsDataset {
  return {
    n: 8,
    users: Int32Array.from([1, 1, 2, 2, 3, 3, 1, 2]),
    items: Int32Array.from([1, 2, 1, 3, 2, 3, 3, 2]),
    ratings: Float32Array.from([5, 3, 4, 2, 1, 5, 4, 3]),
    lines: Int32Array.from([2, 3, 4, 5, 6, 7, 8, 9]),
    train: Uint32Array.from([0, 1, 2, 3, 4, 5]),
    valid: Uint32Array.from([6, 7]),
    userVocab: vocab(['#na#', 'u1', 'u2', 'u3']),
    itemVocab: vocab(['#na#', 'Alpha', 'Beta, the "second"', 'Gamma']),
    ratingRange: [1, 5],
    unknownInValid: { users: 0, items: 0 },
    seed: 42,
  };
}

/** Deterministic dot-model tensors for `factors` factors. */
export function dotTensors(nUsers: number, nItems: number, factors: number): NamedTensor[] {
  const fill = (n: number, salt: number): Float32Array => Float32Array.from({ length: n }, (_, i) => Math.sin(i * 0.37 + salt) * 0.1);
  return [
    { name: 'userWeight', shape: [nUsers, factors], data: fill(nUsers * factors, 1) },
    { name: 'itemWeight', shape: [nItems, factors], data: fill(nItems * factors, 2) },
    { name: 'userBias', shape: [nUsers], data: fill(nUsers, 3) },
    { name: 'itemBias', shape: [nItems], data: fill(nItems, 4) },
  ];
}

/** A complete SaveRunInput for the tiny dataset. */
export function tinyRunInput(id = '20261125-190301-dot-ratings'): SaveRunInput {
  const data = tinyDataset();
  const factors = 3;
  return {
    id,
    manifest: {
      createdAt: '2026-11-25T19:03:01.000Z',
      origin: 'trained',
      source: {
        path: '/data/ratings.csv', size: 123, mtimeMs: 1764097381000, sha256: 'ab'.repeat(32),
        format: { delimiter: ',', hasHeader: true, encoding: 'utf8', bom: false, lineEnding: 'lf', quoted: false },
        mapping: { user: 0, item: 1, rating: 2 },
      },
      config: { model: 'dot', factors, layers: [], dropout: 0, epochs: 1, lr: 5e-3, wd: 0.1, bs: 64, validPct: 0.2, seed: 42, yRange: [0, 5.5] },
      engine: 'test',
      vocab: { users: data.userVocab.labels, items: data.itemVocab.labels },
      stats: trainingStats(data),
      metrics: [{ epoch: 0, trainLoss: 1.5, validMse: 1.2, validRmse: Math.sqrt(1.2), validMae: 0.9, seconds: 0.01 }],
      timings: { loadSeconds: 0.1, trainSeconds: 0.2, saveSeconds: 0 },
    },
    tensors: dotTensors(4, 4, factors),
    lineIndexes: sourceLineIndexes(data),
  };
}
