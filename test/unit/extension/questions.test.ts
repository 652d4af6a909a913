import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inferRoles, rankRatingColumns } from '../../../src/core/csv/roles';
import { sniffFile } from '../../../src/core/csv/sniff';
import type { ColumnSummary } from '../../../src/core/csv/types';
import { generatePlanted, writeMl100k, writeRatingsCsv } from '../../../src/core/data/synthetic';
import { answerRole, completeMapping, REQUIRED_ROLES, roleQuestions } from '../../../src/extension/training/questions';
import { describeSniff } from '../../../src/extension/training/sniff-summary';
import { isRatingsLike, itemsFileCandidates } from '../../../src/extension/training/file-kinds';

const column = (index: number, name: string, over: Partial<ColumnSummary> = {}): ColumnSummary => ({
  index, name, numericShare: 1, integer: true, distinct: 50, min: 1, max: 1000, samples: ['1', '2'], ...over,
});

test('files the sniffer understands fully ask nothing', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'collab-q-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const data = generatePlanted({ users: 40, items: 30, ratingsPerUser: 10 });
  const ml = writeMl100k(join(dir, 'ml'), data);
  const csv = writeRatingsCsv(join(dir, 'csv'), data);
  for (const file of [ml.ratingsFile, csv.ratingsFile]) {
    const sniff = await sniffFile(file);
    assert.deepEqual(roleQuestions(sniff), [], file);
    const complete = completeMapping(sniff.mapping);
    assert.ok(complete.ok);
    const { summary, roles, lines } = describeSniff(sniff);
    assert.match(summary, /rows/);
    assert.match(roles, /user = .*item = .*rating = /);
    assert.ok(lines.some((l) => /delimiter/.test(l)), 'reasons are listed');
  }
  const mlSniff = await sniffFile(ml.ratingsFile);
  assert.match(describeSniff(mlSniff).summary, /^tab-separated, no header, UTF-8, ~[\d,.k]+ rows, \d+\+ users, \d+\+ items, ratings 1–5$/);
  const csvSniff = await sniffFile(csv.ratingsFile);
  assert.match(describeSniff(csvSniff).summary, /^comma-separated, header/);
});

test('a missing rating role is asked, with the small numeric range first', () => {
  const columns = [
    column(0, 'a'),
    column(1, 'b', { max: 20000 }),
    column(2, 'c', { min: 1, max: 5, distinct: 5 }),
    column(3, 'd', { numericShare: 0, integer: false }),
  ];
  const questions = roleQuestions({ columns, mapping: { user: 0, item: 1 } });
  assert.equal(questions.length, 1);
  assert.equal(questions[0].role, 'rating');
  assert.match(questions[0].reason, /could not be told/);
  assert.deepEqual(questions[0].candidates.map((c) => c.index), [2, 3]);
});

test('every role missing: three questions; answers complete the mapping and never share a column', () => {
  const columns = [column(0, 'x'), column(1, 'y'), column(2, 'z', { max: 5 })];
  const questions = roleQuestions({ columns, mapping: {} });
  assert.deepEqual(questions.map((q) => q.role), ['user', 'item', 'rating']);
  assert.equal(questions[2].candidates[0].index, 2);
  let mapping = answerRole({}, 'user', 0);
  mapping = answerRole(mapping, 'item', 1);
  assert.deepEqual(completeMapping(mapping), { ok: false, missing: ['rating'] });
  mapping = answerRole(mapping, 'rating', 2);
  assert.deepEqual(completeMapping(mapping), { ok: true, mapping: { user: 0, item: 1, rating: 2 } });
  assert.deepEqual(answerRole(mapping, 'rating', 0), { item: 1, rating: 0 });
});

test('two roles guessed on one column: the later role is asked', () => {
  const columns = [column(0, 'id'), column(1, 'score', { max: 5 })];
  const questions = roleQuestions({ columns, mapping: { user: 0, item: 0, rating: 1 } });
  assert.equal(questions.length, 1);
  assert.equal(questions[0].role, 'item');
  assert.match(questions[0].reason, /both user and item/);
});

test('items files next to a ratings file are found, best first; ratings-like names', () => {
  assert.deepEqual(itemsFileCandidates('/d/u.data', ['u.data', 'movies.csv', 'u.item', 'README', 'u.user']), ['u.item', 'movies.csv']);
  assert.deepEqual(itemsFileCandidates('/d/ratings.csv', ['ratings.csv', 'Movies.csv', 'tags.csv']), ['Movies.csv']);
  assert.deepEqual(itemsFileCandidates('/d/movies.csv', ['movies.csv']), []);
  assert.ok(isRatingsLike('/d/u.data'));
  assert.ok(isRatingsLike('/d/ratings.CSV'));
  assert.ok(!isRatingsLike('/d/movies.csv'));
  assert.ok(!isRatingsLike('/d/u.item'));
  assert.ok(!isRatingsLike('/d/notes.md'));
});

test('a real file with too few columns: exactly the roles the sniffer left open are asked', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'collab-q-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'odd.csv');
  const rows = ['when,who,what'];
  for (let i = 0; i < 200; i++) rows.push(`${1_000_000 + i},${i % 17},${(i * 7) % 23}`);
  writeFileSync(file, rows.join('\n'));
  const sniff = await sniffFile(file);
  const missing = REQUIRED_ROLES.filter((r) => sniff.mapping[r] === undefined);
  assert.ok(missing.length > 0, 'three columns with a timestamp cannot fill every role');
  const questions = roleQuestions(sniff);
  assert.deepEqual(questions.map((q) => q.role), missing);
  for (const q of questions) assert.ok(q.candidates.length > 0);
});

test('the rating question offers first the column the sniffer would pick (one rule, in core)', () => {
  // Half stars beat an integer 1-5 column; among integer fits the rightmost wins (ids come first).
  const layouts: ColumnSummary[][] = [
    [column(0, 'u'), column(1, 'i'), column(2, 'flag', { max: 5, distinct: 5 }), column(3, 's', { integer: false, min: 0.5, max: 5, distinct: 10 })],
    [column(0, 'u'), column(1, 'i'), column(2, 'a', { max: 5, distinct: 5 }), column(3, 'b', { max: 10, distinct: 10 })],
    [column(0, 'u'), column(1, 'i'), column(2, 'r', { max: 5, distinct: 5, numericShare: 0.97 }), column(3, 'wide', { max: 50, distinct: 50 })],
  ];
  for (const columns of layouts) {
    const inferred = inferRoles(columns, false, 'ratings', { user: 0, item: 1 }).mapping.rating;
    assert.ok(inferred !== undefined);
    const question = roleQuestions({ columns, mapping: { user: 0, item: 1 } })[0];
    assert.equal(question.role, 'rating');
    assert.equal(question.candidates[0].index, inferred, columns.map((c) => c.name).join(','));
    assert.deepEqual(question.candidates.map((c) => c.index), rankRatingColumns(columns.slice(2)).map((c) => c.index));
  }
});
