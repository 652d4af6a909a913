/**
 * Warms the dot model's WebAssembly kernels up before a fit's setup. V8 first runs a module's
 * functions as baseline (Liftoff) code and compiles optimised (TurboFan) code in the background once
 * a function has run enough; a running call is not replaced, so a fit's first epoch used to run
 * several of its 4,096-record calls at baseline speed (about 6 ms of a 10 ms epoch on ML-100K). A few
 * calls on a throwaway problem here start that compilation while the setup writes the rows; V8 keeps
 * one compiled module per module bytes, so later fits in the process find the code already optimised.
 */
import type { Kernels } from './kernels';

/** Records, factors, users and items of the throwaway problem (small: a fraction of a millisecond a call). */
const [RECORDS, K, USERS, ITEMS, BS] = [2048, 50, 16, 16, 64];

/** Runs the dot step, shuffle, prediction and error kernels on a small generated problem in `scratch` kernels. */
export function warmUpDotKernels(k: Kernels, calls = 4): void {
  const s = (K + 2 + 3) & ~3;
  let top = 65536;
  const floats = (n: number): number => {
    const at = top;
    top += Math.ceil((n * 4) / 64) * 64;
    return at;
  };
  const [users, items] = [floats(USERS * 3 * s), floats(ITEMS * 3 * s)];
  const [userGrads, itemGrads] = [floats(BS * s), floats(BS * s)];
  const [userSlots, itemSlots, userList, itemList] = [floats(USERS), floats(ITEMS), floats(BS), floats(BS)];
  const [records, coefs, sse, pred, errors] = [floats(RECORDS * 3), floats(8 * (RECORDS / BS)), floats(2 * (RECORDS / BS)), floats(RECORDS), floats(4)];
  if (top > k.memory.byteLength) return;
  k.i32.fill(-1, userSlots >> 2, (userSlots >> 2) + USERS);
  k.i32.fill(-1, itemSlots >> 2, (itemSlots >> 2) + ITEMS);
  for (let r = 0; r < RECORDS; r++) {
    k.i32[(records >> 2) + 3 * r] = r % USERS;
    k.i32[(records >> 2) + 3 * r + 1] = (r * 7) % ITEMS;
    k.f32[(records >> 2) + 3 * r + 2] = 1 + (r % 5);
  }
  for (let q = 0; q < RECORDS / BS; q++) k.f32.set([0.9, 0.1, 0.99, 0.01, 1e-3, 1, 1, 1e-5], (coefs >> 2) + 8 * q);
  k.dotSetup(users, items, userGrads, itemGrads, userSlots, itemSlots, userList, itemList, s, K, 0, 5.5);
  let state = 1;
  for (let c = 0; c < calls; c++) {
    state = k.shuffleRecords(records, RECORDS - 1, 0, state);
    k.dotSteps(records, BS, RECORDS / BS, coefs, sse);
    k.dotPredict(records, RECORDS, pred);
    k.recordErrors(records, RECORDS, pred, errors);
  }
}
