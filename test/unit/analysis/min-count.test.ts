/** The minimum rating count for neighbours: one rule, applied by the panel, the hover and Find Similar. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_NEIGHBOUR_MIN_COUNT, isLowCount, minCountPhrase, neighbourMinCount } from '../../../src/core/analysis/min-count';
import { PanelQueries } from '../../../src/run-service/panel-queries';
import { RunService } from '../../../src/run-service/service';
import { fixtureRun } from '../../browser/fixture-run';
import { readSettings, DEFAULT_SETTINGS } from '../../../src/extension/settings/settings';

/** The fixture with a few items rated once to three times, and those items' vectors pointing like item 5's. */
function runWithRareItems() {
  const run = fixtureRun({ items: 60 });
  const counts = run.manifest.stats!.itemCount;
  const rare = [10, 11, 12, 13];
  for (const [k, i] of rare.entries()) counts[i] = 1 + (k % 3);
  const w = run.tensors.get('itemWeight')!;
  const dim = w.shape[1];
  for (const i of rare) for (let f = 0; f < dim; f++) w.data[i * dim + f] = w.data[5 * dim + f] * 1.01;
  return { run, rare };
}

test('the rule: default when absent, whole numbers in range, low-count marks and phrase', () => {
  assert.equal(neighbourMinCount(), DEFAULT_NEIGHBOUR_MIN_COUNT);
  assert.equal(neighbourMinCount(Number.NaN), DEFAULT_NEIGHBOUR_MIN_COUNT);
  assert.equal(neighbourMinCount(-3), 0);
  assert.equal(neighbourMinCount(4.6), 5);
  assert.equal(isLowCount(3, 7), true);
  assert.equal(isLowCount(7, 7), false);
  assert.equal(isLowCount(3, 0), false);
  assert.equal(isLowCount(undefined, 7), false, 'imported runs without counts: nothing is marked');
  assert.equal(minCountPhrase(7), 'items with at least 7 ratings');
  assert.equal(minCountPhrase(0, 'users'), 'all users');
});

test('the setting defaults to the measured default and refuses nonsense', () => {
  assert.equal(DEFAULT_SETTINGS['neighbours.minCount'], DEFAULT_NEIGHBOUR_MIN_COUNT);
  const read = readSettings((key) => (key === 'neighbours.minCount' ? -1 : undefined));
  assert.deepEqual(read.invalid, ['neighbours.minCount']);
  assert.equal(read.settings['neighbours.minCount'], DEFAULT_NEIGHBOUR_MIN_COUNT);
});

test('panel: neighbours leave out rarely rated items by default, say the minimum, and 0 brings them back', () => {
  const { run, rare } = runWithRareItems();
  const queries = new PanelQueries(run);
  const byDefault = queries.answer('query/neighbours', { side: 'items', query: 5, metric: 'cosine', k: 10 });
  assert.ok(byDefault.ok);
  assert.equal(byDefault.minCount, DEFAULT_NEIGHBOUR_MIN_COUNT);
  for (const n of byDefault.neighbours) assert.ok((n.count ?? 0) >= DEFAULT_NEIGHBOUR_MIN_COUNT, `${n.label} has ${n.count}`);
  const all = queries.answer('query/neighbours', { side: 'items', query: 5, metric: 'cosine', k: 10, minCount: 0 });
  assert.ok(all.ok);
  assert.deepEqual(all.neighbours.slice(0, 4).map((n) => n.index).sort((a, b) => a - b), rare, 'the planted rare twins are nearest without the rule');
});

test('a rarely rated item stays reachable: its own neighbours can be asked for', () => {
  const { run, rare } = runWithRareItems();
  const result = new PanelQueries(run).answer('query/neighbours', { side: 'items', query: rare[0], metric: 'cosine', k: 5 });
  assert.ok(result.ok);
  assert.equal(result.query.index, rare[0]);
  assert.equal(result.query.count, 1);
  assert.ok(result.neighbours.every((n) => !rare.includes(n.index)));
});

test('hover and Find Similar apply the same rule (the hover with the setting it is given)', async () => {
  const { run, rare } = runWithRareItems();
  const service = new RunService({ loadRun: async () => run });
  const similar = await service.similar('/runs/x', run.manifest.vocab.items[5], 10);
  assert.ok(similar.ok);
  assert.ok(similar.neighbours.every((n) => !rare.includes(n.index)));
});
