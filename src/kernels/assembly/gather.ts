// The NN's embedding rows in and out of a batch: marking the rows a batch touches, copying their
// parameters into the concatenated input x0, and adding x0's gradient back into their gradient slots.
// Records are 12 bytes (i32 user, i32 item, f32 rating); embedding rows are 3 * s floats (p | m | v).

/** dst[0..n) = src[0..n) (floats; unaligned vector stores where dst is not 16-byte aligned). */
@inline function copyFloats(dst: usize, src: usize, n: i32): void {
  let k = 0;
  for (; k + 4 <= n; k += 4) v128.store(dst + (<usize>k << 2), v128.load(src + (<usize>k << 2)));
  for (; k < n; k++) store<f32>(dst + (<usize>k << 2), load<f32>(src + (<usize>k << 2)));
}

/** dst[0..n) += src[0..n) (floats). */
@inline function addFloats(dst: usize, src: usize, n: i32): void {
  let k = 0;
  for (; k + 4 <= n; k += 4) {
    const o = <usize>k << 2;
    v128.store(dst + o, f32x4.add(v128.load(dst + o), v128.load(src + o)));
  }
  for (; k < n; k++) store<f32>(dst + (<usize>k << 2), load<f32>(dst + (<usize>k << 2)) + load<f32>(src + (<usize>k << 2)));
}

/**
 * Gives each row of one table (users: field 0 of the records, items: field 1) that `rows` records touch
 * a gradient slot: slots[row] = its index in `list`, its s floats at grads zeroed. Slots of rows already
 * marked (>= 0) are kept. Returns the number of rows listed.
 */
export function touchRows(records: usize, rows: i32, field: i32, slots: usize, list: usize, grads: usize, s: i32): i32 {
  let used = 0;
  const slotBytes = <usize>s << 2;
  const z = f32x4.splat(0);
  for (let b = 0; b < rows; b++) {
    const row = load<i32>(records + <usize>b * 12 + (<usize>field << 2));
    const at = slots + (<usize>row << 2);
    if (load<i32>(at) >= 0) continue;
    store<i32>(at, used);
    store<i32>(list + (<usize>used << 2), row);
    const g = grads + <usize>used * slotBytes;
    for (let k: usize = 0; k < slotBytes; k += 16) v128.store(g + k, z);
    used++;
  }
  return used;
}

/** x0 row b = [user row's first du floats | item row's first di floats] for `rows` records. */
export function gatherRows(records: usize, rows: i32, userTable: usize, su: i32, du: i32, itemTable: usize, si: i32, di: i32,
  x0: usize, s0: i32): void {
  for (let b = 0; b < rows; b++) {
    const rec = records + <usize>b * 12;
    const x = x0 + <usize>b * (<usize>s0 << 2);
    copyFloats(x, userTable + <usize>load<i32>(rec) * (<usize>su * 12), du);
    copyFloats(x + (<usize>du << 2), itemTable + <usize>load<i32>(rec, 4) * (<usize>si * 12), di);
  }
}

/** Adds each record's row of dx0 to its user's and item's gradient slots (slots marked by touchRows). */
export function scatterRows(records: usize, rows: i32, dx0: usize, s0: i32, userSlots: usize, userGrads: usize, su: i32, du: i32,
  itemSlots: usize, itemGrads: usize, si: i32, di: i32): void {
  for (let b = 0; b < rows; b++) {
    const rec = records + <usize>b * 12;
    const dx = dx0 + <usize>b * (<usize>s0 << 2);
    const gu = userGrads + <usize>load<i32>(userSlots + (<usize>load<i32>(rec) << 2)) * (<usize>su << 2);
    const gi = itemGrads + <usize>load<i32>(itemSlots + (<usize>load<i32>(rec, 4) << 2)) * (<usize>si << 2);
    addFloats(gu, dx, du);
    addFloats(gi, dx + (<usize>du << 2), di);
  }
}
