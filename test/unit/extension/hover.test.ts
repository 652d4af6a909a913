import { test } from 'node:test';
import assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import { createAnalysisIndex, labelFacts } from '../../../src/core/analysis/analysis-index';
import { neighbours } from '../../../src/core/analysis/neighbours';
import { recommend } from '../../../src/core/analysis/predict';
import { knownUserWhy } from '../../../src/core/analysis/known-user-why';
import { CommandId } from '../../../src/extension/commands/ids';
import { itemHoverMarkdown, userHoverMarkdown } from '../../../src/extension/hover/hover-text';
import { commandLink, escapeMarkdownText } from '../../../src/extension/hover/markdown';
import { hoveredCell, resolveHoverTarget, type HoverLayout } from '../../../src/run-service/hover-target';
import { plantedRun } from './run-fixture';

const HOSTILE = [
  '<img src=x onerror=alert(1)>',
  '[x](command:workbench.action.terminal.new)',
  'Evil\u202eelif.exe',
  '**bold** _it_ `code` # head',
  '$(alert) ![img](https://x/y.png)',
  'line\nbreak | pipe',
  '<script>alert(1)</script>',
  'https://example.com/autolink',
];

/** Links in Markdown that point at commands: `](command:id`. */
function commandTargets(markdown: string): string[] {
  return [...markdown.matchAll(/\]\(command:([^?)\s]+)/g)].map((m) => m[1]);
}

