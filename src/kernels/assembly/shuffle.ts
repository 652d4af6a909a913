// The per-epoch shuffle of the training records.

/**
 * Fisher-Yates over 12-byte records at `at`: the positions j = from, from-1, ..., max(to, 0) + 1 of the
 * descending pass, each swapped with a uniform k <= j. The uniform draws are mulberry32 from `state`,
 * exactly src/core/data/random.ts's seededRandom, so the order matches the TypeScript shuffle bit for
 * bit. Returns the generator's state after the last draw, for the next chunk.
 */
export function shuffleRecords(at: usize, from: i32, to: i32, state: u32): u32 {
  const stop = to > 0 ? to : 0;
  for (let j = from; j > stop; j--) {
    state += 0x6d2b79f5;
    let t = state;
    t = (t ^ (t >>> 15)) * (t | 1);
    t ^= t + (t ^ (t >>> 7)) * (t | 61);
    const uniform = <f64>(t ^ (t >>> 14)) / 4294967296.0;
    const k = <usize>(uniform * <f64>(j + 1));
    const a = at + <usize>j * 12;
    const b = at + k * 12;
    const a0 = load<u64>(a);
    const a1 = load<u32>(a, 8);
    store<u64>(a, load<u64>(b));
    store<u32>(a, load<u32>(b, 8), 8);
    store<u64>(b, a0);
    store<u32>(b, a1, 8);
  }
  return state;
}
