/**
 * Quote mode of the byte splitter (quote-split.ts) against csv-parse, the reference for quoted files:
 * on generated files with hostile lines (delimiters and doubled quotes inside quotes, line breaks in
 * quotes, CR LF and mixed line ends, a lone CR, a BOM, Excel's `sep=` line, text after a closing
 * quote, edge characters String.trim removes, blank and ragged rows, bad numbers), loadRatings gives
 * the same table, report, line checkpoints and errors as loadRatings forced onto csv-parse.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadRatings, type LoadOptions } from '../../../src/core/csv/load';
import { splitQuoted } from '../../../src/core/csv/quote-split';
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

/** A ratings file with a quoted title column; `hostility` is the share of rows with something odd. */
export function hostileFile(seed: number, rows: number, hostility: number): Buffer {
  const random = seeded(seed);
  const pick = <T>(list: T[]): T => list[Math.floor(random() * list.length)];
  const d = pick([',', ',', ';', '\t']);
  const eol = random() < 0.5 ? '\r\n' : '\n';
  const q = (s: string): string => `"${s}"`;
  const lines: string[] = [];
  if (random() < 0.2) lines.push(`sep=${d}`);
  const header = ['userId', 'movieId', 'rating', 'timestamp', 'title'];
  lines.push((random() < 0.5 ? header.map(q) : header).join(d));
  const odd: ((f: string[]) => string)[] = [
    (f) => { f[4] = q(`Comma${d} inside`); return f.join(d); },
    (f) => { f[4] = q('Doubled ""quote"" inside'); return f.join(d); },
    (f) => { f[4] = q('Line\nbreak inside'); return f.join(d); },
    (f) => { f[4] = q('CR LF\r\nbreak inside'); return f.join(d); },
    (f) => `${f.join(d)}\r`, // a CR before the line end (a CR LF line in an LF file, or CR CR LF)
    (f) => { f[4] = 'lone\rCR'; return f.join(d); },
    (f) => { f[0] = ` ${q(f[0])}`; return f.join(d); }, // a space before the opening quote
    (f) => { f[4] = `${q('Text')} after`; return f.join(d); },
    (f) => { f[1] = `it"em${f[1]}`; return f.join(d); }, // a quote inside an unquoted field
    (f) => { f[0] = q(`\u000b${f[0]}`); return f.join(d); }, // a vertical tab String.trim removes
    (f) => { f[0] = `${f[0]}\u00a0`; return f.join(d); }, // a no-break space String.trim removes
    (f) => { f[4] = q('Amélie – Café'); return f.join(d); }, // non-ASCII edges that stay
    () => '',
    () => q(''),
    (f) => f.slice(0, 3).join(d), // ragged
    (f) => [...f, q('extra')].join(d),
    (f) => { f[2] = q(' 4.5 '); return f.join(d); },
    (f) => { f[2] = q('x'); return f.join(d); },
    (f) => { f[2] = q(''); return f.join(d); },
    (f) => { f[0] = q(''); return f.join(d); },
    (f) => { f[3] = q('2001-02-03'); return f.join(d); },
    (f) => { f[2] = q('4,5'); return f.join(d); },
    (f) => { f[1] = q(` u${f[1]} `); return f.join(d); },
    () => `${q('unclosed')}${d}1${d}2`,
  ];
  for (let r = 0; r < rows; r++) {
    const u = 1 + Math.floor(random() * 300), i = 1 + Math.floor(random() * 120);
    const f = [
      random() < 0.3 ? q(String(u)) : random() < 0.1 ? q(`user ${u}`) : String(u),
      random() < 0.3 ? q(String(i)) : String(i),
      random() < 0.3 ? q(String((1 + Math.floor(random() * 10)) / 2)) : String((1 + Math.floor(random() * 10)) / 2),
      String(1_000_000_000 + r),
      random() < 0.7 ? q(`Movie ${i}${d} The`) : `Movie ${i}`,
    ];
    lines.push(random() < hostility ? pick(odd)(f) : f.join(d));
  }
  const text = lines.join(eol) + (random() < 0.8 ? eol : '');
  return Buffer.from(random() < 0.3 ? `\ufeff${text}` : text);
}

/** The load's result as plain data (the timing and parser left out), or its error. */
const outcome = (path: string, options: LoadOptions): Promise<unknown> => loadOutcome(path, options, ['parser', 'seconds']);

test('quote mode splits the common shapes and refuses what csv-parse might read differently', () => {
  const split = (line: string, d = ','): string[] | -1 => {
    const buf = Buffer.from(line), starts = new Int32Array(16), ends = new Int32Array(16);
    const n = splitQuoted(buf, 0, buf.length, d.charCodeAt(0), starts, ends, { encoding: 'utf8' });
    return n < 0 ? -1 : Array.from({ length: n }, (_, k) => buf.toString('utf8', starts[k], ends[k]));
  };
  assert.deepEqual(split('"1","2","3.5", 4 ,"A, title"'), ['1', '2', '3.5', '4', 'A, title']);
  assert.deepEqual(split('1,,""'), ['1', '', '']);
  assert.deepEqual(split('1,2,'), ['1', '2', '']);
  assert.deepEqual(split('"a;b";"c"', ';'), ['a;b', 'c']);
  for (const refused of ['"a""b",1', '"open,1', '"a"b,1', 'a"b,1', ' "a",1', '"a\rb",1', 'a\rb,1', '"\u000ba",1', 'a\u00a0,1']) {
    assert.equal(split(refused), -1, JSON.stringify(refused));
  }
});

test('generated hostile quoted files load as csv-parse loads them: tables, reports, checkpoints, errors', async () => {
  const parsers = new Map<string, number>();
  for (let seed = 1; seed <= 60; seed++) {
    const hostility = seed % 3 === 0 ? 0 : seed % 3 === 1 ? 0.01 : 0.08;
    const path = writeTemp(dir, `hostile-${seed}.csv`, hostileFile(seed, 400, hostility));
    for (const skipBadRows of [true, false]) {
      const ours = await outcome(path, { skipBadRows, itemKey: 'id' });
      const reference = await outcome(path, { skipBadRows, itemKey: 'id', parser: 'csv-parse' });
      assert.deepEqual(ours, reference, `seed ${seed}, skipBadRows ${skipBadRows}`);
    }
    const parser = (await loadRatings(path, { skipBadRows: true, itemKey: 'id' }).catch(() => undefined))?.report.parser ?? 'error';
    parsers.set(parser, (parsers.get(parser) ?? 0) + 1);
  }
  // Both ways are exercised: most clean files stay on the byte path, hostile ones fall back.
  assert.ok((parsers.get('fast-quoted') ?? 0) >= 15, JSON.stringify([...parsers]));
  assert.ok((parsers.get('csv-parse') ?? 0) >= 10, JSON.stringify([...parsers]));
});

test('a quoted file over many 1 MiB chunks loads as csv-parse loads it, and on the byte path', async () => {
  for (const seed of [101, 102]) {
    const path = writeTemp(dir, `big-${seed}.csv`, hostileFile(seed, 60_000, 0));
    const ours = await loadRatings(path, { itemKey: 'id' });
    assert.equal(ours.report.parser, 'fast-quoted');
    assert.deepEqual(await outcome(path, { itemKey: 'id' }), await outcome(path, { itemKey: 'id', parser: 'csv-parse' }));
  }
});
