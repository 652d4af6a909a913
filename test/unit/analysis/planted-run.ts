/**
 * A LoadedRun built directly with planted factors (no training): items are cluster centroids plus
 * noise, users sit on their cluster's centroid, a few items get large positive/negative biases.
 */
import type { LoadedRun } from '../../../src/core/run/types';

export interface PlantedRun {
  run: LoadedRun;
  /** Cluster of each item vocab index (-1 for '#na#' and the good/bad items). */
  itemCluster: number[];
  userCluster: number[];
  good: number[];
  bad: number[];
  /** Item indices each user rated (as written into the rows index). */
  rated: Set<number>[];
}

/** The data generator's seeded PRNG and normal draw, so tests are reproducible. */
import { seededRandom as rng, normal as gaussian } from '../../../src/core/data/random';
export { rng, gaussian };

const NAMES = ['Western', 'Space Opera', 'Film Noir', 'Musical'];

export function plantedRun(options: { clusters?: number; perCluster?: number; usersPerCluster?: number; dim?: number; seed?: number } = {}): PlantedRun {
  const { clusters = 3, perCluster = 20, usersPerCluster = 10, dim = 8, seed = 7 } = options;
  const random = rng(seed);
  const centroids = Array.from({ length: clusters }, () => Array.from({ length: dim }, () => gaussian(random)));
  const itemLabels = ['#na#'];
  const itemIds = ['#na#'];
  const itemCluster = [-1];
  for (let c = 0; c < clusters; c++) {
    for (let k = 0; k < perCluster; k++) { itemLabels.push(`${NAMES[c % NAMES.length]} ${k + 1} (199${k % 10})`); itemCluster.push(c); }
  }
  const good = [itemLabels.length, itemLabels.length + 1];
  itemLabels.push('Classic, The (1950)', 'Masterpiece "Uno" (1960)');
  const bad = [itemLabels.length, itemLabels.length + 1];
  itemLabels.push('Dud Returns (1996)', 'Dud 2: Even Worse (1997)');
  while (itemCluster.length < itemLabels.length) itemCluster.push(-1);
  for (let i = 1; i < itemLabels.length; i++) itemIds.push(String(100 + i));
  const nItems = itemLabels.length;

  const itemWeight = new Float32Array(nItems * dim);
  const itemBias = new Float32Array(nItems);
  for (let i = 1; i < nItems; i++) {
    const c = itemCluster[i];
    for (let j = 0; j < dim; j++) itemWeight[i * dim + j] = (c >= 0 ? centroids[c][j] : 0) + 0.25 * gaussian(random);
    itemBias[i] = good.includes(i) ? 1.5 + 0.1 * i / nItems : bad.includes(i) ? -1.5 - 0.1 * i / nItems : 0.2 * gaussian(random);
  }
  const userLabels = ['#na#'];
  const userCluster = [-1];
  for (let c = 0; c < clusters; c++) for (let k = 0; k < usersPerCluster; k++) { userLabels.push(`u${c * usersPerCluster + k + 1}`); userCluster.push(c); }
  const nUsers = userLabels.length;
  const userWeight = new Float32Array(nUsers * dim);
  const userBias = new Float32Array(nUsers);
  for (let u = 1; u < nUsers; u++) {
    for (let j = 0; j < dim; j++) userWeight[u * dim + j] = 0.5 * centroids[userCluster[u]][j] + 0.1 * gaussian(random);
    userBias[u] = 0.1 * gaussian(random);
  }

  // Each user rated a third of their own cluster's items, in file order.
  const rated: Set<number>[] = userLabels.map(() => new Set<number>());
  const pairs: [number, number][] = [];
  for (let u = 1; u < nUsers; u++) {
    for (let i = 1; i < nItems; i++) {
      if (itemCluster[i] === userCluster[u] && random() < 0.33) { rated[u].add(i); pairs.push([u, i]); }
    }
  }
  const csr = (n: number, key: (p: [number, number]) => number) => {
    const offsets = new Int32Array(n + 1);
    pairs.forEach((p) => offsets[key(p) + 1]++);
    for (let i = 0; i < n; i++) offsets[i + 1] += offsets[i];
    const cursor = offsets.slice(0, n);
    const lines = new Int32Array(pairs.length);
    pairs.forEach((p, r) => { lines[cursor[key(p)]++] = r + 2; }); // line 1 is the header
    return { offsets, lines };
  };
  const itemRows = csr(nItems, (p) => p[1]);
  const userRows = csr(nUsers, (p) => p[0]);
  const itemCount = Array.from({ length: nItems }, (_, i) => (i === 0 ? 0 : good.includes(i) || bad.includes(i) ? 200 : 5 + Math.floor(random() * 60)));
  // '#na#' has no training rows: its mean is NaN, as in real runs (null once through run.json).
  const itemMean = itemBias.map((b, i) => (i === 0 ? NaN : 3.5 + b));
  const userCount = Array.from({ length: nUsers }, (_, u) => rated[u].size);
  const userMean = Array.from({ length: nUsers }, () => 3.5);

  const run: LoadedRun = {
    dir: '',
    manifest: {
      version: 1, id: 'planted', createdAt: '2026-11-25T00:00:00Z', origin: 'trained',
      config: { model: 'dot', factors: dim, layers: [], dropout: 0, epochs: 1, lr: 0.005, wd: 0.1, bs: 64, validPct: 0.2, seed, yRange: [0, 5.5] },
      vocab: { users: userLabels, items: itemLabels, itemIds },
      stats: { userCount, userMean, itemCount, itemMean: Array.from(itemMean) },
      tensors: [], metrics: [],
    },
    tensors: new Map([
      ['userWeight', { shape: [nUsers, dim], data: userWeight }],
      ['itemWeight', { shape: [nItems, dim], data: itemWeight }],
      ['userBias', { shape: [nUsers], data: userBias }],
      ['itemBias', { shape: [nItems], data: itemBias }],
    ]),
    rows: { itemOffsets: itemRows.offsets, itemLines: itemRows.lines, userOffsets: userRows.offsets, userLines: userRows.lines },
  };
  return { run, itemCluster, userCluster, good, bad, rated };
}
