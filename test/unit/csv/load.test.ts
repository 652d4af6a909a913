/** Loading real files of each shape the issue lists, written by the tests. */
import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import { test } from 'node:test';
import { loadRatings } from '../../../src/core/csv/load';
import { csvField, generatePlanted, writeMl100k, writeRatingsCsv } from '../../../src/core/data/synthetic';
import { tempDir, writeTemp } from './helpers';

const dir = tempDir();

test('MovieLens-100K shape: tab, no header, Latin-1 u.item joined by id, items keyed by title', async () => {
  const data = generatePlanted({ seed: 1, duplicateTitles: 4 });
  const files = writeMl100k(`${dir}/ml100k`, data);
  const { table, report } = await loadRatings(files.ratingsFile, { itemsFile: files.itemsFile });
  assert.equal(report.sniff.format.delimiter, '\t');
  assert.equal(report.sniff.format.hasHeader, false);
  assert.deepEqual(report.mapping, { user: 0, item: 1, rating: 2, timestamp: 3 });
  assert.equal(report.parser, 'fast');
  assert.equal(table.n, data.n);
  for (let r = 0; r < data.n; r++) {
    assert.equal(table.userLabels[table.users[r]], String(data.users[r]));
    assert.equal(table.itemLabels[table.items[r]], data.titles[data.items[r] - 1]);
    assert.equal(table.ratings[r], data.ratings[r]);
    assert.equal(table.timestamps?.[r], data.timestamps[r]);
    assert.equal(table.lines[r], r + 1);
  }
  assert.ok(table.itemLabels.includes('Western 40: Café, The (1980)'), 'Latin-1 é decoded');
  assert.equal(report.titles?.itemKey, 'title');
  assert.equal(report.titles?.distinctTitles, data.nItems - 4);
  assert.equal(report.items, new Set(Array.from(data.items, (i) => data.titles[i - 1])).size);
});

test('MovieLens-100K shape keyed by id keeps every id and puts titles beside them', async () => {
  const data = generatePlanted({ seed: 2 });
  const files = writeMl100k(`${dir}/ml100k-id`, data);
  const { table, report } = await loadRatings(files.ratingsFile, { itemsFile: files.itemsFile, itemKey: 'id' });
  assert.equal(report.items, new Set(data.items).size);
  const i = table.itemLabels.indexOf('15');
  assert.equal(table.itemTitles?.[i], 'Film Noir 15 "Uncut" (1955)');
});

test('MovieLens-latest shape: header, half stars, movies.csv titles with commas and quotes', async () => {
  const data = generatePlanted({ seed: 3, scale: 'half-stars' });
  const files = writeRatingsCsv(`${dir}/latest`, data);
  const { table, report } = await loadRatings(files.ratingsFile, { itemsFile: files.itemsFile });
  assert.equal(report.sniff.format.hasHeader, true);
  assert.equal(report.titles?.itemsFile, files.itemsFile);
  assert.equal(report.titles?.untitled, 0);
  assert.equal(table.n, data.n);
  for (let r = 0; r < data.n; r++) {
    assert.equal(table.itemLabels[table.items[r]], data.titles[data.items[r] - 1]);
    assert.equal(table.ratings[r], data.ratings[r]);
    assert.equal(table.lines[r], r + 2);
  }
  assert.ok(table.itemLabels.includes('Film Noir 30 "Uncut", The (1960)'));
  assert.ok(report.histogram.some((h) => h.label === '4.5'));
});

test('semicolon-separated Latin-1 with string ids', async () => {
  const text = 'utilisateur;film;note\nJosé;Amélie;4\nZoë;Amélie;5\nJosé;Léon;3\n';
  const path = writeTemp(dir, 'latin1.csv', Buffer.from(text, 'latin1'));
  const { table, report } = await loadRatings(path, { columns: { user: 'utilisateur', item: 'film', rating: 'note' } });
  assert.equal(report.sniff.format.delimiter, ';');
  assert.equal(report.sniff.format.encoding, 'latin1');
  assert.deepEqual(table.userLabels, ['José', 'Zoë']);
  assert.deepEqual(table.itemLabels, ['Amélie', 'Léon']);
  assert.deepEqual([...table.lines], [2, 3, 4]);
});

