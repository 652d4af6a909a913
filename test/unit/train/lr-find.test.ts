/** lr_find's pure part: fastai's exponential schedule, smoothed record, stop rule and suggestions. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  LrFinderState, lrFindSchedule, minimum, slide, steep, suggestLr, valley, type SuggestionMethod,
} from '../../../src/core/train/lr-find';

const close = (actual: number, expected: number, rel = 1e-12, message?: string): void =>
  assert.ok(Math.abs(actual - expected) <= rel * Math.abs(expected), message ?? `${actual} != ${expected}`);

test('schedule: 1e-7 to 10 in geometric steps of 10^(8/100); the 100th batch runs at 10^0.92', () => {
  close(lrFindSchedule(0), 1e-7);
  close(lrFindSchedule(100), 10);
  close(lrFindSchedule(99), Math.pow(10, 0.92), 1e-12);
  for (let i = 0; i < 99; i++) close(lrFindSchedule(i + 1) / lrFindSchedule(i), Math.pow(10, 0.08), 1e-12);
  close(lrFindSchedule(5, { startLr: 1e-5, endLr: 1, numIt: 10 }), 1e-5 * Math.pow(1e5, 0.5));
  close(lrFindSchedule(3, { numIt: 2 }), 1e-7 * Math.pow(1e8, 3 / 6), 1e-12, 'fewer than 6 iterations count as 6');
  assert.throws(() => lrFindSchedule(0, { startLr: 1, endLr: 0.1 }), /start lr < end lr/);
});

test('record: the smoothed loss is the debiased EMA (beta 0.98), as computed by hand', () => {
  const state = new LrFinderState();
  assert.equal(state.nextLr, 1e-7);
  for (const loss of [2, 1, 3]) state.record(state.nextLr, loss);
  // avg: 0.04, 0.98*0.04 + 0.02 = 0.0592, 0.98*0.0592 + 0.06 = 0.118016; debiased by 1 - 0.98^t
  close(state.losses[0], 0.04 / 0.02);
  close(state.losses[1], 0.0592 / (1 - 0.98 ** 2));
  close(state.losses[2], 0.118016 / (1 - 0.98 ** 3));
  assert.deepEqual(state.lrs, [0, 1, 2].map((i) => lrFindSchedule(i)));
  assert.equal(state.iterations, 3);
});

test('stop: after the batch whose smoothed loss exceeds 4x the best (recorded), after numIt batches, and on NaN', () => {
  const diverging = new LrFinderState();
  for (let i = 0; i < 5; i++) assert.equal(diverging.record(diverging.nextLr, 1), 'continue');
  // smoothed: (0.98 * (1 - 0.98^5) + 0.02 * 100) / (1 - 0.98^6) = 18.3 > 4 * 1
  assert.equal(diverging.record(diverging.nextLr, 100), 'stop');
  assert.equal(diverging.losses.length, 6);
  const justBelow = new LrFinderState();
  for (let i = 0; i < 5; i++) justBelow.record(justBelow.nextLr, 1);
  // the largest loss whose smoothed value stays at 4x: 4 = (0.98 (1 - 0.98^5) + 0.02 x) / (1 - 0.98^6)
  const x = (4 * (1 - 0.98 ** 6) - 0.98 * (1 - 0.98 ** 5)) / 0.02;
  assert.equal(justBelow.record(justBelow.nextLr, x * (1 - 1e-9)), 'continue');
  const noStop = new LrFinderState({ stopDiv: false, numIt: 8 });
  const outcomes = Array.from({ length: 8 }, (_, i) => noStop.record(noStop.nextLr, i === 3 ? 1e6 : 1));
  assert.deepEqual(outcomes, [...Array(7).fill('continue'), 'stop'], 'without stop_div: numIt batches');
  const nan = new LrFinderState();
  nan.record(nan.nextLr, 1);
  assert.equal(nan.record(nan.nextLr, NaN), 'stop');
});

/** The curves of bench/lr_find_check.py: raw batch losses over the default schedule. */
function curves(): Record<string, number[]> {
  const lrs = Array.from({ length: 100 }, (_, i) => lrFindSchedule(i));
  let state = 42;
  const minstd = (): number => (state = (48271 * state) % 2147483647) / 2147483647;
  const fastaiLike = lrs.map((lr) => 0.9 + 0.3 / (1 + lr / 3e-4) + 0.1 * (lr / 2e-2) ** 2);
  return {
    'u-shape': lrs.map((lr) => 1 + 0.08 * (Math.log10(lr) + 3) ** 2),
    'fastai-like': fastaiLike,
    noisy: fastaiLike.map((loss) => loss + 0.05 * (minstd() - 0.5)),
    'wavy-u': lrs.map((lr, i) => 1 + 0.08 * (Math.log10(lr) + 3) ** 2 + 0.03 * Math.sin(7 * i)),
  };
}

