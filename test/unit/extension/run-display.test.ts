import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { RunManifest } from '../../../src/core/run/types';
import type { RunHeadListing } from '../../../src/protocol/run-service';
import { manifestHead } from '../../../src/run-service/service';
import { describeRunRow, groupBySource, relativeTime, runPickItem, runRow } from '../../../src/extension/runs/run-display';
import { DEFAULT_CONFIG } from '../../../src/trainer/defaults';

function manifest(id: string, createdAt: string, source: string | undefined, rmse: number[], over: Partial<RunManifest> = {}): RunManifest {
  return {
    version: 1, id, createdAt, origin: 'trained',
    source: source ? {
      path: source, size: 1, mtimeMs: 0, sha256: 'x',
      format: { delimiter: ',', hasHeader: true, encoding: 'utf8', bom: false, lineEnding: 'lf', quoted: false },
      mapping: { user: 0, item: 1, rating: 2 },
    } : undefined,
    config: DEFAULT_CONFIG, vocab: { users: [], items: [] }, tensors: [],
    metrics: rmse.map((r, i) => ({ epoch: i + 1, trainLoss: 1, validMse: r * r, validRmse: r, validMae: r, seconds: 1 })),
    ...over,
  };
}
const listing = (m: RunManifest): RunHeadListing => ({ id: m.id, dir: `/ws/.collab/runs/${m.id}`, manifest: manifestHead(m) });

test('runs are grouped by source file, newest group and newest run first', () => {
  const rows = [
    listing(manifest('a1', '2026-11-25T10:00:00Z', '/ws/ratings.csv', [0.95, 0.91])),
    listing(manifest('b1', '2026-11-25T12:00:00Z', '/ws/ml/u.data', [0.93])),
    listing(manifest('a2', '2026-11-25T11:00:00Z', '/ws/ratings.csv', [0.9])),
    listing(manifest('i1', '2026-11-20T11:00:00Z', undefined, [], { origin: 'imported', config: undefined })),
    { id: 'bad', dir: '/ws/.collab/runs/bad', error: { problem: 'damaged', message: 'weights.bin is truncated' } },
  ].map((l: RunHeadListing) => runRow(l));
  const groups = groupBySource(rows);
  assert.deepEqual(groups.map((g) => g.source), ['u.data', 'ratings.csv', 'imported embeddings', '(unreadable)']);
  assert.deepEqual(groups[1].runs.map((r) => r.id), ['a2', 'a1']);
  const now = new Date('2026-11-25T12:30:00Z');
  const a1 = describeRunRow(groups[1].runs[1], now);
  assert.equal(a1.label, 'dot · 50 factors');
  assert.equal(a1.description, 'RMSE 0.910 · 2 h ago');
  assert.match(a1.tooltip, /source: \/ws\/ratings\.csv/);
  assert.match(a1.tooltip, /valid RMSE: 0\.9100 after 2 epochs/);
  const imported = describeRunRow(groups[2].runs[0], now);
  assert.equal(imported.label, 'imported');
  assert.equal(imported.description, '5 d ago');
  const bad = describeRunRow(groups[3].runs[0], now);
  assert.equal(bad.description, 'unreadable');
  assert.match(bad.tooltip, /truncated/);
  assert.deepEqual(runPickItem(groups[0].runs[0], now), { label: 'u.data · dot · 50 factors', description: 'RMSE 0.930 · 30 min ago', detail: 'b1' });
});

test('NN runs show their layers; relative times', () => {
  const row = runRow(listing(manifest('n', '2026-11-25T10:00:00Z', '/ws/r.csv', [0.9], { config: { ...DEFAULT_CONFIG, model: 'nn' } })));
  assert.equal(row.model, 'nn · layers [100, 50]');
  const now = new Date('2026-12-25T10:00:00Z');
  assert.equal(relativeTime(new Date('2026-12-25T09:59:30Z'), now), 'just now');
  assert.equal(relativeTime(new Date('2026-12-01T00:00:00Z'), now), '2026-12-01');
});
