import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { TrainRequest } from '../../../src/protocol/trainer';
import { textReporter } from '../../../src/cli/train/reporter';

const request: TrainRequest = {
  file: '/data/ratings.csv', runsDir: '/data/.collab/runs',
  config: { model: 'dot', factors: 50, layers: [], dropout: 0, epochs: 5, lr: 5e-3, wd: 0.1, bs: 64, validPct: 0.2, seed: 42 },
};

/** The live lines a terminal 81 columns wide shows, without the padding. */
function liveLines(events: Parameters<ReturnType<typeof textReporter>>[0][]): string[] {
  const lines: string[] = [];
  const report = textReporter({
    out: { write: () => true },
    live: { isTTY: true, columns: 81, write: (text: string) => { if (text.trim()) lines.push(text.replace(/^\r/, '').trimEnd()); } },
  }, request);
  for (const e of events) report(e);
  return lines;
}

test('the live line says preparing for the load stages and saving for the save stages', () => {
  assert.deepEqual(liveLines([
    { type: 'train/load', bytesRead: 500_000, bytesTotal: 1_000_000, rows: 20_000 },
    { type: 'train/load', bytesRead: 1_000_000, bytesTotal: 1_000_000, rows: 40_000, stage: 'splitting training and validation rows', prepared: 0.5 },
    { type: 'train/save', stage: 'indexing source lines', saved: 0.42 },
  ]), [
    'loading [##########----------] 50%  0.5/1.0 MB  20,000 rows',
    'preparing [##########----------] 50%  splitting training and validation rows',
    'saving [########------------] 42%  indexing source lines',
  ]);
});
