/**
 * NumPy .npy v1.0 files (float32 little-endian '<f4', C order) written and read without numpy:
 * magic "\x93NUMPY", version 1.0, a little-endian uint16 header length, then an ASCII dict padded
 * with spaces and a newline so the data starts at a multiple of 64 bytes.
 */

const MAGIC = '\x93NUMPY';
const ALIGN = 64;

/** An n-dimensional float32 array in C order. */
export interface NpyArray {
  shape: number[];
  data: Float32Array;
}

/** Encodes a float32 array as a .npy v1.0 file. */
export function encodeNpy(array: NpyArray): Uint8Array {
  const { shape, data } = array;
  const size = shape.reduce((a, b) => a * b, 1);
  if (size !== data.length) throw new Error(`Shape [${shape.join(', ')}] needs ${size} values, got ${data.length}.`);
  const shapeText = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  let header = `{'descr': '<f4', 'fortran_order': False, 'shape': ${shapeText}, }`;
  const preamble = MAGIC.length + 2 + 2;
  const padded = Math.ceil((preamble + header.length + 1) / ALIGN) * ALIGN;
  header = header.padEnd(padded - preamble - 1, ' ') + '\n';
  const out = new Uint8Array(padded + data.length * 4);
  for (let i = 0; i < MAGIC.length; i++) out[i] = MAGIC.charCodeAt(i);
  out[6] = 1; // major version
  out[7] = 0; // minor version
  new DataView(out.buffer).setUint16(8, header.length, true);
  for (let i = 0; i < header.length; i++) out[preamble + i] = header.charCodeAt(i);
  const view = new DataView(out.buffer, padded);
  for (let i = 0; i < data.length; i++) view.setFloat32(i * 4, data[i], true);
  return out;
}

/** Decodes a .npy file of little-endian float32/float64 (or int32/int64) in C order into float32. */
export function decodeNpy(bytes: Uint8Array, file = '.npy file'): NpyArray {
  for (let i = 0; i < MAGIC.length; i++) {
    if (bytes[i] !== MAGIC.charCodeAt(i)) throw new Error(`${file} is not a NumPy .npy file (no \\x93NUMPY magic).`);
  }
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const major = bytes[6];
  const headerLength = major === 1 ? dv.getUint16(8, true) : dv.getUint32(8, true);
  const start = major === 1 ? 10 : 12;
  const header = new TextDecoder('latin1').decode(bytes.subarray(start, start + headerLength));
  const descr = /'descr':\s*'([^']+)'/.exec(header)?.[1];
  const fortran = /'fortran_order':\s*(True|False)/.exec(header)?.[1];
  const shapeText = /'shape':\s*\(([^)]*)\)/.exec(header)?.[1];
  if (!descr || !fortran || shapeText === undefined) throw new Error(`${file}: unreadable .npy header ${JSON.stringify(header.trim())}.`);
  if (fortran === 'True') throw new Error(`${file} is in Fortran order; save it with numpy.ascontiguousarray first.`);
  const shape = shapeText.split(',').map((s) => s.trim()).filter(Boolean).map(Number);
  const size = shape.reduce((a, b) => a * b, 1);
  const readers: Record<string, [number, (offset: number) => number]> = {
    '<f4': [4, (o) => dv.getFloat32(o, true)],
    '<f8': [8, (o) => dv.getFloat64(o, true)],
    '<i4': [4, (o) => dv.getInt32(o, true)],
    '<i8': [8, (o) => Number(dv.getBigInt64(o, true))],
  };
  const reader = readers[descr.replace('|', '<')];
  if (!reader) throw new Error(`${file} holds '${descr}' values; only little-endian float32/float64/int32/int64 are read.`);
  const [width, read] = reader;
  const dataStart = start + headerLength;
  if (bytes.length < dataStart + size * width) throw new Error(`${file} is truncated: shape (${shape.join(', ')}) needs ${size * width} data bytes.`);
  const data = new Float32Array(size);
  for (let i = 0; i < size; i++) data[i] = read(dataStart + i * width);
  return { shape, data };
}