test('escaping: hostile labels show as text, never HTML, links, icons or reordered text', () => {
  for (const label of HOSTILE) {
    const s = escapeMarkdownText(label);
    assert.ok(!/<[a-z]/i.test(s), `no raw tag in ${s}`);
    assert.ok(!s.includes(']('), `no link syntax in ${s}`);
    assert.ok(!/[\u202a-\u202e\u2066-\u2069]/.test(s), 'no bidi controls');
    assert.ok(!s.includes('\n'), 'one line');
    assert.ok(!/(^|[^\\])\$\(/.test(s), 'no theme icon');
    assert.ok(!/(^|[^\\])\*\*/.test(s), 'no bold');
  }
  assert.equal(escapeMarkdownText('Evil\u202eelif'), 'EvilU\\+202Eelif');
  assert.equal(escapeMarkdownText('a'.repeat(200)).length, 120);
  const link = commandLink('Show', CommandId.showNeighbours, ['/runs/x', 'a)](command:evil']);
  assert.deepEqual(commandTargets(link), [CommandId.showNeighbours]);
  assert.deepEqual(JSON.parse(decodeURIComponent(link.slice(link.indexOf('?') + 1, -1))), ['/runs/x', 'a)](command:evil']);
});

test('item hover: facts, planted neighbours and one trusted link, whatever the titles hold', () => {
  const run = plantedRun({ nItems: 200, nUsers: 30, titles: (i) => (i <= HOSTILE.length ? HOSTILE[i - 1] : `Film ${i}`) });
  const index = createAnalysisIndex(run);
  const items = index.side('items');
  for (let i = 1; i <= HOSTILE.length; i++) {
    const result = neighbours(index, i, { k: 5 });
    assert.ok(result.ok);
    const md = itemHoverMarkdown({ run: { runId: 'r', runDir: run.dir }, facts: labelFacts(items, i), id: String(i), neighbours: result.neighbours, metric: 'cosine' });
    assert.deepEqual(commandTargets(md), [CommandId.showNeighbours], md);
    assert.ok(!/<img|<script/i.test(md));
    assert.ok(!/[\u202a-\u202e]/.test(md));
    assert.match(md, /bias \*\*[+−]0\.\d{3}\*\* · 1\d ratings · mean \d\.\d\d/);
    assert.match(md, new RegExp(`\\(id ${i}\\)`));
    // Planted structure: the 5 nearest share the item's cluster.
    for (const n of result.neighbours) assert.equal((n.index - 1) % 4, (i - 1) % 4, `neighbour ${n.index} of ${i}`);
    assert.equal(md.split('\n').filter((l) => /^\d\. .* — 0\.\d{3}$/.test(l)).length, 5);
  }
});

test('user hover: recommendations and a link to Recommend', () => {
  const run = plantedRun({ nItems: 100, nUsers: 20, titles: (i) => (i === 1 ? HOSTILE[0] : `Film ${i}`) });
  const index = createAnalysisIndex(run);
  const users = index.side('users');
  const rec = recommend(index, '3', { k: 5 });
  const md = userHoverMarkdown({ run: { runId: 'r', runDir: run.dir }, facts: labelFacts(users, 3), recommendations: rec.items, kind: rec.kind });
  assert.match(md, /^\*\*User 3\*\*/);
  assert.match(md, /Top recommendations/);
  assert.deepEqual(commandTargets(md), [CommandId.recommend]);
  assert.equal(md.split('\n').filter((l) => /^\d\. /.test(l)).length, 5);
  // The first recommendation's why, as text (a hostile title stays escaped).
  const why = knownUserWhy(index, 3, rec.items[0].index)!;
  assert.ok(why.similar.every((s) => run.rows === undefined || s.cosine > 0));
  const withWhy = userHoverMarkdown({ run: { runId: 'r', runDir: run.dir }, facts: labelFacts(users, 3), recommendations: rec.items, kind: rec.kind, why: `${why.line} <img src=x>` });
  assert.match(withWhy, /_Why #1:_ .*&lt;img src=x&gt;/);
  if (why.parts?.rating) {
    const r = why.parts.rating;
    assert.ok(Math.abs(r.offset + r.itemBias + r.userBias + r.interaction - rec.items[0].score) < 1e-4, 'the parts add up to the prediction');
  }
});

test('hover targets: ids and titles by the run\'s mapping; ratings, unknown ids and #na# are not targets', () => {
  const run = plantedRun({ nItems: 50, nUsers: 10 });
  const index = createAnalysisIndex(run);
  const source = { kind: 'source' as const, mapping: { user: 0, item: 1, rating: 2, title: 3 } };
  assert.deepEqual(resolveHoverTarget(index, source, 0, '7'), { side: 'users', index: 7, id: undefined });
  assert.deepEqual(resolveHoverTarget(index, source, 1, '12'), { side: 'items', index: 12, id: '12' });
  assert.deepEqual(resolveHoverTarget(index, source, 3, 'Movie 12 (1995)'), { side: 'items', index: 12, id: undefined });
  assert.equal(resolveHoverTarget(index, source, 2, '4'), undefined);
  assert.equal(resolveHoverTarget(index, source, 1, '9999'), undefined);
  assert.equal(resolveHoverTarget(index, source, 1, '#na#'), undefined);
  const items = { kind: 'items' as const, mapping: { item: 0, title: 1 } };
  assert.deepEqual(resolveHoverTarget(index, items, 0, '5'), { side: 'items', index: 5, id: '5' });
  assert.equal(resolveHoverTarget(index, items, 5, '1'), undefined, 'genre flags are not ids');
  // A Latin-1 title read as UTF-8 does not match: the line's id still finds the item.
  assert.deepEqual(resolveHoverTarget(index, items, 1, 'Caf\ufffd 12 (1995)', '12'), { side: 'items', index: 12, id: '12' });
  assert.equal(resolveHoverTarget(index, source, 1, 'nope', '12'), undefined, 'only items files fall back to the id');
  // The recorded columns, not fixed ones: an items file with its title first and its id third.
  const swapped = { kind: 'items' as const, mapping: { item: 2, title: 0 } };
  assert.deepEqual(resolveHoverTarget(index, swapped, 0, 'Movie 9 (1995)'), { side: 'items', index: 9, id: undefined });
  assert.equal(resolveHoverTarget(index, swapped, 1, '9'), undefined, 'column 2 of this file is not the id');
});

/** The items-file layouts of real MovieLens releases, as run.json records them. */
const FORMAT = { hasHeader: true, encoding: 'utf8', bom: false, lineEnding: 'lf', quoted: true } as const;
const MOVIES_CSV: HoverLayout = { format: { ...FORMAT, delimiter: ',' }, columns: { kind: 'items', mapping: { item: 0, title: 1 } } };
const U_ITEM: HoverLayout = {
  format: { ...FORMAT, delimiter: '|', hasHeader: false, encoding: 'latin1', quoted: false },
  columns: { kind: 'items', mapping: { item: 0, title: 1 } },
};
const MOVIES_TSV: HoverLayout = { format: { ...FORMAT, delimiter: '\t', quoted: false }, columns: { kind: 'items', mapping: { item: 0, title: 1 } } };

test('hovered cell in items files: the recorded delimiter, never a guess from the line (movies.csv genres hold pipes)', () => {
  const toyStory = '1,Toy Story (1995),Adventure|Animation|Children|Comedy|Fantasy';
  const title = hoveredCell(MOVIES_CSV, toyStory, 1, toyStory.indexOf('Story'));
  assert.deepEqual(title, { cell: { column: 1, value: 'Toy Story (1995)', start: 2, end: 18 }, lineId: '1' });
  assert.equal(hoveredCell(MOVIES_CSV, toyStory, 1, toyStory.indexOf('Comedy'))?.cell.column, 2, 'genres are one cell');

  const president = '11,"American President, The (1995)",Comedy|Drama|Romance';
  const quoted = hoveredCell(MOVIES_CSV, president, 11, president.indexOf('The'));
  assert.deepEqual(quoted?.cell, { column: 1, value: 'American President, The (1995)', start: 3, end: 35 });
  assert.equal(quoted?.lineId, '11');

  const uItem = '1|Toy Story (1995)|01-Jan-1995||http://us.imdb.com/M/title-exact?Toy%20Story%20(1995)|0|0|0|1|1|1|0|0|0|0|0|0|0|0|0|0|0|0|0';
  assert.deepEqual(hoveredCell(U_ITEM, uItem, 0, 5), { cell: { column: 1, value: 'Toy Story (1995)', start: 2, end: 18 }, lineId: '1' },
    'u.item has no header: its first line is hoverable');
  assert.equal(hoveredCell(U_ITEM, uItem, 0, uItem.length - 1)?.cell.column, 23);

  const tsv = '1\tToy Story (1995)\tAdventure|Animation|Children|Comedy|Fantasy';
  assert.deepEqual(hoveredCell(MOVIES_TSV, tsv, 1, 4)?.cell, { column: 1, value: 'Toy Story (1995)', start: 2, end: 18 });

  assert.equal(hoveredCell(MOVIES_CSV, 'movieId,title,genres', 0, 9), undefined, 'the header line is not hovered');
  assert.equal(hoveredCell(MOVIES_CSV, 'a,,c', 1, 2), undefined, 'an empty cell is not hovered');
});

test('hovered cell in an Excel export: the `sep=` line and the header below it are not rows', () => {
  const excel: HoverLayout = { format: { ...FORMAT, delimiter: ';', sepLine: true, decimalComma: true, encoding: 'windows1252' }, columns: { kind: 'items', mapping: { item: 0, title: 1 } } };
  assert.equal(hoveredCell(excel, 'sep=;', 0, 2), undefined, 'line 1 is the sep line');
  assert.equal(hoveredCell(excel, 'Film;Titel', 1, 6), undefined, 'line 2 is the header');
  const row = '7;\u201cHeat\u201d (1995)';
  assert.deepEqual(hoveredCell(excel, row, 2, 4), { cell: { column: 1, value: '\u201cHeat\u201d (1995)', start: 2, end: row.length }, lineId: '7' });
});

test('hover work on a 60,000-item model (timing reported, not asserted)', (t) => {
  const run = plantedRun({ nItems: 60_000, nUsers: 1000, dim: 50 });
  const index = createAnalysisIndex(run);
  const t0 = performance.now();
  index.side('items');
  const built = performance.now() - t0;
  const times: number[] = [];
  for (let q = 0; q < 20; q++) {
    const start = performance.now();
    const target = resolveHoverTarget(index, { kind: 'source', mapping: { user: 0, item: 1, rating: 2 } }, 1, String(1 + q * 997));
    const result = neighbours(index, target!.index, { k: 5 });
    assert.ok(result.ok);
    itemHoverMarkdown({ run: { runId: 'r', runDir: run.dir }, facts: labelFacts(index.side('items'), target!.index), neighbours: result.neighbours, metric: 'cosine' });
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  t.diagnostic(`index build ${built.toFixed(1)} ms once; item hover median ${times[10].toFixed(2)} ms, max ${times[19].toFixed(2)} ms`);
});
