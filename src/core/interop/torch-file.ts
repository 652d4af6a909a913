/**
 * PyTorch's checkpoint format (torch.save with the zip serialization, the default since 1.6): a
 * ZIP archive `<name>/data.pkl` (the pickled object), `<name>/data/<key>` (each storage's raw
 * little-endian bytes), `<name>/version` and `<name>/byteorder`. Written for state dicts; read
 * through the restricted unpickler, so nothing in the file is ever executed.
 */
import { looksLikeZip, readZip, storedZipParts, type ZipEntry } from './zip';
import { contiguousStrides, pickleStateDict, type PickledTensor } from './pickle-write';
import { PyDict, PyTuple, StorageRef, TensorRef, unpickle } from './pickle-read';

/** A tensor to write: float32 values, or int64 counters (BatchNorm's num_batches_tracked). */
export interface StateTensor {
  name: string;
  shape: number[];
  data: Float32Array | BigInt64Array;
}

/** A tensor read back, converted to float32 whatever its stored type. */
export interface ReadTensor {
  shape: number[];
  data: Float32Array;
  storageType: string;
}

const bytesOf = (a: Float32Array | BigInt64Array): Uint8Array => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);

/** torch.save(state_dict, path) bytes for `tensors`, in order; `archive` is the folder name inside the zip. */
export function encodeStateDict(tensors: readonly StateTensor[], archive = 'archive'): Uint8Array {
  const parts = stateDictParts(tensors, archive);
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) { out.set(p, at); at += p.length; }
  return out;
}

/** The same bytes as consecutive chunks that share the tensors' memory (for writing large models). */
export function stateDictParts(tensors: readonly StateTensor[], archive = 'archive'): Uint8Array[] {
  const pickled: PickledTensor[] = tensors.map((t, k) => ({
    name: t.name, key: String(k), shape: t.shape, storageType: t.data instanceof BigInt64Array ? 'LongStorage' : 'FloatStorage',
  }));
  const entries: ZipEntry[] = [
    { name: `${archive}/data.pkl`, data: pickleStateDict(pickled) },
    { name: `${archive}/byteorder`, data: new TextEncoder().encode('little') },
    ...tensors.map((t, k) => ({ name: `${archive}/data/${k}`, data: bytesOf(t.data) })),
    { name: `${archive}/version`, data: new TextEncoder().encode('3\n') },
  ];
  return storedZipParts(entries);
}

const ELEMENT_BYTES: Record<string, number> = {
  FloatStorage: 4, DoubleStorage: 8, HalfStorage: 2, BFloat16Storage: 2, LongStorage: 8, IntStorage: 4,
  ShortStorage: 2, CharStorage: 1, ByteStorage: 1, BoolStorage: 1,
};

/**
 * Reads a torch.save file into plain values: PyDict for dicts, arrays, PyTuple, numbers, strings,
 * and ReadTensor for tensors. Throws with a clear message on a legacy (pre-1.6) file, a damaged
 * archive, or a pickle that would need code to run.
 */
