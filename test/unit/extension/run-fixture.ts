/** A LoadedRun with planted structure for extension tests: items in clusters, labelled by title. */
import type { LoadedRun } from '../../../src/core/run/types';
import { seededRandom, normal } from '../../../src/core/data/random';

/** nItems items (plus '#na#') in `clusters` clusters: item i (1-based) is in cluster (i-1) % clusters. */
export function plantedRun(options: { nItems: number; nUsers: number; dim?: number; clusters?: number; titles?: (i: number) => string }): LoadedRun {
  const { nItems, nUsers } = options;
  const dim = options.dim ?? 16;
  const clusters = options.clusters ?? 4;
  const random = seededRandom(7);
  const centres = Array.from({ length: clusters }, () => Float32Array.from({ length: dim }, () => normal(random)));
  const n = nItems + 1;
  const itemWeight = new Float32Array(n * dim);
  const itemBias = new Float32Array(n);
  for (let i = 1; i < n; i++) {
    const c = centres[(i - 1) % clusters];
    for (let j = 0; j < dim; j++) itemWeight[i * dim + j] = c[j] + 0.2 * normal(random);
    itemBias[i] = ((i % 7) - 3) / 10;
  }
  const u = nUsers + 1;
  const userWeight = new Float32Array(u * dim);
  for (let k = dim; k < u * dim; k++) userWeight[k] = normal(random) * 0.3;
  const userBias = new Float32Array(u);
  const title = options.titles ?? ((i: number) => `Movie ${i} (1995)`);
  const items = ['#na#', ...Array.from({ length: nItems }, (_, k) => title(k + 1))];
  const itemIds = ['#na#', ...Array.from({ length: nItems }, (_, k) => String(k + 1))];
  const users = ['#na#', ...Array.from({ length: nUsers }, (_, k) => String(k + 1))];
  return {
    dir: '/runs/planted',
    manifest: {
      version: 1, id: 'planted', createdAt: '2026-11-25T00:00:00Z', origin: 'trained',
      config: { model: 'dot', factors: dim, layers: [], dropout: 0, epochs: 1, lr: 0.01, wd: 0, bs: 64, validPct: 0.2, seed: 1, yRange: [0, 5.5] },
      vocab: { users, items, itemIds },
      stats: {
        itemCount: items.map((_, i) => (i === 0 ? 0 : 10 + (i % 5))), itemMean: items.map((_, i) => (i === 0 ? 0 : 3 + (i % 3) / 2)),
        userCount: users.map(() => 20), userMean: users.map(() => 3.5),
      },
      tensors: [], metrics: [],
    },
    tensors: new Map([
      ['itemWeight', { shape: [n, dim], data: itemWeight }],
      ['itemBias', { shape: [n], data: itemBias }],
      ['userWeight', { shape: [u, dim], data: userWeight }],
      ['userBias', { shape: [u], data: userBias }],
    ]),
  };
}
