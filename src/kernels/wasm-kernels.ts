/** The WebAssembly SIMD kernels (compiled from assembly/index.ts), instantiated over a fresh memory. */
import wasmBytes from './build/kernels.wasm';
import type { Kernels } from './kernels';

const PAGE = 65536;
/** wasm32's addressable limit. */
const MAX_PAGES = 65536;

/** The compiled module, or null when this runtime lacks WebAssembly SIMD. */
export function compileKernels(): WebAssembly.Module | null {
  try {
    return new WebAssembly.Module(wasmBytes);
  } catch {
    return null;
  }
}

/**
 * Kernels over a new memory of at least `bytes`. The module declares a shared memory (so worker
 * threads can join it); plain loads and stores on it cost the same as on an unshared one.
 */
export function createWasmKernels(module: WebAssembly.Module, bytes: number): Kernels {
  const pages = Math.ceil(bytes / PAGE);
  if (pages > MAX_PAGES) throw new Error(`the model and data need ${(bytes / 2 ** 30).toFixed(1)} GiB of WebAssembly memory (at most 4 GiB)`);
  const memory = new WebAssembly.Memory({ initial: pages, maximum: pages, shared: true });
  return wasmKernelsOver(module, memory);
}

/** Kernels over an existing memory (a worker joining a shared memory). */
export function wasmKernelsOver(module: WebAssembly.Module, memory: WebAssembly.Memory): Kernels {
  const instance = new WebAssembly.Instance(module, { env: { memory } });
  const exports = instance.exports as unknown as Omit<Kernels, 'name' | 'memory' | 'f32' | 'i32' | 'f64'>;
  return {
    ...exports,
    name: 'wasm-simd',
    wasm: { module, memory },
    memory: memory.buffer,
    f32: new Float32Array(memory.buffer),
    i32: new Int32Array(memory.buffer),
    f64: new Float64Array(memory.buffer),
  };
}
