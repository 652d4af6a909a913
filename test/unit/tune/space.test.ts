/** Grid and random search spaces: parsing, the validator's refusals, seeded draws, the 1,000 guard. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_GRID, MAX_CONFIGS_WITHOUT_YES, parseGrid, parseRandom, TuneSpecError } from '../../../src/core/tune/space';
import { DEFAULT_CONFIG } from '../../../src/core/train/config-validate';

test('a grid expands to every combination in order, over the default config', () => {
  const space = parseGrid('factors=20,50,100 wd=0.01,0.05,0.1 lr=3e-3,5e-3,1e-2 epochs=5,10');
  assert.equal(space.length, 54);
  assert.deepEqual(space[0].params, { factors: 20, wd: 0.01, lr: 3e-3, epochs: 5 });
  assert.deepEqual(space[1].params, { factors: 20, wd: 0.01, lr: 3e-3, epochs: 10 });
  assert.deepEqual(space[53].params, { factors: 100, wd: 0.1, lr: 1e-2, epochs: 10 });
  assert.equal(space[53].config.bs, DEFAULT_CONFIG.bs);
  assert.equal(space[53].config.factors, 100);
  assert.deepEqual(parseGrid('model=dot,nn')[1].config.model, 'nn');
});

test('the default grid is valid and centred on the book recipe', () => {
  const space = parseGrid(DEFAULT_GRID);
  assert.equal(space.length, 24);
  assert.ok(space.some((c) => c.config.factors === 50 && c.config.wd === 0.1 && c.config.lr === 5e-3 && c.config.epochs === 5));
});

test('a bad grid gets a clear error naming the parameter', () => {
  const bad: [string, RegExp][] = [
    ['momentum=0.9', /unknown parameter 'momentum'/],
    ['wd=', /'wd' has an empty range/],
    ['wd=,', /'wd' has an empty range/],
    ['lr=0,1e-3', /lr must be > 0 \(got 0\)/],
    ['factors=2.5', /factors must be an integer >= 1 \(got 2.5\)/],
    ['wd=abc', /wd must be >= 0 \(got 'abc'\)/],
    ['wd=0.1 wd=0.2', /appears twice/],
    ['wd', /must be name=values/],
    ['', /empty/],
  ];
  for (const [spec, message] of bad) assert.throws(() => parseGrid(spec), (e: Error) => e instanceof TuneSpecError && message.test(e.message), spec);
});

test('more than 1,000 configurations need yes', () => {
  const spec = `factors=${Array.from({ length: 11 }, (_, i) => i + 1).join(',')} bs=${Array.from({ length: 100 }, (_, i) => i + 1).join(',')}`;
  assert.throws(() => parseGrid(spec), /1100 configurations, more than 1000; pass --yes/);
  assert.equal(parseGrid(spec, { yes: true }).length, 1100);
  assert.equal(MAX_CONFIGS_WITHOUT_YES, 1000);
  assert.throws(() => parseRandom('wd=0..1', 1001, 1), /pass --yes/);
});

test('random search is seeded and stays within its ranges', () => {
  const spec = 'lr=1e-3..1e-1:log wd=0..0.2 factors=10..200:int model=dot,nn';
  const a = parseRandom(spec, 50, 7);
  assert.deepEqual(parseRandom(spec, 50, 7), a);
  assert.notDeepEqual(parseRandom(spec, 50, 8), a);
  for (const { params, config } of a) {
    assert.ok((params.lr as number) >= 1e-3 && (params.lr as number) <= 1e-1);
    assert.ok((params.wd as number) >= 0 && (params.wd as number) <= 0.2);
    assert.ok(Number.isInteger(params.factors) && (params.factors as number) >= 10 && (params.factors as number) <= 200);
    assert.ok(config.model === 'dot' || config.model === 'nn');
  }
  // a log range spreads over decades: some draws below 1e-2, some above
  assert.ok(a.some((c) => (c.params.lr as number) < 1e-2) && a.some((c) => (c.params.lr as number) > 1e-2));
});

test('a bad random spec gets a clear error', () => {
  assert.throws(() => parseRandom('wd=0.2..0.1', 3, 1), /'wd' has an empty range 0.2..0.1/);
  assert.throws(() => parseRandom('wd=0..0.1:log', 3, 1), /:log range needs a low end above 0/);
  assert.throws(() => parseRandom('lr=0..0.1', 3, 1), /lr must be > 0 \(got 0\)/);
  assert.throws(() => parseRandom('wd=0..0.1:cube', 3, 1), /unknown range flag ':cube'/);
  assert.throws(() => parseRandom('beta=0..1', 3, 1), /unknown parameter 'beta'/);
  assert.throws(() => parseRandom('wd=0..1', 0, 1), /--random must be a whole number/);
});
