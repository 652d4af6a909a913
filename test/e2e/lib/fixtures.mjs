// Workspaces the scenarios open, with MovieLens-shaped files generated here (never the real data):
// ML-100K's `u.data` (user \t item \t rating \t timestamp, no header) and `u.item` (id|title|date|...|19
// genre flags), or the current releases' `ratings.csv` (userId,movieId,rating,timestamp) and `movies.csv`
// (movieId,title,genres: several genres joined by pipes, titles with commas quoted).
// The data has a planted structure the panels must reveal: four clusters of items that a user's taste
// follows, one item everybody loves and one everybody hates.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Deterministic PRNG (mulberry32) so every run sees the same files. */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Cluster names: titles in a cluster share a word, so "Starship" finds its cluster-mates. */
export const CLUSTERS = ['Starship', 'Romance', 'Cowboy', 'Haunted'];
const SUFFIXES = ['Alpha', 'Beta', 'Gamma', 'Delta', 'Epsilon', 'Zeta', 'Eta', 'Theta', 'Iota', 'Kappa',
  'Lambda', 'Mu', 'Nu', 'Xi', 'Omicron', 'Pi', 'Rho', 'Sigma', 'Tau', 'Upsilon'];
/** The item every user rates 5: the top of the item-bias table. */
export const BEST_TITLE = 'The Planted Masterpiece (1994)';
/** The item every user rates 1: the bottom of the item-bias table. */
export const WORST_TITLE = 'The Planted Disaster (1997)';

/** The items: id (1-based), title, cluster (-1 for the two planted extremes). */
export function makeItems(perCluster = 20) {
  const items = [];
  CLUSTERS.forEach((c, ci) => {
    for (let k = 0; k < perCluster; k++) {
      items.push({ id: items.length + 1, title: `${c} ${SUFFIXES[k % SUFFIXES.length]} (${1980 + ((k * 7 + ci) % 20)})`, cluster: ci });
    }
  });
  items.push({ id: items.length + 1, title: BEST_TITLE, cluster: -1 });
  items.push({ id: items.length + 1, title: WORST_TITLE, cluster: -1 });
  return items;
}

/** Ratings rows [user, item, rating, timestamp] with the planted structure. */
export function makeRatings({ users = 150, perUser = 35, seed = 7, items = makeItems() } = {}) {
  const rand = rng(seed);
  const rows = [];
  const best = items.find((i) => i.title === BEST_TITLE);
  const worst = items.find((i) => i.title === WORST_TITLE);
  for (let u = 1; u <= users; u++) {
    const taste = (u - 1) % CLUSTERS.length;
    const seen = new Set();
    // Most users rate the two planted extremes, so their biases rest on many ratings.
    if (rand() < 0.8) seen.add(best.id);
    if (rand() < 0.6) seen.add(worst.id);
    while (seen.size < perUser) seen.add(1 + Math.floor(rand() * items.length));
    for (const id of seen) {
      const item = items[id - 1];
      let r;
      if (item === best) r = 5;
      else if (item === worst) r = 1;
      else r = Math.round(Math.min(5, Math.max(1, (item.cluster === taste ? 4.4 : 2.3) + (rand() - 0.5) * 1.2)));
      rows.push([u, id, r, 874_965_758 + rows.length * 37]);
    }
  }
  return rows;
}

/** The u.item line for an item (ML-100K layout: 5 fields then 19 genre flags). */
function itemLine(item) {
  const genres = Array.from({ length: 19 }, (_, g) => (g === item.cluster + 1 ? '1' : '0'));
  return [item.id, item.title, '01-Jan-1995', '', 'http://example.invalid/', ...genres].join('|');
}

/** Writes a fresh workspace folder with u.data + u.item; returns its path and what was planted. */
export function writeMl100kWorkspace(root, name, opts = {}) {
  const dir = join(root, name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const items = makeItems(opts.perCluster);
  const ratings = makeRatings({ ...opts, items });
  writeFileSync(join(dir, 'u.data'), ratings.map((r) => r.join('\t')).join('\n') + '\n');
  writeFileSync(join(dir, 'u.item'), items.map(itemLine).join('\n') + '\n', 'latin1');
  if (opts.settings) {
    mkdirSync(join(dir, '.vscode'), { recursive: true });
    writeFileSync(join(dir, '.vscode', 'settings.json'), `${JSON.stringify(opts.settings, null, 2)}\n`);
  }
  return { dir, items, ratings };
}

/** Writes a workspace whose ratings.csv has a non-numeric rating on line `badLine` (1-based, header = line 1). */
export function writeBadFileWorkspace(root, name, badLine = 7) {
  const dir = join(root, name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const lines = ['userId,movieId,rating,timestamp'];
  const rand = rng(3);
  for (let i = 2; i <= 60; i++) {
    const rating = i === badLine ? 'four' : String(1 + Math.floor(rand() * 5));
    lines.push(`${1 + (i % 9)},${1 + ((i * 7) % 13)},${rating},${964_982_703 + i}`);
  }
  writeFileSync(join(dir, 'ratings.csv'), lines.join('\n') + '\n');
  return { dir, badLine };
}

/** MovieLens-latest genres of each planted cluster (several per line, joined by pipes as movies.csv does). */
const CLUSTER_GENRES = ['Sci-Fi|Adventure|Action', 'Romance|Drama|Comedy', 'Western|Action|Drama', 'Horror|Thriller|Mystery'];
/** The first movie of movies.csv, as in every MovieLens release: more pipes than commas on its line. */
export const TOY_STORY = 'Toy Story (1995)';
/** A title holding a comma (quoted in movies.csv), as "American President, The (1995)" is. */
export const QUOTED_TITLE = 'Starship Gamma, The (1995)';

/** RFC 4180 quoting: a field holding a comma or quote is quoted, inner quotes doubled. */
const csvField = (value) => (/[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);

/**
 * Writes a workspace with MovieLens-latest-shaped `ratings.csv` + `movies.csv` and the same planted
 * clusters: item 1 is "Toy Story (1995)" (in the Starship cluster) with MovieLens' own genres line,
 * item 3 a quoted title with a comma. Returns its path, the items and the movies.csv lines.
 */
export function writeMovieLensLatestWorkspace(root, name, opts = {}) {
  const dir = join(root, name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const items = makeItems(opts.perCluster);
  items[0].title = TOY_STORY;
  items[2].title = QUOTED_TITLE;
  const ratings = makeRatings({ ...opts, items });
  const genres = (item) => (item.id === 1 ? 'Adventure|Animation|Children|Comedy|Fantasy' : CLUSTER_GENRES[item.cluster] ?? 'Drama');
  const movies = ['movieId,title,genres', ...items.map((item) => `${item.id},${csvField(item.title)},${genres(item)}`)];
  writeFileSync(join(dir, 'ratings.csv'), ['userId,movieId,rating,timestamp', ...ratings.map(([u, i, r, t]) => `${u},${i},${r.toFixed(1)},${t}`)].join('\n') + '\n');
  writeFileSync(join(dir, 'movies.csv'), movies.join('\n') + '\n');
  if (opts.settings) {
    mkdirSync(join(dir, '.vscode'), { recursive: true });
    writeFileSync(join(dir, '.vscode', 'settings.json'), `${JSON.stringify(opts.settings, null, 2)}\n`);
  }
  return { dir, items, ratings, movies };
}
