// The one Adam update (src/core/train/adam.ts describes it) over f32x4 vectors.

/** Moments smaller than this are flushed to zero: a dead unit's moments otherwise decay into subnormal
 *  floats, which this CPU handles tens of times slower (WebAssembly has no flush-to-zero mode). */
const TINY: f32 = 1e-30;

/** The Adam update (see src/core/train/adam.ts) over nv vectors of p, m, v with gradient g. */
@inline export function adamVec(p: usize, m: usize, v: usize, g: usize, nv: i32,
  b1: f32, c1: f32, b2: f32, c2: f32, step: f32, rdb2: f32, decay: f32, eps: f32): void {
  const B1 = f32x4.splat(b1);
  const C1 = f32x4.splat(c1);
  const B2 = f32x4.splat(b2);
  const C2 = f32x4.splat(c2);
  const ST = f32x4.splat(step);
  const RD = f32x4.splat(rdb2);
  const DE = f32x4.splat(decay);
  const EP = f32x4.splat(eps);
  const T = f32x4.splat(TINY);
  for (let k = 0; k < nv; k++) {
    const o = <usize>k << 4;
    const gv = v128.load(g + o);
    let mv = f32x4.add(f32x4.mul(B1, v128.load(m + o)), f32x4.mul(C1, gv));
    let vv = f32x4.add(f32x4.mul(B2, v128.load(v + o)), f32x4.mul(C2, f32x4.mul(gv, gv)));
    mv = v128.and(mv, f32x4.ge(f32x4.abs(mv), T));
    vv = v128.and(vv, f32x4.ge(vv, T));
    v128.store(m + o, mv);
    v128.store(v + o, vv);
    const den = f32x4.add(f32x4.sqrt(f32x4.mul(vv, RD)), EP);
    v128.store(p + o, f32x4.sub(f32x4.mul(v128.load(p + o), DE), f32x4.div(f32x4.mul(ST, mv), den)));
  }
}

/** Adam over dense parameters: nv vectors at p, m, v, g. */
export function adamDense(p: usize, m: usize, v: usize, g: usize, nv: i32,
  b1: f32, c1: f32, b2: f32, c2: f32, step: f32, rdb2: f32, decay: f32, eps: f32): void {
  adamVec(p, m, v, g, nv, b1, c1, b2, c2, step, rdb2, decay, eps);
}

/** Adam over the embedding rows listed at `list` (count i32 row indices); row q's gradient is at grads + q*nv*16. */
export function adamRows(table: usize, list: usize, count: i32, grads: usize, nv: i32,
  b1: f32, c1: f32, b2: f32, c2: f32, step: f32, rdb2: f32, decay: f32, eps: f32): void {
  const rowBytes = <usize>nv * 48;
  for (let q = 0; q < count; q++) {
    const p = table + <usize>load<i32>(list + (<usize>q << 2)) * rowBytes;
    adamVec(p, p + (<usize>nv << 4), p + (<usize>nv << 5), grads + <usize>q * (<usize>nv << 4), nv,
      b1, c1, b2, c2, step, rdb2, decay, eps);
  }
}
