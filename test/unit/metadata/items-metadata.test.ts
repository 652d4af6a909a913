/** The metadata reader: MovieLens movies.csv genres, u.item flags named by u.genre, title years, bad columns reported. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { classifyColumn, dateYear, isField, titleYear } from '../../../src/core/metadata/columns';
import { readItemsMetadata, readUsersMetadata } from '../../../src/core/metadata/items-metadata';
import type { MetaField } from '../../../src/core/metadata/types';
import { tempDir, writeTemp } from '../csv/helpers';

const field = (fields: MetaField[], name: string): MetaField => {
  const found = fields.find((f) => f.name === name);
  assert.ok(found, `field ${name} in ${fields.map((f) => f.name).join(', ')}`);
  return found;
};

test('movies.csv: multi-valued genres, quoted titles with commas, the year from "(1995)"', async () => {
  const dir = tempDir();
  const path = writeTemp(dir, 'movies.csv', [
    'movieId,title,genres',
    '1,Toy Story (1995),Adventure|Animation|Children|Comedy|Fantasy',
    '2,"American President, The (1995)",Comedy|Drama|Romance',
    '3,"Good, the Bad and the Ugly, The (Buono, il brutto, il cattivo, Il) (1966)",Action|Adventure|Western',
    '4,Untitled Project,(no genres listed)',
    '5,"Babylon 5 (1994-1998)",Sci-Fi',
  ].join('\n'));
  const meta = await readItemsMetadata(path);
  assert.equal(meta.titles.get('2'), 'American President, The (1995)');
  const genres = field(meta.fields, 'genres');
  assert.equal(genres.kind, 'multi');
  if (genres.kind !== 'multi') return;
  assert.deepEqual(genres.values.get('2'), ['Comedy', 'Drama', 'Romance']);
  assert.deepEqual(genres.values.get('3'), ['Action', 'Adventure', 'Western']);
  assert.equal(genres.categories[0], 'Adventure', 'most common first (Adventure and Comedy twice; ties by name)');
  const year = field(meta.fields, 'year');
  assert.equal(year.kind, 'numeric');
  if (year.kind !== 'numeric') return;
  assert.equal(year.values.get('3'), 1966);
  assert.equal(year.values.get('5'), 1994, 'a span keeps its first year');
  assert.equal(year.values.has('4'), false, 'no year in the title: unknown, not 0');
  assert.deepEqual(year.range, [1966, 1995]);
  assert.deepEqual(meta.problems, []);
});

test('u.item: the 19 flag columns become one genres field named from u.genre beside it; URL and empty columns reported', async () => {
  const dir = tempDir();
  const names = ['unknown', 'Action', 'Adventure', 'Animation', "Children's", 'Comedy', 'Crime', 'Documentary', 'Drama', 'Fantasy',
    'Film-Noir', 'Horror', 'Musical', 'Mystery', 'Romance', 'Sci-Fi', 'Thriller', 'War', 'Western'];
  writeTemp(dir, 'u.genre', `${names.map((n, i) => `${n}|${i}`).join('\n')}\n\n`);
  const flags = (...on: string[]) => names.map((n) => (on.includes(n) ? '1' : '0')).join('|');
  const rows = Array.from({ length: 30 }, (_, i) => {
    const id = i + 1;
    const genre = i % 3 === 0 ? flags('Animation', "Children's", 'Comedy') : i % 3 === 1 ? flags('Action', 'Thriller') : flags('Drama');
    return `${id}|Movie ${id} (${1960 + i})|01-Jan-${1960 + i}||http://us.imdb.com/M/title-exact?Movie%20${id}|${genre}`;
  });
  const path = writeTemp(dir, 'u.item', `${rows.join('\n')}\n`);
  const meta = await readItemsMetadata(path);
  const genres = field(meta.fields, 'genres');
  assert.equal(genres.kind, 'multi');
  if (genres.kind !== 'multi') return;
  assert.deepEqual(genres.values.get('1'), ['Animation', "Children's", 'Comedy']);
  assert.deepEqual(genres.values.get('2'), ['Action', 'Thriller']);
  assert.equal(genres.categories.length, 19, 'every named genre is offered, used ones first');
  assert.equal(field(meta.fields, 'year').kind, 'numeric');
  const reported = new Map(meta.problems.map((p) => [p.column, p.reason]));
  assert.match(reported.get('video release date') ?? '', /empty/);
  assert.match(reported.get('IMDb URL') ?? '', /identifier or link/);
  assert.match(reported.get('release date') ?? '', /titles' years/, 'the release date only repeats the titles\' years');
});

test('u.item without u.genre: the flags are still one field, named by column', async () => {
  const dir = tempDir();
  const path = writeTemp(dir, 'u.item', Array.from({ length: 10 }, (_, i) => `${i + 1}|M ${i + 1} (1990)|${i % 2}|${(i + 1) % 2}|1|0`).join('\n'));
  const meta = await readItemsMetadata(path);
  const flags = field(meta.fields, 'flags');
  assert.equal(flags.kind, 'multi');
});

test('u.user: age numeric, gender and occupation categories, zip code reported, joined by the first column', async () => {
  const dir = tempDir();
  const occupations = ['student', 'engineer', 'writer', 'other'];
  const rows = Array.from({ length: 40 }, (_, i) => `${i + 1}|${18 + i}|${i % 2 ? 'F' : 'M'}|${occupations[i % 4]}|${i % 7 ? 10000 + i * 37 : `T8H${i}N`}`);
  const meta = await readUsersMetadata(writeTemp(dir, 'u.user', rows.join('\n')));
  assert.deepEqual(meta.fields.map((f) => [f.name, f.kind]), [['age', 'numeric'], ['gender', 'categorical'], ['occupation', 'categorical']]);
  const gender = field(meta.fields, 'gender');
  assert.equal(gender.values.get('2'), 'F');
  assert.deepEqual(meta.problems.map((p) => p.column), ['zip code']);
});

test('columns that do not parse are reported and left out, never fatal', async () => {
  const dir = tempDir();
  const rows = ['id,title,year,tag,rating,colour'];
  for (let i = 1; i <= 300; i++) rows.push(`${i},Film ${i},${i % 2 ? 'unknown' : 1990 + (i % 30)},tag-${i},${i % 3 ? 'n/a' : 'good'},${i % 2 ? 'red' : 'blue'}`);
  const meta = await readItemsMetadata(writeTemp(dir, 'items.csv', rows.join('\n')));
  const reported = new Map(meta.problems.map((p) => [p.column, p.reason]));
  assert.match(reported.get('year') ?? '', /not numbers \(150 of 300/);
  assert.match(reported.get('tag') ?? '', /300 distinct values/);
  assert.match(reported.get('rating') ?? '', /not numbers/);
  assert.deepEqual(meta.fields.map((f) => f.name), ['colour']);
});

test('hostile text in metadata is kept as data, untouched (the views render it as text)', async () => {
  const dir = tempDir();
  const hostile = ['<img src=x onerror=alert(1)>', '"]; alert(1); //', 'datum.x && alert(1)', '\u202eevil\u202c', '=HYPERLINK("x")'];
  const rows = ['movieId,title,genres'];
  for (let i = 1; i <= 20; i++) rows.push(`${i},Film ${i} (2000),"${hostile[i % hostile.length].replace(/"/g, '""')}|Drama"`);
  const meta = await readItemsMetadata(writeTemp(dir, 'movies.csv', rows.join('\n')));
  const genres = field(meta.fields, 'genres');
  assert.equal(genres.kind, 'multi');
  if (genres.kind !== 'multi') return;
  for (const h of hostile) assert.ok(genres.categories.includes(h), `${h} in ${JSON.stringify(genres.categories)}`);
});

test('cell parsers: dates give years, titles give their trailing year only', () => {
  assert.equal(dateYear('01-Jan-1995'), 1995);
  assert.equal(dateYear('1995-07-14'), 1995);
  assert.equal(dateYear('14/07/1995'), 1995);
  assert.equal(dateYear('Jan 1995'), undefined);
  assert.equal(titleYear('Toy Story (1995)'), 1995);
  assert.equal(titleYear('1984 (1956)'), 1956);
  assert.equal(titleYear('2001: A Space Odyssey'), undefined);
  assert.equal(titleYear('Something (0003)'), undefined);
  const ids = ['1', '2', '3'];
  const one = classifyColumn('kind', ids, ['a', 'a', 'a']);
  assert.ok(!isField(one) && /one value only/.test(one.reason));
});
