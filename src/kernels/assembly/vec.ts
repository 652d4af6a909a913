// Small SIMD helpers shared by the kernels (inlined where used).

@inline export function hsum(a: v128): f32 {
  return f32x4.extract_lane(a, 0) + f32x4.extract_lane(a, 1) + f32x4.extract_lane(a, 2) + f32x4.extract_lane(a, 3);
}

/** a * b + c in each lane: one fused multiply-add where the module is built with relaxed SIMD
 *  (f32x4.relaxed_madd: fused or not, as the CPU does it fastest), else a multiply and an add. */
@inline export function madd(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(a, b, c);
  return f32x4.add(c, f32x4.mul(a, b));
}

/** a . b over nv vectors, multiply then add in every build: the dot model's kernels use it, so its numbers are the
 *  same on every runtime (its step is bound by Adam's sqrt and divide, not by this product). */
@inline export function dotVec(a: usize, b: usize, nv: i32): f32 {
  let s0 = f32x4.splat(0);
  let s1 = f32x4.splat(0);
  let k = 0;
  for (; k + 2 <= nv; k += 2) {
    s0 = f32x4.add(s0, f32x4.mul(v128.load(a), v128.load(b)));
    s1 = f32x4.add(s1, f32x4.mul(v128.load(a, 16), v128.load(b, 16)));
    a += 32;
    b += 32;
  }
  if (k < nv) s0 = f32x4.add(s0, f32x4.mul(v128.load(a), v128.load(b)));
  return hsum(f32x4.add(s0, s1));
}

/** a . b over nv vectors with madd (fused in the relaxed-SIMD build): the dense layers' leftovers. */
@inline export function dotVecMadd(a: usize, b: usize, nv: i32): f32 {
  let s0 = f32x4.splat(0);
  let s1 = f32x4.splat(0);
  let k = 0;
  for (; k + 2 <= nv; k += 2) {
    s0 = madd(v128.load(a), v128.load(b), s0);
    s1 = madd(v128.load(a, 16), v128.load(b, 16), s1);
    a += 32;
    b += 32;
  }
  if (k < nv) s0 = madd(v128.load(a), v128.load(b), s0);
  return hsum(f32x4.add(s0, s1));
}

@inline export function zeroVec(p: usize, nv: i32): void {
  const z = f32x4.splat(0);
  for (let k = 0; k < nv; k++) v128.store(p + (<usize>k << 4), z);
}

/**
 * e^x in each lane (Cephes expf: relative error about 1e-7), x clamped to [-87, 87] so 2^n stays a
 * normal float. Four lanes cost a fraction of one call of the scalar Mathf.exp.
 */
@inline export function expVec(x: v128): v128 {
  x = f32x4.min(f32x4.max(x, f32x4.splat(-87)), f32x4.splat(87));
  const n = f32x4.nearest(f32x4.mul(x, f32x4.splat(1.44269504088896341)));
  // x - n*ln2 in two parts, so the reduced argument keeps its low bits
  let r = f32x4.sub(x, f32x4.mul(n, f32x4.splat(0.693359375)));
  r = f32x4.sub(r, f32x4.mul(n, f32x4.splat(-2.12194440e-4)));
  let y = f32x4.add(f32x4.mul(f32x4.splat(1.9875691500e-4), r), f32x4.splat(1.3981999507e-3));
  y = f32x4.add(f32x4.mul(y, r), f32x4.splat(8.3334519073e-3));
  y = f32x4.add(f32x4.mul(y, r), f32x4.splat(4.1665795894e-2));
  y = f32x4.add(f32x4.mul(y, r), f32x4.splat(1.6666665459e-1));
  y = f32x4.add(f32x4.mul(y, r), f32x4.splat(5.0000001201e-1));
  y = f32x4.add(f32x4.add(f32x4.mul(y, f32x4.mul(r, r)), r), f32x4.splat(1));
  // 2^n built in the exponent bits
  const pow2n = i32x4.shl(i32x4.add(i32x4.trunc_sat_f32x4_s(n), i32x4.splat(127)), 23);
  return f32x4.mul(y, pow2n);
}

/** The logistic sigmoid 1 / (1 + e^-x) in each lane. */
@inline export function sigmoidVec(x: v128): v128 {
  const one = f32x4.splat(1);
  return f32x4.div(one, f32x4.add(one, expVec(f32x4.neg(x))));
}
