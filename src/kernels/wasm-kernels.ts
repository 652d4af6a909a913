/** The WebAssembly SIMD kernels (compiled from assembly/index.ts), instantiated over a fresh memory. */
import wasmBytes from './build/kernels.wasm';
import relaxedWasmBytes from './build/kernels-relaxed.wasm';
import type { Kernels, KernelName } from './kernels';
import { warmUpDotKernels } from './warm-up';

const PAGE = 65536;
/** wasm32's addressable limit. */
const MAX_PAGES = 65536;

/** A compiled kernels module and which build it is. */
export interface CompiledKernels {
  name: Extract<KernelName, 'wasm-simd' | 'wasm-relaxed-simd'>;
  module: WebAssembly.Module;
}

/**
 * The compiled module, or null when this runtime lacks WebAssembly SIMD. With `relaxed` (the default)
 * the relaxed-SIMD build is tried first: it compiles only where the runtime has relaxed SIMD (V8 11.4+,
 * i.e. Chromium 114+ and so VS Code 1.90+'s Electron, and Node 22+; Node 20 only with
 * --experimental-wasm-relaxed-simd), and a CompileError is the feature test.
 */
export function compileKernels(relaxed = true): CompiledKernels | null {
  const builds = [['wasm-relaxed-simd', relaxedWasmBytes], ['wasm-simd', wasmBytes]] as const;
  for (const [name, bytes] of relaxed ? builds : builds.slice(1)) {
    try {
      return { name, module: new WebAssembly.Module(bytes) };
    } catch {
      // not this build on this runtime: try the next
    }
  }
  return null;
}

/**
 * Kernels over a new memory of at least `bytes`. The module declares a shared memory (so worker
 * threads can join it); plain loads and stores on it cost the same as on an unshared one.
 */
export function createWasmKernels(compiled: CompiledKernels, bytes: number): Kernels {
  const pages = Math.ceil(bytes / PAGE);
  if (pages > MAX_PAGES) throw new Error(`the model and data need ${(bytes / 2 ** 30).toFixed(1)} GiB of WebAssembly memory (at most 4 GiB)`);
  const memory = new WebAssembly.Memory({ initial: pages, maximum: pages, shared: true });
  return wasmKernelsOver(compiled, memory);
}

/** Kernels over an existing memory (a worker joining a shared memory). */
export function wasmKernelsOver({ name, module }: CompiledKernels, memory: WebAssembly.Memory): Kernels {
  const instance = new WebAssembly.Instance(module, { env: { memory } });
  const exports = instance.exports as unknown as Omit<Kernels, 'name' | 'memory' | 'f32' | 'i32' | 'f64'>;
  return {
    ...exports,
    name,
    wasm: { module, memory },
    memory: memory.buffer,
    f32: new Float32Array(memory.buffer),
    i32: new Int32Array(memory.buffer),
    f64: new Float64Array(memory.buffer),
  };
}

/** Shared memory pages of the throwaway warm-up problem (warm-up.ts). */
const WARM_UP_PAGES = 3;

/** Runs the dot kernels a little on their own small memory, so V8 starts optimising them (warm-up.ts). */
export function warmUpWasmDotKernels(compiled: CompiledKernels): void {
  const memory = new WebAssembly.Memory({ initial: WARM_UP_PAGES, maximum: WARM_UP_PAGES, shared: true });
  warmUpDotKernels(wasmKernelsOver(compiled, memory));
}
