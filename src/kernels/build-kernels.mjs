// Compiles the AssemblyScript training kernels (src/kernels/assembly/) to WebAssembly SIMD before
// esbuild bundles them (src/kernels/wasm-kernels.ts imports the .wasm with esbuild's binary loader).
// Skips the compile when the .wasm is newer than every source file.
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const sourceDir = join(here, 'assembly');
export const kernelsWasm = join(here, 'build', 'kernels.wasm');

function newestSource() {
  return Math.max(...readdirSync(sourceDir).map((f) => statSync(join(sourceDir, f)).mtimeMs), statSync(fileURLToPath(import.meta.url)).mtimeMs);
}

/** Builds src/kernels/build/kernels.wasm when it is missing or stale. */
export async function buildKernels({ force = false } = {}) {
  if (!force && existsSync(kernelsWasm) && statSync(kernelsWasm).mtimeMs > newestSource()) return;
  mkdirSync(dirname(kernelsWasm), { recursive: true });
  const asc = (await import('assemblyscript/asc')).default;
  const args = [
    join(sourceDir, 'index.ts'), '--outFile', kernelsWasm,
    '-O3', '--noAssert', '--enable', 'simd', '--enable', 'threads', '--runtime', 'stub', '--use', 'abort=',
    // the memory comes from the engine, shared so that worker threads can join it (src/core/train/hogwild.ts)
    '--importMemory', '--sharedMemory', '--maximumMemory', '65536',
  ];
  const { error, stderr } = await asc.main(args);
  if (error) throw new Error(`AssemblyScript kernels failed to compile: ${error.message}\n${stderr.toString()}`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await buildKernels({ force: true });
