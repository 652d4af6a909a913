/** Which `collab train` requests run in the command's own process (src/trainer/in-process.ts). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IN_PROCESS_MAX_BYTES, shouldTrainInProcess } from '../../../src/trainer/in-process';
import { DEFAULT_CONFIG } from '../../../src/trainer/defaults';

test('small files train in process, large ones (ratings plus validation file) in the child; COLLAB_TRAINER overrides', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'collab-in-process-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const small = join(dir, 'small.csv');
  const half = join(dir, 'half.csv');
  const big = join(dir, 'big.csv');
  writeFileSync(small, 'u,i,r\n1,1,5\n');
  // Sparse files: sizes without writing the bytes.
  writeFileSync(half, '');
  truncateSync(half, IN_PROCESS_MAX_BYTES / 2 + 1);
  writeFileSync(big, '');
  truncateSync(big, IN_PROCESS_MAX_BYTES + 1);
  const req = (file: string, validFile?: string) => ({ file, runsDir: dir, config: DEFAULT_CONFIG, ...(validFile ? { validFile } : {}) });
  assert.equal(shouldTrainInProcess(req(small), {}), true);
  assert.equal(shouldTrainInProcess(req(big), {}), false);
  assert.equal(shouldTrainInProcess(req(half, half), {}), false, 'the validation file counts');
  assert.equal(shouldTrainInProcess(req(join(dir, 'missing.csv')), {}), true, 'a missing file is reported by the job');
  assert.equal(shouldTrainInProcess(req(small), { COLLAB_TRAINER: 'process' }), false);
  assert.equal(shouldTrainInProcess(req(big), { COLLAB_TRAINER: 'inline' }), true);
});
