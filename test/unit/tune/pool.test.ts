/** The worker-thread pool: the same figures as fitting on this thread, and a failing worker fails the sweep instead of hanging. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseGrid } from '../../../src/core/tune/space';
import { runSweep } from '../../../src/core/tune/sweep';
import { inProcessExecutor, workerPoolExecutor } from '../../../src/core/tune/executor';
import { runTune } from '../../../src/core/tune/tune';
import { plantedDataset, plantedFile } from './helpers';

const WORKER = join(resolve(__dirname, '../../../..'), 'dist', 'tune-worker.js');
const skip = existsSync(WORKER) ? false : `needs ${WORKER} (npm run build)`;

test('two worker threads on a shared dataset give exactly the figures of fitting on this thread', { skip }, async () => {
  const dataset = plantedDataset({ users: 80, items: 60, ratingsPerUser: 12 });
  const space = parseGrid('factors=4,8 wd=0.01,0.1 epochs=2');
  const run = async (executor: ReturnType<typeof inProcessExecutor>) => {
    try {
      const outcome = await runSweep(space, { executor, metric: 'rmse', folds: 1 });
      return [...outcome.results].sort((a, b) => a.index - b.index).map((r) => r.metrics);
    } finally {
      await executor.close();
    }
  };
  const local = await run(inProcessExecutor({ datasets: [dataset], ranking: {} }));
  const pooled = await run(workerPoolExecutor({ datasets: [dataset], ranking: {} }, 2, WORKER));
  assert.equal(pooled.length, 4);
  assert.deepEqual(pooled, local);
});

test('a worker that dies fails the sweep with its error', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'collab-tune-worker-'));
  const broken = join(dir, 'broken-worker.js');
  writeFileSync(broken, "throw new Error('the worker could not start');\n");
  const executor = workerPoolExecutor({ datasets: [plantedDataset({ users: 20, items: 10, ratingsPerUser: 5 })] }, 2, broken);
  try {
    await assert.rejects(runSweep(parseGrid('wd=0,0.1,0.2'), { executor, metric: 'rmse', folds: 1 }), /the worker could not start/);
  } finally {
    await executor.close();
  }
});

test('--folds: each configuration gets a mean and a standard deviation over K folds of the file', async () => {
  const { dir, file } = plantedFile({ users: 60, items: 40, ratingsPerUser: 12 });
  const { manifest } = await runTune({ file, grid: 'wd=0.01,0.1 epochs=1', folds: 3, parallel: 1, runsDir: join(dir, '.collab', 'runs') });
  assert.equal(manifest.results.length, 2);
  for (const r of manifest.results) {
    assert.equal(r.folds?.length, 3);
    assert.ok((r.std?.rmse ?? -1) >= 0);
    assert.ok(Math.abs(r.metrics.rmse - (r.folds ?? []).reduce((a, f) => a + f.rmse, 0) / 3) < 1e-12);
  }
  await assert.rejects(runTune({ file, folds: 3, validFile: file, runsDir: join(dir, '.collab', 'runs') }), /does not go with --valid/);
});
