/** esbuild's binary loader: a `.wasm` import is the file's bytes. */
declare module '*.wasm' {
  const bytes: Uint8Array<ArrayBuffer>;
  export default bytes;
}

/**
 * The part of the WebAssembly JS API the kernels use. TypeScript declares WebAssembly only in its
 * DOM library, and the Node rooms are type-checked without the DOM (tsconfig.node-rooms.json), so
 * it is declared here; under the DOM library these merge with the same declarations.
 */
declare namespace WebAssembly {
  interface Module { readonly __brand?: 'WebAssembly.Module' }
  interface Memory { readonly buffer: ArrayBuffer | SharedArrayBuffer; grow(delta: number): number }
  interface Instance { readonly exports: Record<string, unknown> }
  interface MemoryDescriptor { initial: number; maximum?: number; shared?: boolean }
  // eslint-disable-next-line no-var
  var Module: { new (bytes: BufferSource | Uint8Array): Module };
  // eslint-disable-next-line no-var
  var Memory: { new (descriptor: MemoryDescriptor): Memory };
  // eslint-disable-next-line no-var
  var Instance: { new (module: Module, imports?: Record<string, Record<string, unknown>>): Instance };
}
