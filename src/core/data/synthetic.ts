/**
 * Ratings with a planted structure, for tests, benchmarks and the demo: users and items fall in
 * clusters, a user cluster likes "its" item cluster and dislikes the others, and a few items are
 * universally good or bad. A model that works finds all of this again (neighbours of an item
 * come from its cluster, the good items get the highest biases).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { normal, seededRandom } from './random';

export interface PlantedOptions {
  seed?: number;
  users?: number;
  items?: number;
  userClusters?: number;
  itemClusters?: number;
  /** Average ratings per user (each user gets 0.3x to 1.7x of it, at least 5). */
  ratingsPerUser?: number;
  /** Items every cluster rates highly ("Classic ..." titles). */
  goodItems?: number;
  /** Items every cluster rates poorly ("Dud ..." titles). */
  badItems?: number;
  /** Standard deviation of the rating noise. */
  noise?: number;
  /** '1-5': whole stars (MovieLens 100K); 'half-stars': 0.5 to 5 in halves (MovieLens latest). */
  scale?: '1-5' | 'half-stars';
  /** The last N items reuse earlier items' titles (as ML-100K has 1,664 titles for 1,682 ids). */
  duplicateTitles?: number;
}

/** The generated ratings (ids are 1-based numbers) and the structure planted in them. */
export interface PlantedRatings {
  n: number;
  nUsers: number;
  nItems: number;
  /** Row r: user id users[r] (1..nUsers) rated item id items[r] (1..nItems) ratings[r] at timestamps[r]. */
  users: Int32Array;
  items: Int32Array;
  ratings: Float32Array;
  timestamps: Float64Array;
  /** Cluster of user id u at index u - 1. */
  userCluster: Int32Array;
  /** Cluster of item id i at index i - 1. */
  itemCluster: Int32Array;
  /** Row-major [userClusters x itemClusters] affinity added to the rating. */
  affinity: Float32Array;
  userClusters: number;
  itemClusters: number;
  /** Item ids planted as universally good / bad. */
  goodItems: number[];
  badItems: number[];
  /** Title of item id i at index i - 1 (some have commas, quotes and Latin-1 letters). */
  titles: string[];
  /** Name of each item cluster, used in the titles ("Western 12 (1994)"). */
  clusterNames: string[];
}

const CLUSTER_NAMES = ['Western', 'Space Opera', 'Film Noir', 'Musical', 'Heist', 'Romance', 'Horror',
  'Documentary', 'Samurai', 'Cartoon', 'Spy', 'Courtroom'];
const BASE_RATING = 3.2;
const QUALITY = 1.8;
const FIRST_TIMESTAMP = 874_724_710;
/** Share of a user's ratings drawn from the item cluster they like (people watch what they like). */
const OWN_CLUSTER_SHARE = 0.35;

