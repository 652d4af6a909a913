// Small SIMD helpers shared by the kernels (inlined where used).

@inline export function hsum(a: v128): f32 {
  return f32x4.extract_lane(a, 0) + f32x4.extract_lane(a, 1) + f32x4.extract_lane(a, 2) + f32x4.extract_lane(a, 3);
}

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

@inline export function zeroVec(p: usize, nv: i32): void {
  const z = f32x4.splat(0);
  for (let k = 0; k < nv; k++) v128.store(p + (<usize>k << 4), z);
}
