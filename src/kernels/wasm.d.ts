/** esbuild's binary loader: a `.wasm` import is the file's bytes. */
declare module '*.wasm' {
  const bytes: Uint8Array<ArrayBuffer>;
  export default bytes;
}
