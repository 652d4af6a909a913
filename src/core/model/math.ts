/** Small numeric helpers shared by the models and the training engines. */
import { normal } from '../data/random';

/** fastai's sigmoid_range: sigmoid(x) squashed into (lo, hi). */
export function sigmoidRange(x: number, lo: number, hi: number): number {
  return lo + (hi - lo) / (1 + Math.exp(-x));
}

/**
 * fastai's trunc_normal_: a standard normal folded by fmod(2) (so |z| < 2), times std.
 * Fills `out` in place from the seeded generator.
 */
export function fillTruncNormal(out: Float32Array, std: number, random: () => number): Float32Array {
  for (let k = 0; k < out.length; k++) out[k] = (normal(random) % 2) * std;
  return out;
}

/** PyTorch's default nn.Linear init (kaiming_uniform with a = sqrt(5)): U(-1/sqrt(fanIn), 1/sqrt(fanIn)). */
export function fillLinearUniform(out: Float32Array, fanIn: number, random: () => number): Float32Array {
  const bound = 1 / Math.sqrt(fanIn);
  for (let k = 0; k < out.length; k++) out[k] = (2 * random() - 1) * bound;
  return out;
}

/** Rounds a width up to a multiple of 4 floats (one WebAssembly SIMD vector). */
export function roundUp4(n: number): number {
  return (n + 3) & ~3;
}
