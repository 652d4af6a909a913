import { test } from 'node:test';
import assert from 'node:assert/strict';
import { throttle } from '../../../src/extension/training/throttle';

test('throttle runs the first call at once, coalesces a burst into one trailing call', async () => {
  let calls = 0;
  const t = throttle(() => { calls++; }, 40);
  t();
  assert.equal(calls, 1, 'leading call runs at once');
  for (let i = 0; i < 1000; i++) t();
  assert.equal(calls, 1, 'a burst inside the window does not run');
  await new Promise((r) => setTimeout(r, 80));
  assert.equal(calls, 2, 'one trailing call lands the last state');
});

test('flush runs a pending call now; cancel drops it', async () => {
  let calls = 0;
  const t = throttle(() => { calls++; }, 1000);
  t(); t();
  t.flush();
  assert.equal(calls, 2);
  t();
  t.cancel();
  await new Promise((r) => setTimeout(r, 20));
  assert.equal(calls, 2);
});
