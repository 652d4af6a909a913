/** Picks and instantiates the training kernels: WebAssembly SIMD when this runtime has it, else TypeScript. */
import type { Kernels } from './kernels';
import { compileKernels, createWasmKernels } from './wasm-kernels';
import { createTsKernels } from './ts-kernels';

export type { Kernels, KernelName } from './kernels';
export { ADAM_COEF_FLOATS, MemoryPlan, RESERVED_BYTES } from './kernels';

/** Which kernels to use: 'auto' prefers WebAssembly SIMD. */
export type KernelPreference = 'auto' | 'wasm' | 'ts';

/** Kernels over a fresh zeroed memory of at least `bytes`. */
export function createKernels(preference: KernelPreference, bytes: number): Kernels {
  if (preference !== 'ts') {
    const module = compileKernels();
    if (module) return createWasmKernels(module, bytes);
    if (preference === 'wasm') throw new Error('this runtime cannot compile the WebAssembly SIMD kernels');
  }
  return createTsKernels(bytes);
}
