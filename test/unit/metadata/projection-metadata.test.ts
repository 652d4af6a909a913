/** Custom axes by metadata value and the coordinates CSV's metadata columns, read from the run's items file through the run service. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RunService } from '../../../src/run-service/service';
import { GENRES, genreOf } from '../../browser/fixture-run';
import { runWithFiles } from '../../browser/meta-fixture';

test('a custom axis from one genre to another: the genre\'s items sit at its end; the CSV carries genres and year', async () => {
  const { run } = runWithFiles();
  const service = new RunService({ loadRun: async () => run });
  const [from, to] = [GENRES[genreOf(1)], GENRES[genreOf(2)]];
  assert.notEqual(from, to);
  const result = await service.project('/r', {
    method: 'custom', side: 'items', top: 39, seed: 1,
    custom: { x: { kind: 'direction', from: { kind: 'metadata', field: 'genres', value: from }, to: { kind: 'metadata', field: 'genres', value: to } }, y: { kind: 'component', component: 0 } },
  }, 't');
  const xOf = (genre: string) => {
    const xs = result.points.filter((p) => genreOf(p.index) === GENRES.indexOf(genre)).map((p) => p.x);
    return xs.reduce((a, b) => a + b, 0) / xs.length;
  };
  assert.ok(xOf(to) > xOf(from), `the "${to}" items lie further along x than the "${from}" items (${xOf(to)} vs ${xOf(from)})`);
  const { csv } = await service.projectionQuery('/r', 'projection/csv', { side: 'items', points: result.points.slice(0, 3).map((p) => ({ index: p.index, x: p.x, y: p.y })) });
  const [head, first] = csv.trim().split(/\r?\n/);
  assert.match(head, /^index,label,x,y,bias,count,mean,.*genres/);
  assert.ok(first.includes(GENRES[genreOf(result.points[0].index)]), 'the row names its genre');
});
