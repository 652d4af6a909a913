// Which minimum rating count makes neighbour lists worth reading? Trains the book's dot model on
// MovieLens 100K with several seeds, then for each minimum count m asks every well-rated item
// (>= 20 training ratings) for its 10 nearest items by cosine among the items with >= m ratings, and
// measures: genre agreement (share of neighbours sharing a genre with the query, from u.item's
// flags), seed stability (overlap of the same query's lists between two seeds) and coverage (share
// of items still eligible). Usage:
//   node bench/min-count.mjs [--data DIR] [--seeds 4] [--epochs 5]
// Prints a table and writes bench/results/min-count.json.
import * as esbuild from 'esbuild';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({ options: { data: { type: 'string' }, seeds: { type: 'string' }, epochs: { type: 'string' } } });
const data = values.data ?? '/work/shared/datasets/ml-100k';
const nSeeds = Number(values.seeds ?? 4);
const epochs = Number(values.epochs ?? 5);
const K = 10;
const QUERY_MIN = 20;
const GRID = [0, 1, 2, 3, 5, 8, 10, 15, 20, 30, 50, 100];

const bundle = join(tmpdir(), `collab-bench-mincount-${process.pid}.cjs`);
await esbuild.build({
  stdin: {
    contents: ["export * from './src/core/analysis/analysis-index';", "export * from './src/core/analysis/neighbours';",
      "export * from './src/core/run/load';", "export * from './src/core/metadata/items-metadata';"].join('\n'),
    resolveDir: root, loader: 'ts',
  },
  bundle: true, platform: 'node', format: 'cjs', target: 'node20', outfile: bundle, logLevel: 'warning',
  nodePaths: [join(root, 'node_modules')],
});
const core = createRequire(import.meta.url)(bundle);
rmSync(bundle, { force: true });

// Genres by title, through the same metadata reader the runs use (u.item's flags named from u.genre).
const meta = await core.readItemsMetadata(join(data, 'u.item'));
const genreField = meta.fields.find((f) => f.name === 'genres');
const genresByTitle = new Map();
for (const [id, title] of meta.titles) genresByTitle.set(title, new Set(genreField.values.get(id) ?? []));

const runsDir = mkdtempSync(join(tmpdir(), 'collab-mincount-'));
const indices = [];
const t0 = performance.now();
for (let seed = 1; seed <= nSeeds; seed++) {
  execFileSync(process.execPath, [join(root, 'dist/cli.js'), 'train', join(data, 'u.data'), '--items', join(data, 'u.item'),
    '--seed', String(seed), '--epochs', String(epochs), '--runs', join(runsDir, `s${seed}`)], { stdio: 'ignore' });
  const [dir] = readdirSync(join(runsDir, `s${seed}`));
  indices.push(core.createAnalysisIndex(await core.loadRun(join(runsDir, `s${seed}`, dir))));
}
const trainSeconds = (performance.now() - t0) / 1000;
rmSync(runsDir, { recursive: true, force: true });

const side0 = indices[0].side('items');
const labels = side0.emb.labels;
// Counts differ a little between seeds (the split is seeded): a label is a query when every seed has it often.
const countOf = (ix, label) => { const s = ix.side('items'); const i = s.byLabel.get(label); return i === undefined ? 0 : s.emb.count[i]; };
const queries = labels.filter((l) => l !== '#na#' && indices.every((ix) => countOf(ix, l) >= QUERY_MIN) && genresByTitle.get(l)?.size);
const shares = (q, list) => {
  const g = genresByTitle.get(q);
  return list.filter((n) => [...(genresByTitle.get(n) ?? [])].some((x) => g.has(x))).length / Math.max(1, list.length);
};