/** Runs a curve through the finder as the driver would: recorded lrs and smoothed losses. */
function run(raw: number[]): LrFinderState {
  const state = new LrFinderState();
  for (const loss of raw) if (state.record(state.nextLr, loss) === 'stop') break;
  return state;
}

/** Figures printed by `python3 bench/lr_find_check.py` (an independent numpy re-implementation). */
const PYTHON: Record<string, { recorded: number } & Record<SuggestionMethod, number>> = {
  'u-shape': { recorded: 100, valley: 0.0001318256738556407, minimum: 0.003981071705534969, steep: 6.309573444801933e-07, slide: 5.754399373371569e-06 },
  'fastai-like': { recorded: 84, valley: 9.120108393559096e-05, minimum: 0.0022908676527677745, steep: 0.001445439770745928, slide: 0.001445439770745928 },
  noisy: { recorded: 84, valley: 0.0003311311214825911, minimum: 0.0022908676527677745, steep: 0.001737800828749376, slide: 0.001445439770745928 },
  'wavy-u': { recorded: 100, valley: 0.0001318256738556407, minimum: 0.003981071705534969, steep: 1.3182567385564074e-06, slide: 9.120108393559096e-05 },
};

test('suggestions agree with the numpy re-implementation on four curves (all four methods)', () => {
  for (const [name, raw] of Object.entries(curves())) {
    const state = run(raw);
    const expected = PYTHON[name];
    assert.equal(state.losses.length, expected.recorded, `${name}: batches recorded`);
    for (const method of ['valley', 'minimum', 'steep', 'slide'] as const) {
      const suggestion = suggestLr(state.lrs, state.losses, method);
      assert.ok(suggestion, `${name} ${method}`);
      close(suggestion.lr, expected[method], 1e-9, `${name} ${method}: ${suggestion.lr} vs numpy ${expected[method]}`);
    }
  }
});

test('valley on a U-shaped curve in log lr lies in its descending part, before the minimum', () => {
  const state = run(curves()['u-shape']);
  const suggestion = suggestLr(state.lrs, state.losses);
  assert.ok(suggestion);
  const at = state.lrs.indexOf(suggestion.lr);
  const lowest = state.losses.indexOf(Math.min(...state.losses));
  assert.ok(at > 0 && at < lowest, `valley at ${at}, minimum at ${lowest}`);
  assert.ok(state.losses[at + 1] < state.losses[at - 1], 'the loss is falling there');
  assert.equal(suggestion.at.loss, state.losses[at]);
});

test('suggestion methods on hand-made records, fastai quirks kept', () => {
  const lrs = [1, 2, 4, 8, 16, 32, 64];
  // longest decreasing run 6 5 4 3 2 (indices 0..4): fastai's start is end - length = -1, so idx = -1 + 1 + 0
  assert.deepEqual(valley(lrs, [6, 5, 4, 3, 2, 7, 9]), { method: 'valley', lr: 1, at: { lr: 1, loss: 6 } });
  // run 9 6 5 4 3 2 1 (indices 0 1 2 4 5 6 7), start 7 - 7 = 0: idx = 0 + floor(7/3) + floor(7/6) = 3 (numpy check: 3)
  assert.equal(valley([...lrs, 128, 256], [9, 6, 5, 7, 4, 3, 2, 1, 8])?.lr, 8);
  // a two-point fall from the very start: start -1, idx -1 + 0 + 0 wraps to the last point, as in Python
  assert.equal(valley([1, 2], [2, 1])?.lr, 2);
  assert.equal(valley([], []), undefined);
  assert.deepEqual(minimum(lrs, [3, 2, 1, 1, 5, 6, 7]), { method: 'minimum', lr: 0.4, at: { lr: 4, loss: 1 } });
  assert.deepEqual(steep(lrs, [3, 2.9, 1, 0.9, 5, 6, 7]), { method: 'steep', lr: 2, at: { lr: 2, loss: 2.9 } });
  assert.equal(slide(lrs, [3, 2, 1, 1, 5, 6, 7]), undefined, 'slide needs 16 points');
  assert.equal(suggestLr(lrs, [3, 2, 1, 1, 5, 6, 7]), undefined, 'too short once trimmed');
  // trimming: the first numIt // 10 and last 5 points are not considered, nor anything from a NaN on
  const long = Array.from({ length: 30 }, (_, i) => 2 ** i);
  const losses = long.map((_, i) => (i === 20 ? NaN : i < 10 ? 0 : 10 - i / 10));
  assert.equal(suggestLr(long, losses, 'minimum')?.at.lr, 2 ** 19, 'cut at the NaN');
  losses[20] = 0;
  losses[27] = -1;
  assert.equal(suggestLr(long, losses, 'minimum')?.at.lr, 2 ** 20, 'the last 5 points are left out');
  assert.equal(suggestLr(long, losses, 'minimum', 20)?.at.lr, 2 ** 2, 'numIt 20 skips 2 points');
  assert.equal(suggestLr(long, losses, 'minimum', 5)?.at.lr, 2 ** 0, 'numIt 5 skips none');
});
