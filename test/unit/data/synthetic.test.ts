/** The planted-structure generator: seeded, and the structure is really in the ratings. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { generatePlanted, writeMl100k, writeRatingsCsv } from '../../../src/core/data/synthetic';
import { tempDir } from '../csv/helpers';

test('same options and seed give the same data; another seed gives other data', () => {
  const a = generatePlanted({ seed: 5 }), b = generatePlanted({ seed: 5 }), c = generatePlanted({ seed: 6 });
  assert.deepEqual(a.ratings, b.ratings);
  assert.deepEqual(a.items, b.items);
  assert.notDeepEqual(a.ratings.subarray(0, 100), c.ratings.subarray(0, 100));
});

test('users rate their own item cluster higher, good items highest, bad items lowest', () => {
  const d = generatePlanted({ seed: 9, users: 400, items: 120, userClusters: 4, itemClusters: 4 });
  const sums = new Float64Array(2), counts = new Float64Array(2);
  const itemSum = new Float64Array(d.nItems + 1), itemCount = new Float64Array(d.nItems + 1);
  const pairs = new Set<string>();
  for (let r = 0; r < d.n; r++) {
    const own = d.userCluster[d.users[r] - 1] % d.itemClusters === d.itemCluster[d.items[r] - 1] ? 0 : 1;
    sums[own] += d.ratings[r];
    counts[own]++;
    itemSum[d.items[r]] += d.ratings[r];
    itemCount[d.items[r]]++;
    pairs.add(`${d.users[r]}:${d.items[r]}`);
    assert.ok(d.ratings[r] >= 1 && d.ratings[r] <= 5 && Number.isInteger(d.ratings[r]));
  }
  assert.equal(pairs.size, d.n, 'no repeated (user, item) pairs');
  assert.ok(sums[0] / counts[0] > sums[1] / counts[1] + 1, 'own cluster rated clearly higher');
  const mean = (i: number): number => itemSum[i] / itemCount[i];
  const goodWorst = Math.min(...d.goodItems.map(mean)), badBest = Math.max(...d.badItems.map(mean));
  assert.ok(goodWorst > badBest, 'every good item beats every bad item');
  assert.ok(d.goodItems.every((i) => d.titles[i - 1].startsWith('Classic ')));
  assert.ok(d.badItems.every((i) => d.titles[i - 1].startsWith('Dud ')));
});

test('half stars, duplicate titles, awkward titles', () => {
  const d = generatePlanted({ scale: 'half-stars', duplicateTitles: 5 });
  assert.ok(d.ratings.every((r) => r >= 0.5 && r <= 5 && Number.isInteger(r * 2)));
  assert.ok(d.ratings.some((r) => !Number.isInteger(r)));
  assert.equal(new Set(d.titles).size, d.nItems - 5);
  assert.equal(d.titles[29], 'Film Noir 30 "Uncut", The (1960)');
  assert.equal(d.titles[39], 'Western 40: Café, The (1980)');
});

test('writers produce MovieLens-shaped files: Latin-1 u.item, quoted movies.csv', () => {
  const dir = tempDir();
  const d = generatePlanted({ users: 20, items: 40 });
  const ml = writeMl100k(dir, d);
  const item = readFileSync(ml.itemsFile);
  assert.ok(item.includes(Buffer.from([0x43, 0x61, 0x66, 0xe9])), 'Café in Latin-1');
  assert.equal(readFileSync(ml.ratingsFile, 'utf8').split('\n')[0], `${d.users[0]}\t${d.items[0]}\t${d.ratings[0]}\t${d.timestamps[0]}`);
  const csv = writeRatingsCsv(dir, d);
  assert.match(readFileSync(csv.itemsFile, 'utf8'), /\n30,"Film Noir 30 ""Uncut"", The \(1960\)",Film Noir\|Drama\n/);
  assert.equal(readFileSync(csv.ratingsFile, 'utf8').split('\n')[0], 'userId,movieId,rating,timestamp');
});