const rows = [];
for (const m of GRID) {
  const lists = indices.map((ix) => new Map(queries.map((q) => [q, core.neighbours(ix, q, { k: K, minCount: m }).neighbours.map((n) => n.label)])));
  let agree = 0;
  for (const q of queries) agree += shares(q, lists[0].get(q));
  let overlap = 0, pairs = 0;
  for (let a = 0; a < lists.length; a++) for (let b = a + 1; b < lists.length; b++) {
    for (const q of queries) { const B = new Set(lists[b].get(q)); overlap += lists[a].get(q).filter((x) => B.has(x)).length / K; }
    pairs++;
  }
  let rare = 0; // neighbours with fewer than 10 ratings: what the issue saw (2 or 3 ratings beside Aladdin)
  for (const q of queries) rare += lists[0].get(q).filter((l) => countOf(indices[0], l) < 10).length / K;
  const eligible = side0.emb.count.filter((c, i) => labels[i] !== '#na#' && c >= m).length;
  rows.push({
    minCount: m, genreAgreement: agree / queries.length, seedOverlap: pairs ? overlap / (pairs * queries.length) : NaN,
    rareShare: rare / queries.length, eligible, coverage: eligible / (labels.length - 1),
  });
}
// The same question turned round: how many ratings before an item's OWN vector means something?
// Every item asks for its 10 nearest among the well-rated (>= QUERY_MIN) items, in each seed; bucketed
// by its rating count: how much its list agrees between seeds and with its genres.
const BUCKETS = [[1, 1], [2, 2], [3, 4], [5, 6], [7, 9], [10, 14], [15, 19], [20, 49], [50, Infinity]];
const pool = new Set(queries);
const poolExclude = (ix) => { const s = ix.side('items'); return s.emb.labels.map((l, i) => (pool.has(l) ? -1 : i)).filter((i) => i >= 0); };
const excludes = indices.map(poolExclude);
const buckets = BUCKETS.map(([lo, hi]) => ({ lo, hi, items: 0, genreAgreement: 0, seedOverlap: 0, chance: 0, excess: [] }));
const poolList = [...pool];
for (const label of labels) {
  if (label === '#na#' || !genresByTitle.get(label)?.size || !indices.every((ix) => ix.side('items').byLabel.has(label))) continue;
  const c = Math.min(...indices.map((ix) => countOf(ix, label)));
  const b = buckets.find((x) => c >= x.lo && c <= x.hi);
  if (!b) continue;
  const lists = indices.map((ix, s) => core.neighbours(ix, label, { k: K, exclude: excludes[s] }).neighbours.map((n) => n.label));
  let overlap = 0, pairs = 0;
  for (let a = 0; a < lists.length; a++) for (let bb = a + 1; bb < lists.length; bb++) { const B = new Set(lists[bb]); overlap += lists[a].filter((x) => B.has(x)).length / K; pairs++; }
  b.items++;
  b.seedOverlap += overlap / pairs;
  // Genre agreement averaged over the seeds, and its excess over this item's own chance level.
  const agreement = lists.reduce((sum, l) => sum + shares(label, l), 0) / lists.length;
  const chanceHere = shares(label, poolList.filter((l) => l !== label));
  b.genreAgreement += agreement;
  b.chance += chanceHere;
  b.excess.push(agreement - chanceHere);
}
const mean = (xs) => xs.reduce((a, x) => a + x, 0) / Math.max(1, xs.length);
for (const b of buckets) {
  b.seedOverlap /= Math.max(1, b.items); b.genreAgreement /= Math.max(1, b.items); b.chance /= Math.max(1, b.items);
  const m = mean(b.excess);
  b.excessOverChance = m;
  b.standardError = Math.sqrt(mean(b.excess.map((x) => (x - m) ** 2)) / Math.max(1, b.items - 1));
  delete b.excess;
}

// Chance level: a random eligible item shares a genre with the query this often.
let chance = 0;
for (const q of queries) chance += shares(q, labels.filter((l) => l !== '#na#' && l !== q && genresByTitle.has(l)));
chance /= queries.length;

// The default: the lowest count from which an item's own neighbours agree with its genres clearly
// above chance (by more than 3 standard errors), in that bucket and every higher one. Below it an
// item's vector is mostly its random start, so it should not be offered as anyone's neighbour.
const pick = { minCount: buckets.find((b, i) => buckets.slice(i).every((x) => x.excessOverChance > 3 * x.standardError))?.lo ?? QUERY_MIN };

const pct = (x) => `${(100 * x).toFixed(1)}%`;
console.log(`MovieLens 100K, dot model, ${epochs} epochs, ${nSeeds} seeds (trained in ${trainSeconds.toFixed(1)} s); ${queries.length} query items with >= ${QUERY_MIN} ratings; top-${K} by cosine.`);
console.log('min count | genre agreement | seed overlap | neighbours with <10 ratings | eligible items');
for (const r of rows) console.log(`${String(r.minCount).padStart(9)} | ${pct(r.genreAgreement).padStart(15)} | ${pct(r.seedOverlap).padStart(12)} | ${pct(r.rareShare).padStart(27)} | ${r.eligible} (${pct(r.coverage)})`);
console.log(`\nAn item's own top-${K} among the ${queries.length} well-rated items, by its rating count:`);
console.log('ratings | items | genre agreement | its chance | excess (+- s.e.) | seed overlap');
for (const b of buckets) console.log(`${(b.hi === Infinity ? `${b.lo}+` : b.lo === b.hi ? String(b.lo) : `${b.lo}-${b.hi}`).padStart(7)} | ${String(b.items).padStart(5)} | ${pct(b.genreAgreement).padStart(15)} | ${pct(b.chance).padStart(10)} | ${`${pct(b.excessOverChance)} +- ${pct(b.standardError)}`.padStart(16)} | ${pct(b.seedOverlap).padStart(12)}`);
console.log(`chance genre agreement: ${pct(chance)}; chosen default: ${pick.minCount}; load average ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);

mkdirSync(join(root, 'bench/results'), { recursive: true });
writeFileSync(join(root, 'bench/results/min-count.json'), `${JSON.stringify({
  date: new Date().toISOString(), data, seeds: nSeeds, epochs, k: K, queryMin: QUERY_MIN, queries: queries.length,
  chanceGenreAgreement: chance, rows, byOwnCount: buckets.map((b) => ({ ...b, hi: b.hi === Infinity ? null : b.hi })), chosen: pick.minCount, loadavg: loadavg(), trainSeconds,
  command: `node bench/min-count.mjs --seeds ${nSeeds} --epochs ${epochs}`,
}, null, 2)}\n`);
