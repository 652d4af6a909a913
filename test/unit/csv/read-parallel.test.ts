/**
 * The two-thread plain path (read-parallel.ts) against the one-thread path on generated files of
 * several 512 KiB chunks: the same table (values, labels in order, lines), report, checkpoints and
 * errors, with odd rows among the plain ones (string ids, leading zeros, spaces, signs, blank and
 * ragged rows, bad numbers, CR LF, a line longer than a chunk, a BOM, no final line break).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadRatings, type LoadOptions } from '../../../src/core/csv/load';
import { loadOutcome, tempDir, writeTemp } from './helpers';

const dir = tempDir();

function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Shape { rows: number; oddShare: number; crlf: boolean; bom: boolean; header: boolean; longLine: boolean; finalBreak: boolean }

/** A ratings file of mostly plain rows; `oddShare` of them odd in a way only the general splitter reads. */
function ratingsFile(seed: number, shape: Shape): Buffer {
  const random = seeded(seed);
  const odd = [
    (u: number, i: number) => ` ${u},${i},4,100`,
    (u: number, i: number) => `u${u},${i},3.5,100`,
    (u: number, i: number) => `0${u},${i},2,100`,
    (u: number, i: number) => `${u},${i},+4,100`,
    () => '',
    (u: number, i: number) => `${u},${i},.5,-7`,
    (u: number, i: number) => `${u},${i}`,
    (u: number, i: number) => `${u},${i},x,100`,
    (u: number, i: number) => `${u},${i},4,100,extra`,
    (u: number, i: number) => `${u},${1e15 + i},4,100`,
    (u: number, i: number) => `${u},${i},1e400,100`,
  ];
  const lines = shape.header ? ['userId,movieId,rating,timestamp'] : [];
  for (let r = 0; r < shape.rows; r++) {
    // Ids up to 3e9: some past 2^31 (the store loop's int32 shortcut must not apply to them).
    const u = 1 + Math.floor(random() ** 2 * (r % 5000 === 7 ? 3e9 : 20_000)), i = 1 + Math.floor(random() ** 3 * 3000);
    if (shape.longLine && r === Math.floor(shape.rows / 2)) lines.push(`${u},${'9'.repeat(200_000)},4,100`);
    lines.push(random() < shape.oddShare ? odd[Math.floor(random() * odd.length)](u, i)
      : `${u},${i},${(1 + Math.floor(random() * 10)) / 2},${1_000_000_000 + r}`);
  }
  const eol = shape.crlf ? '\r\n' : '\n';
  const text = lines.join(eol) + (shape.finalBreak ? eol : '');
  return Buffer.from(shape.bom ? `\ufeff${text}` : text);
}

/** The load's result as plain data (timing and thread count left out), or its error. */
const outcome = (path: string, options: LoadOptions): Promise<unknown> => loadOutcome(path, options, ['seconds', 'threads']);

const shapes: Shape[] = [
  { rows: 200_000, oddShare: 0, crlf: false, bom: false, header: true, longLine: false, finalBreak: true },
  { rows: 150_000, oddShare: 0.002, crlf: true, bom: true, header: true, longLine: false, finalBreak: false },
  { rows: 150_000, oddShare: 0.02, crlf: false, bom: false, header: false, longLine: true, finalBreak: true },
  { rows: 100_000, oddShare: 0.0002, crlf: true, bom: false, header: true, longLine: true, finalBreak: false },
];

shapes.forEach((shape, k) => {
  test(`two threads load as one does: ${JSON.stringify(shape)}`, async () => {
    const path = writeTemp(dir, `ratings-${k}.csv`, ratingsFile(k + 1, shape));
    const mapping = { user: 0, item: 1, rating: 2, timestamp: 3 };
    for (const skipBadRows of [true, false]) {
      const one = await outcome(path, { skipBadRows, threads: 1, mapping });
      const two = await outcome(path, { skipBadRows, threads: 2, mapping });
      assert.deepEqual(two, one, `skipBadRows ${skipBadRows}`);
    }
    const { report, table } = await loadRatings(path, { threads: 2, skipBadRows: true, mapping });
    assert.equal(report.threads, 2);
    assert.ok(table.n > shape.rows * 0.9);
  });
});

test('two threads report the first bad row with its line, as one thread does', async () => {
  const rows = ['userId,movieId,rating'];
  for (let r = 0; r < 120_000; r++) rows.push(`${1 + (r % 977)},${1 + (r % 331)},${1 + (r % 5)}`);
  rows[100_001] = '5,3,four';
  const path = writeTemp(dir, 'bad-late.csv', `${rows.join('\n')}\n`);
  await assert.rejects(loadRatings(path, { threads: 2 }), /bad-late\.csv, line 100002, column 3: rating "four" is not a number/);
});
