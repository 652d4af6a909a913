/** Picks and instantiates the training kernels: WebAssembly SIMD when this runtime has it, else TypeScript. */
import type { Kernels } from './kernels';
import { compileKernels, createWasmKernels, warmUpWasmDotKernels } from './wasm-kernels';

export { compileKernels, wasmKernelsOver, type CompiledKernels } from './wasm-kernels';
import { createTsKernels } from './ts-kernels';

export type { Kernels, KernelName } from './kernels';
export { ADAM_COEF_FLOATS, MemoryPlan, RESERVED_BYTES } from './kernels';

/**
 * Which kernels to use: 'auto' prefers WebAssembly (relaxed SIMD where the runtime has it, else
 * SIMD), then TypeScript; 'wasm' is the same but never TypeScript; 'wasm-simd' is the plain-SIMD
 * build only (the same numbers on every runtime); 'ts' the TypeScript reference.
 */
export type KernelPreference = 'auto' | 'wasm' | 'wasm-simd' | 'ts';

/** Kernels over a fresh zeroed memory of at least `bytes`; with `warmDot`, the dot kernels are warmed up first (warm-up.ts). */
export function createKernels(preference: KernelPreference, bytes: number, warmDot = false): Kernels {
  if (preference !== 'ts') {
    const compiled = compileKernels(preference !== 'wasm-simd');
    if (compiled && warmDot && process.env.COLLAB_NO_WARM_UP !== '1') warmUpWasmDotKernels(compiled);
    if (compiled) return createWasmKernels(compiled, bytes);
    if (preference !== 'auto') throw new Error('this runtime cannot compile the WebAssembly SIMD kernels');
  }
  return createTsKernels(bytes);
}