/** Generates planted-structure ratings; the same options and seed give the same data. */
export function generatePlanted(options: PlantedOptions = {}): PlantedRatings {
  const o = {
    seed: 42, users: 300, items: 200, userClusters: 3, itemClusters: 3, ratingsPerUser: 40,
    goodItems: 5, badItems: 5, noise: 0.5, scale: '1-5' as const, duplicateTitles: 0, ...options,
  };
  const random = seededRandom(o.seed);
  const userCluster = Int32Array.from({ length: o.users }, (_, u) => u % o.userClusters);
  const itemCluster = Int32Array.from({ length: o.items }, (_, i) => i % o.itemClusters);
  const affinity = plantAffinity(o.userClusters, o.itemClusters, random);
  const userBias = Float32Array.from({ length: o.users }, () => 0.3 * normal(random));
  const quality = new Float32Array(o.items);
  const picks = distinctPicks(o.items, o.goodItems + o.badItems, random);
  const goodItems = picks.slice(0, o.goodItems).map((i) => i + 1);
  const badItems = picks.slice(o.goodItems).map((i) => i + 1);
  for (const id of goodItems) quality[id - 1] = QUALITY;
  for (const id of badItems) quality[id - 1] = -QUALITY;
  const cumulative = popularity(o.items, random);

  const users: number[] = [], items: number[] = [], ratings: number[] = [], timestamps: number[] = [];
  let time = FIRST_TIMESTAMP;
  for (let u = 0; u < o.users; u++) {
    const want = Math.min(o.items, Math.max(5, Math.round(o.ratingsPerUser * (0.3 + 1.4 * random()))));
    const seen = new Set<number>();
    while (seen.size < want) {
      const i = random() < OWN_CLUSTER_SHARE ? pickInCluster(userCluster[u] % o.itemClusters, o.itemClusters, o.items, random)
        : seen.size < o.items * 0.8 ? pickWeighted(cumulative, random) : Math.floor(random() * o.items);
      if (seen.has(i)) continue;
      seen.add(i);
      const raw = BASE_RATING + userBias[u] + affinity[userCluster[u] * o.itemClusters + itemCluster[i]]
        + quality[i] + o.noise * normal(random);
      users.push(u + 1);
      items.push(i + 1);
      ratings.push(o.scale === 'half-stars' ? clamp(Math.round(raw * 2) / 2, 0.5, 5) : clamp(Math.round(raw), 1, 5));
      time += 1 + Math.floor(random() * 600);
      timestamps.push(time);
    }
  }
  const clusterNames = Array.from({ length: o.itemClusters }, (_, c) =>
    CLUSTER_NAMES[c % CLUSTER_NAMES.length] + (c >= CLUSTER_NAMES.length ? ` ${Math.floor(c / CLUSTER_NAMES.length) + 1}` : ''));
  const titles = makeTitles(itemCluster, clusterNames, new Set(goodItems), new Set(badItems), o.duplicateTitles);
  return {
    n: users.length, nUsers: o.users, nItems: o.items,
    users: Int32Array.from(users), items: Int32Array.from(items), ratings: Float32Array.from(ratings),
    timestamps: Float64Array.from(timestamps), userCluster, itemCluster, affinity,
    userClusters: o.userClusters, itemClusters: o.itemClusters, goodItems, badItems, titles, clusterNames,
  };
}

/** A user cluster likes the item cluster with its own number (mod) and dislikes the rest. */
function plantAffinity(userClusters: number, itemClusters: number, random: () => number): Float32Array {
  const a = new Float32Array(userClusters * itemClusters);
  for (let uc = 0; uc < userClusters; uc++) {
    for (let ic = 0; ic < itemClusters; ic++) {
      a[uc * itemClusters + ic] = ic === uc % itemClusters ? 1.0 : -0.6 + 0.15 * normal(random);
    }
  }
  return a;
}

/** `count` distinct indices below `n`. */
function distinctPicks(n: number, count: number, random: () => number): number[] {
  const picked = new Set<number>();
  while (picked.size < Math.min(n, count)) picked.add(Math.floor(random() * n));
  return [...picked];
}

/** Cumulative Zipf-like popularity over a random ranking of the items (some are rated far more). */
function popularity(n: number, random: () => number): Float64Array {
  const rank = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [rank[i], rank[j]] = [rank[j], rank[i]];
  }
  const cumulative = new Float64Array(n);
  let total = 0;
  for (let i = 0; i < n; i++) {
    total += 1 / Math.pow(rank[i] + 5, 0.9);
    cumulative[i] = total;
  }
  for (let i = 0; i < n; i++) cumulative[i] /= total;
  return cumulative;
}

function pickWeighted(cumulative: Float64Array, random: () => number): number {
  const x = random();
  let lo = 0, hi = cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cumulative[mid] < x) lo = mid + 1; else hi = mid;
  }
  return lo;
}

/** A uniform item of cluster `c` (items are assigned to clusters round-robin). */
function pickInCluster(c: number, clusters: number, nItems: number, random: () => number): number {
  const size = Math.floor((nItems - 1 - c) / clusters) + 1;
  return c + clusters * Math.floor(random() * size);
}