export function readTorchFile(bytes: Uint8Array, what: string): unknown {
  if (!looksLikeZip(bytes)) {
    if (bytes[0] === 0x80) {
      throw new Error(`${what} is in PyTorch's legacy (pre-1.6) format, which Collab does not read. Re-save it in Python: `
        + `torch.save(torch.load(f), f2, _use_new_zipfile_serialization=True)`);
    }
    throw new Error(`${what} is not a PyTorch file (torch.save writes a ZIP archive; this does not start like one)`);
  }
  const entries = readZip(bytes, what);
  const pkl = entries.filter((e) => e.name.endsWith('data.pkl')).sort((a, b) => a.name.length - b.name.length)[0];
  if (!pkl) throw new Error(`${what} is a ZIP archive but not a PyTorch checkpoint (no data.pkl inside)`);
  const prefix = pkl.name.slice(0, -'data.pkl'.length);
  const records = new Map(entries.map((e) => [e.name, e.data]));
  const order = records.get(`${prefix}byteorder`);
  if (order && new TextDecoder().decode(order).trim() !== 'little') throw new Error(`${what} was saved big-endian, which Collab does not read`);
  let root: unknown;
  try {
    root = unpickle(pkl.data);
  } catch (err) {
    (err as Error).message = `${what}: ${(err as Error).message}`;
    throw err;
  }
  const cache = new Map<string, Float32Array>();
  const storage = (ref: StorageRef): Float32Array => {
    let values = cache.get(ref.key);
    if (!values) {
      const raw = records.get(`${prefix}data/${ref.key}`);
      const size = ELEMENT_BYTES[ref.storageType];
      if (!raw) throw new Error(`${what} has no record data/${ref.key} for one of its tensors (truncated or edited archive?)`);
      if (raw.length < ref.numel * size) throw new Error(`${what}: storage data/${ref.key} holds ${raw.length} bytes, fewer than its ${ref.numel} values need`);
      values = toFloat32(raw, ref.storageType, ref.numel);
      cache.set(ref.key, values);
    }
    return values;
  };
  const resolve = (v: unknown): unknown => {
    if (v instanceof TensorRef) return gather(v, storage(v.storage), what);
    if (v instanceof PyDict) { for (const [k, x] of v.map) v.map.set(k, resolve(x)); return v; }
    if (v instanceof PyTuple) return new PyTuple(v.items.map(resolve));
    if (Array.isArray(v)) return v.map(resolve);
    return v;
  };
  return resolve(root);
}

function toFloat32(raw: Uint8Array, type: string, numel: number): Float32Array {
  // Copy into an aligned buffer: zip records start anywhere.
  const copy = raw.slice(0, numel * ELEMENT_BYTES[type]);
  const view = new DataView(copy.buffer);
  const out = new Float32Array(numel);
  if (type === 'FloatStorage') return new Float32Array(copy.buffer, 0, numel);
  for (let k = 0; k < numel; k++) {
    switch (type) {
      case 'DoubleStorage': out[k] = view.getFloat64(8 * k, true); break;
      case 'HalfStorage': out[k] = half(view.getUint16(2 * k, true)); break;
      case 'BFloat16Storage': { const b = new DataView(new ArrayBuffer(4)); b.setUint32(0, view.getUint16(2 * k, true) << 16); out[k] = b.getFloat32(0); break; }
      case 'LongStorage': out[k] = Number(view.getBigInt64(8 * k, true)); break;
      case 'IntStorage': out[k] = view.getInt32(4 * k, true); break;
      case 'ShortStorage': out[k] = view.getInt16(2 * k, true); break;
      case 'CharStorage': out[k] = view.getInt8(k); break;
      default: out[k] = view.getUint8(k);
    }
  }
  return out;
}

function half(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >> 10) & 0x1f;
  const frac = h & 0x3ff;
  if (exp === 0) return sign * 2 ** -14 * (frac / 1024);
  if (exp === 31) return frac ? NaN : sign * Infinity;
  return sign * 2 ** (exp - 15) * (1 + frac / 1024);
}

/** The tensor's values in row-major order, following its offset and strides into the storage. */
function gather(t: TensorRef, values: Float32Array, what: string): ReadTensor {
  const n = t.shape.reduce((a, b) => a * b, 1);
  if (t.stride.length !== t.shape.length) throw new Error(`${what}: a tensor's strides do not match its shape`);
  let last = t.offset;
  t.shape.forEach((s, d) => { if (s > 0) last += (s - 1) * t.stride[d]; });
  if (n > 0 && (t.offset < 0 || last >= values.length)) throw new Error(`${what}: a tensor reaches past the end of its storage`);
  if (t.shape.every((_, d) => t.stride[d] === contiguousStrides(t.shape)[d])) {
    return { shape: t.shape, data: values.slice(t.offset, t.offset + n), storageType: t.storage.storageType };
  }
  const out = new Float32Array(n);
  const index = new Array<number>(t.shape.length).fill(0);
  for (let k = 0; k < n; k++) {
    let at = t.offset;
    for (let d = 0; d < index.length; d++) at += index[d] * t.stride[d];
    out[k] = values[at];
    for (let d = index.length - 1; d >= 0; d--) {
      if (++index[d] < t.shape[d]) break;
      index[d] = 0;
    }
  }
  return { shape: t.shape, data: out, storageType: t.storage.storageType };
}