test('CRLF line endings with a UTF-8 byte order mark', async () => {
  const path = writeTemp(dir, 'crlf.csv', '\uFEFFuserId,movieId,rating\r\n1,10,4\r\n2,10,3.5\r\n\r\n1,11,5\r\n');
  const { table, report } = await loadRatings(path);
  assert.equal(report.sniff.format.bom, true);
  assert.equal(report.sniff.format.lineEnding, 'crlf');
  assert.equal(report.sniff.columns[0].name, 'userId');
  assert.deepEqual([...table.lines], [2, 3, 5]);
  assert.deepEqual([...table.ratings], [4, 3.5, 5]);
  assert.deepEqual(table.itemLabels, ['10', '11']);
});

test('quoted fields with newlines, commas and quotes give each row its start line', async () => {
  const path = writeTemp(dir, 'quoted.csv',
    'userId,title,rating\n1,"Line one\nline two",4\n2,"Comma, ""quoted""",3\n\n3,Plain,5\n4,"Three\nline\ntitle",2\n5,Plain,1\n');
  const { table, report } = await loadRatings(path);
  assert.equal(report.parser, 'csv-parse');
  assert.equal(report.mapping.item, 1, 'items keyed by the title column');
  assert.deepEqual([...table.lines], [2, 4, 6, 7, 10]);
  assert.deepEqual(table.itemLabels, ['Line one\nline two', 'Comma, "quoted"', 'Plain', 'Three\nline\ntitle']);
});

test('a quote after the sniffed sample switches to quote mode and still loads every row', async () => {
  const rows = ['user,item,rating,title'];
  for (let r = 0; r < 20000; r++) rows.push(`${r % 97},${r % 89},${1 + (r % 5)},Plain title ${r % 89}`);
  rows.push('5,3,4,"Late, quoted"');
  const path = writeTemp(dir, 'late-quote.csv', rows.join('\n') + '\n');
  assert.ok(statSync(path).size > 256 * 1024);
  const { table, report } = await loadRatings(path, { itemKey: 'id' });
  assert.equal(report.parser, 'fast-quoted');
  assert.equal(table.n, 20001);
  assert.equal(table.lines[20000], 20002);
  assert.equal(table.itemTitles?.[table.items[0]], 'Plain title 0');
});

test('many chunks: every row and line survives chunk boundaries; progress reaches the file size', async () => {
  const data = generatePlanted({ seed: 4, users: 3000, items: 500 });
  const files = writeMl100k(`${dir}/big`, data);
  const size = statSync(files.ratingsFile).size;
  assert.ok(size > 2 * (1 << 20), 'spans several 1 MiB chunks');
  const seen: number[] = [];
  const { table } = await loadRatings(files.ratingsFile, { onProgress: (p) => seen.push(p.bytesRead) });
  assert.equal(table.n, data.n);
  for (let r = 0; r < data.n; r++) {
    if (table.userLabels[table.users[r]] !== String(data.users[r]) || table.lines[r] !== r + 1
      || table.itemLabels[table.items[r]] !== String(data.items[r])) assert.fail(`row ${r} differs`);
  }
  assert.ok(seen.length >= 3);
  assert.equal(seen[seen.length - 1], size);
  assert.ok(seen.every((b, k) => k === 0 || b >= seen[k - 1]));
});

test('runs of whitespace as the delimiter', async () => {
  const path = writeTemp(dir, 'spaces.txt', '  1   10  4 881250949\n2 10    3   881250950  \n\n1\t11 5 881250951\n');
  const { table, report } = await loadRatings(path);
  assert.equal(report.sniff.format.delimiter, 'whitespace');
  assert.deepEqual([...table.ratings], [4, 3, 5]);
  assert.deepEqual([...table.lines], [1, 2, 4]);
});

test('duplicate (user, item) pairs are kept and reported with their lines', async () => {
  const path = writeTemp(dir, 'dups.csv', 'user,item,rating\n1,a,4\n2,a,3\n1,b,2\n1,a,5\n2,a,1\n');
  const { table, report } = await loadRatings(path);
  assert.equal(table.n, 5);
  assert.equal(report.duplicates.count, 2);
  assert.deepEqual(report.duplicates.first.map((d) => [d.line, d.firstLine, d.user, d.item]), [[5, 2, '1', 'a'], [6, 3, '2', 'a']]);
});

