/**
 * A saved run built in memory with a planted structure, for the panel tests: items fall in genre
 * clusters (their factors point the same way), "Classic" items have the highest biases and "Dud"
 * items the lowest, rating counts fall off like real popularity, and one title is an XSS attempt.
 */
import { normal, seededRandom } from '../../src/core/data/random';
import type { EpochMetrics, LoadedRun, RunManifest } from '../../src/core/run/types';

export const XSS_TITLE = '<img src=x onerror=alert(1)>';
export const GENRES = ['Western', 'Romance', 'Space Opera', 'Heist'];

export interface FixtureOptions {
  items?: number; users?: number; factors?: number; seed?: number; linesPerLabel?: number;
  /** Titles for items 3, 4, ... (most rated and highest biases, so every view shows them). */
  hostileLabels?: readonly string[];
  runId?: string;
}

/** The cluster of item vocab index i (index 0 is '#na#'). */
export function genreOf(index: number): number {
  return (index - 1) % GENRES.length;
}

/** Titles like "Western 12 (1994)"; item 3 is the XSS title, items 1-2 are classics, the last two duds. */
export function itemTitle(index: number, nItems: number): string {
  if (index === 3) return XSS_TITLE;
  const genre = GENRES[genreOf(index)];
  const year = 1950 + (index * 7) % 70;
  if (index <= 2) return `Classic ${genre} ${index} (${year})`;
  if (index >= nItems - 2) return `Dud ${genre} ${index} (${year})`;
  return `${genre} ${index} (${year})`;
}

/** Builds the run (vocab sizes include '#na#' at index 0). */
export function fixtureRun(options: FixtureOptions = {}): LoadedRun {
  const nItems = (options.items ?? 200) + 1;
  const nUsers = (options.users ?? 120) + 1;
  const factors = options.factors ?? 8;
  const random = seededRandom(options.seed ?? 7);
  const hostile = options.hostileLabels ?? [];
  const items = ['#na#', ...Array.from({ length: nItems - 1 }, (_, i) => itemTitle(i + 1, nItems))];
  hostile.forEach((label, k) => { items[3 + k] = label; });
  const isHostile = (i: number) => i >= 3 && i < 3 + hostile.length;
  const users = ['#na#', ...Array.from({ length: nUsers - 1 }, (_, i) => String(i + 1))];

  const itemWeight = new Float32Array(nItems * factors);
  const itemBias = new Float32Array(nItems);
  const itemCount: number[] = [0];
  const itemMean: number[] = [0];
  for (let i = 1; i < nItems; i++) {
    const g = genreOf(i);
    for (let f = 0; f < factors; f++) itemWeight[i * factors + f] = (f % GENRES.length === g ? 0.8 : 0) + 0.12 * normal(random);
    const planted = isHostile(i) ? 1.5 - 0.01 * (i - 3) : i <= 3 ? 1.2 - i * 0.05 : i >= nItems - 2 ? -1.1 : 0.25 * normal(random);
    itemBias[i] = planted;
    itemCount.push(isHostile(i) ? 5000 - i : Math.max(1, Math.round(900 / Math.sqrt(i) * (0.7 + 0.6 * random()))));
    itemMean.push(Math.min(5, Math.max(1, 3.5 + planted + 0.2 * normal(random))));
  }
  const userWeight = new Float32Array(nUsers * factors);
  const userBias = new Float32Array(nUsers);
  const userCount: number[] = [0];
  const userMean: number[] = [0];
  for (let u = 1; u < nUsers; u++) {
    for (let f = 0; f < factors; f++) userWeight[u * factors + f] = (f % GENRES.length === u % GENRES.length ? 0.7 : 0) + 0.1 * normal(random);
    userBias[u] = 0.2 * normal(random);
    userCount.push(5 + Math.floor(random() * 80));
    userMean.push(3.5 + userBias[u]);
  }

  const perLabel = options.linesPerLabel ?? 6;
  const csr = (n: number, stride: number) => {
    const offsets = new Int32Array(n + 1);
    const lines: number[] = [];
    for (let i = 0; i < n; i++) {
      offsets[i] = lines.length;
      if (i > 0) for (let k = 0; k < perLabel; k++) lines.push(2 + i + k * stride);
    }
    offsets[n] = lines.length;
    return { offsets, lines: Int32Array.from(lines) };
  };
  const itemRows = csr(nItems, nItems);
  const userRows = csr(nUsers, nUsers);

  const metrics: EpochMetrics[] = [0, 1, 2, 3, 4].map((e) => ({
    epoch: e + 1, trainLoss: 1.3 - 0.12 * e - 0.02 * e * e, validMse: 1.1 - 0.07 * e, validRmse: Math.sqrt(1.1 - 0.07 * e),
    validMae: 0.85 - 0.04 * e, seconds: 0.4 + 0.01 * e,
  }));
  const manifest: RunManifest = {
    version: 1, id: options.runId ?? '20261125-190301-dot-ratings', createdAt: '2026-11-25T19:03:01Z', origin: 'trained',
    source: {
      path: '/data/ratings.csv', size: 1234, mtimeMs: 0, sha256: 'x',
      format: { delimiter: ',', header: true, encoding: 'utf8', quote: '"' } as never,
      mapping: { user: 0, item: 1, rating: 2 } as never,
    },
    config: { model: 'dot', factors, layers: [], dropout: 0, epochs: 5, lr: 5e-3, wd: 0.1, bs: 64, validPct: 0.2, seed: 42 },
    engine: 'wasm-simd',
    vocab: { users, items },
    stats: { userCount, userMean, itemCount, itemMean },
    tensors: [],
    metrics,
    timings: { loadSeconds: 0.12, trainSeconds: 2.05, saveSeconds: 0.03 },
  };
  const tensors: LoadedRun['tensors'] = new Map([
    ['userWeight', { shape: [nUsers, factors], data: userWeight }],
    ['itemWeight', { shape: [nItems, factors], data: itemWeight }],
    ['userBias', { shape: [nUsers], data: userBias }],
    ['itemBias', { shape: [nItems], data: itemBias }],
  ]);
  return {
    dir: '/data/.collab/runs/20261125-190301-dot-ratings', manifest, tensors,
    rows: { itemOffsets: itemRows.offsets, itemLines: itemRows.lines, userOffsets: userRows.offsets, userLines: userRows.lines },
  };
}
