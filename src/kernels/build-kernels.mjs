// Compiles the AssemblyScript training kernels (src/kernels/assembly/) to WebAssembly SIMD before
// esbuild bundles them (src/kernels/wasm-kernels.ts imports the .wasm with esbuild's binary loader).
// Two builds of the same source: kernels.wasm (SIMD) and kernels-relaxed.wasm (SIMD + relaxed SIMD:
// assembly/vec.ts's madd becomes f32x4.relaxed_madd, a fused multiply-add); the runtime picks the
// second where it compiles. Skips the compile when both .wasm are newer than every source file.
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const sourceDir = join(here, 'assembly');
export const kernelsWasm = join(here, 'build', 'kernels.wasm');
export const relaxedKernelsWasm = join(here, 'build', 'kernels-relaxed.wasm');

function newestSource() {
  return Math.max(...readdirSync(sourceDir).map((f) => statSync(join(sourceDir, f)).mtimeMs), statSync(fileURLToPath(import.meta.url)).mtimeMs);
}

/** Builds src/kernels/build/kernels.wasm when it is missing or stale. */
export async function buildKernels({ force = false } = {}) {
  const outputs = [[kernelsWasm, []], [relaxedKernelsWasm, ['--enable', 'relaxed-simd']]];
  const newest = newestSource();
  if (!force && outputs.every(([file]) => existsSync(file) && statSync(file).mtimeMs > newest)) return;
  mkdirSync(dirname(kernelsWasm), { recursive: true });
  const asc = (await import('assemblyscript/asc')).default;
  for (const [outFile, extra] of outputs) {
    const args = [
      join(sourceDir, 'index.ts'), '--outFile', outFile,
      '-O3', '--noAssert', '--enable', 'simd', '--enable', 'threads', ...extra, '--runtime', 'stub', '--use', 'abort=',
      // the memory comes from the engine, shared so that worker threads can join it (src/core/train/hogwild.ts, nn-pair.ts)
      '--importMemory', '--sharedMemory', '--maximumMemory', '65536',
    ];
    const { error, stderr } = await asc.main(args);
    if (error) throw new Error(`AssemblyScript kernels failed to compile: ${error.message}\n${stderr.toString()}`);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await buildKernels({ force: true });
