// Compiles the WebAssembly kernels before the bundles that embed them. Filled in by the engine.
export async function buildKernels() {}