function clamp(x: number, lo: number, hi: number): number {
  return x < lo ? lo : x > hi ? hi : x;
}

/**
 * Titles that name the cluster, in MovieLens' style, with the awkward cases files must survive:
 * "Western 10, The (1994)" (comma), 'Film Noir 15 "Uncut" (1990)' (quotes), "Café" (Latin-1).
 */
function makeTitles(itemCluster: Int32Array, clusterNames: string[], good: Set<number>, bad: Set<number>,
  duplicates: number): string[] {
  const titles: string[] = [];
  for (let i = 0; i < itemCluster.length; i++) {
    const id = i + 1;
    let name = `${clusterNames[itemCluster[i]]} ${id}`;
    if (good.has(id)) name = `Classic ${name}`;
    if (bad.has(id)) name = `Dud ${name}`;
    if (id % 20 === 0) name += ': Café';
    if (id % 15 === 0) name += ' "Uncut"';
    if (id % 10 === 0) name += ', The';
    titles.push(`${name} (${1950 + (id * 7) % 50})`);
  }
  const n = itemCluster.length, clusters = clusterNames.length;
  const first = Math.max(0, n - duplicates);
  for (let i = first; i < n; i++) {
    // Reuse an earlier title from the same cluster, as MovieLens lists some films under two ids.
    const j = (i - first) * clusters + itemCluster[i];
    titles[i] = titles[j < first ? j : itemCluster[i]];
  }
  return titles;
}

/** Paths of the files a writer produced. */
export interface PlantedFiles {
  ratingsFile: string;
  itemsFile: string;
}

/**
 * Writes MovieLens-100K-shaped files into `dir`: `u.data` (user, item, rating, timestamp; tab
 * separated, no header) and `u.item` (`id|title|date||url|19 genre flags`, Latin-1).
 */
export function writeMl100k(dir: string, data: PlantedRatings): PlantedFiles {
  mkdirSync(dir, { recursive: true });
  const rows: string[] = [];
  for (let r = 0; r < data.n; r++) {
    rows.push(`${data.users[r]}\t${data.items[r]}\t${data.ratings[r]}\t${data.timestamps[r]}\n`);
  }
  const ratingsFile = join(dir, 'u.data');
  writeFileSync(ratingsFile, rows.join(''));
  const flags = (i: number): string => Array.from({ length: 19 }, (_, g) => (g === data.itemCluster[i] % 19 ? '1' : '0')).join('|');
  const items = data.titles.map((title, i) =>
    `${i + 1}|${title}|01-Jan-${1950 + ((i + 1) * 7) % 50}||http://example.invalid/${i + 1}|${flags(i)}\n`);
  const itemsFile = join(dir, 'u.item');
  writeFileSync(itemsFile, Buffer.from(items.join(''), 'latin1'));
  return { ratingsFile, itemsFile };
}

/**
 * Writes MovieLens-latest-shaped files into `dir`: `ratings.csv` (`userId,movieId,rating,timestamp`
 * header) and `movies.csv` (`movieId,title,genres`, titles quoted when they hold commas or quotes).
 */
export function writeRatingsCsv(dir: string, data: PlantedRatings): PlantedFiles {
  mkdirSync(dir, { recursive: true });
  const rows: string[] = ['userId,movieId,rating,timestamp\n'];
  for (let r = 0; r < data.n; r++) {
    rows.push(`${data.users[r]},${data.items[r]},${data.ratings[r].toFixed(1)},${data.timestamps[r]}\n`);
  }
  const ratingsFile = join(dir, 'ratings.csv');
  writeFileSync(ratingsFile, rows.join(''));
  const items = ['movieId,title,genres\n', ...data.titles.map((title, i) =>
    `${i + 1},${csvField(title)},${data.clusterNames[data.itemCluster[i]]}|Drama\n`)];
  const itemsFile = join(dir, 'movies.csv');
  writeFileSync(itemsFile, items.join(''));
  return { ratingsFile, itemsFile };
}

/** RFC 4180 quoting: quote a field holding a comma, quote or newline; double inner quotes. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}
