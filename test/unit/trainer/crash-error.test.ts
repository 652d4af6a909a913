import { test } from 'node:test';
import assert from 'node:assert/strict';
import { crashError } from '../../../src/trainer/client';

test('a crash is placed by the last event before it: loading, training or saving the run', () => {
  const during = (last: Parameters<typeof crashError>[3]): string => crashError(null, 'SIGKILL', '', last).message;
  assert.match(during('train/load'), /killed \(SIGKILL\) while loading the data/);
  assert.match(during('train/epoch'), /while training/);
  assert.match(during('train/save'), /killed \(SIGKILL\) while saving the run/);
  assert.match(crashError(null, null, 'FATAL ERROR: Reached heap limit Allocation failed', 'train/save').message,
    /ran out of memory while saving the run/);
});