test('skipBadRows skips and counts bad rows, listing the first lines', async () => {
  const lines = ['userId,movieId,rating', '1,1,4', '1,2,abc', '2,1', '2,2,NaN', '3,,4', '3,1,Infinity', '3,2,5', '4,4,1e999', '4,5,2'];
  const path = writeTemp(dir, 'bad.csv', lines.join('\n') + '\n');
  const { table, report } = await loadRatings(path, { skipBadRows: true });
  assert.equal(table.n, 3);
  assert.deepEqual([...table.lines], [2, 8, 10]);
  assert.equal(report.badRows.count, 6);
  assert.deepEqual(report.badRows.first.map((b) => b.line), [3, 4, 5, 6, 7]);
  assert.deepEqual(table.userLabels, ['1', '3', '4'], 'bad rows leave no labels behind');
});

test('ids keep their spelling; string ids, quoted numbers and csvField round-trip', async () => {
  const titles = ['A, "B"', 'Plain', 'Multi\nline'];
  const text = 'user,item,rating\n' + titles.map((t, k) => `u${k},${csvField(t)},${k + 1}`).join('\n') + '\n007,Plain,2\n';
  const path = writeTemp(dir, 'roundtrip.csv', text);
  const { table } = await loadRatings(path, { columns: { item: 'item' } });
  assert.deepEqual(table.itemLabels, titles);
  assert.deepEqual(table.userLabels, ['u0', 'u1', 'u2', '007']);
});

test('items without a title in the items file keep their id; the report counts them', async () => {
  const ratings = writeTemp(dir, 'partial.csv', 'userId,movieId,rating\n1,1,4\n1,2,3\n2,3,5\n2,1,2\n');
  const movies = writeTemp(dir, 'partial-movies.csv', 'movieId,title,genres\n1,"Heat, The (1995)",Crime\n3,Up (2009),Animation\n');
  const { table, report } = await loadRatings(ratings, { itemsFile: movies });
  assert.deepEqual(table.itemLabels, ['Heat, The (1995)', '2', 'Up (2009)']);
  assert.deepEqual(table.itemTitles, ['Heat, The (1995)', '2', 'Up (2009)']);
  assert.deepEqual({ titled: report.titles?.titled, untitled: report.titles?.untitled }, { titled: 2, untitled: 1 });
});

test('an aborted signal stops the load with an AbortError', async () => {
  const data = generatePlanted({ seed: 6 });
  const files = writeMl100k(`${dir}/abort`, data);
  const controller = new AbortController();
  controller.abort();
  await assert.rejects(loadRatings(files.ratingsFile, { signal: controller.signal }), { name: 'AbortError' });
});

test('items keyed by title keep the source id behind each title (the first id seen)', async () => {
  const data = generatePlanted({ seed: 7, duplicateTitles: 3 });
  const files = writeMl100k(`${dir}/ids`, data);
  const { table } = await loadRatings(files.ratingsFile, { itemsFile: files.itemsFile });
  assert.equal(table.itemIds?.length, table.itemLabels.length);
  for (let i = 0; i < table.itemLabels.length; i++) {
    const id: number = Number(table.itemIds?.[i]);
    assert.equal(data.titles[id - 1], table.itemLabels[i]);
  }
  const firstRowOf = new Map<string, number>();
  for (let r = 0; r < table.n; r++) if (!firstRowOf.has(table.itemLabels[table.items[r]])) firstRowOf.set(table.itemLabels[table.items[r]], r);
  for (const [title, r] of firstRowOf) assert.equal(table.itemIds?.[table.itemLabels.indexOf(title)], String(data.items[r]));
});

test('a single row without a header loads in MovieLens order', async () => {
  const { table, report } = await loadRatings(writeTemp(dir, 'one.csv', '1,10,4\n'));
  assert.equal(table.n, 1);
  assert.deepEqual(report.mapping, { user: 0, item: 1, rating: 2 });
});

test('line breaks inside quotes count as an editor counts them (CR LF once)', async () => {
  const path = writeTemp(dir, 'crlf-quoted.csv', 'user,item,rating\nu1,"The\nMatrix",4\nu2,Alien,3\nu3,"A\r\nB\nC",5\nu1,Alien,2\r\nu4,"x\ry",1\nu5,Alien,2\n');
  const { table } = await loadRatings(path);
  assert.deepEqual([...table.lines], [2, 4, 5, 8, 9, 11]);
});
