/**
 * The binary files of a run (layouts documented in types.ts): weights.bin holds float32
 * little-endian tensors back to back; rows.bin holds the CSR source-line index as int32 LE.
 */
import { endianness } from 'node:os';
import type { TensorEntry } from './types';

/** A tensor as models hand it over for saving. */
export interface NamedTensor {
  name: string;
  shape: number[];
  data: Float32Array;
}

/** Source lines grouped by label index: lines[offsets[i] .. offsets[i+1]) belong to label i. */
export interface LineIndex {
  offsets: Int32Array;
  lines: Int32Array;
}

const LITTLE_ENDIAN_HOST = endianness() === 'LE';

/** Number of elements a shape holds. */
export function shapeSize(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** The bytes of a typed array in little-endian order (a view when the host is little-endian). */
function leBytes(data: Float32Array | Int32Array): Uint8Array {
  const view = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  if (LITTLE_ENDIAN_HOST) return view;
  const swapped = new Uint8Array(view.length);
  for (let i = 0; i < view.length; i += 4) {
    swapped[i] = view[i + 3]; swapped[i + 1] = view[i + 2]; swapped[i + 2] = view[i + 1]; swapped[i + 3] = view[i];
  }
  return swapped;
}

/** Typed values from little-endian bytes (always a fresh, aligned copy). */
function fromLe<T extends Float32Array | Int32Array>(bytes: Uint8Array, make: (n: number) => T): T {
  const out = make(bytes.length / 4);
  const target = new Uint8Array(out.buffer);
  target.set(bytes);
  if (!LITTLE_ENDIAN_HOST) target.set(leBytes(out as Float32Array | Int32Array));
  return out;
}

/** weights.bin's contents: the tensors back to back, as byte parts in file order, and their manifest entries (name, shape, offset). */
export function tensorParts(tensors: readonly NamedTensor[]): { entries: TensorEntry[]; parts: Uint8Array[] } {
  const entries: TensorEntry[] = [];
  const parts: Uint8Array[] = [];
  let offset = 0;
  for (const t of tensors) {
    if (t.data.length !== shapeSize(t.shape)) {
      throw new Error(`Tensor '${t.name}' has ${t.data.length} values but shape [${t.shape.join(', ')}].`);
    }
    parts.push(leBytes(t.data));
    entries.push({ name: t.name, shape: [...t.shape], offset });
    offset += t.data.byteLength;
  }
  return { entries, parts };
}

/** rows.bin's contents as byte parts in file order: item offsets, item lines, user offsets, user lines. */
export function lineIndexParts(items: LineIndex, users: LineIndex): Uint8Array[] {
  return [items.offsets, items.lines, users.offsets, users.lines].map(leBytes);
}

/** Float32 values of one tensor entry, read from the whole weights.bin contents. */
export function readTensor(weights: Uint8Array, entry: TensorEntry): Float32Array {
  const bytes = shapeSize(entry.shape) * 4;
  return fromLe(weights.subarray(entry.offset, entry.offset + bytes), (n) => new Float32Array(n));
}

/**
 * CSR index of 1-based source lines per label, from each row's label and line. `rows` picks the
 * rows to index (all when absent); rows in file order give each label's lines in file order.
 */
export function buildLineIndex(labels: Int32Array, lines: Int32Array, nLabels: number, rows?: Uint32Array): LineIndex {
  const n = rows ? rows.length : labels.length;
  const rowAt = (k: number): number => (rows ? rows[k] : k);
  const offsets = new Int32Array(nLabels + 1);
  for (let k = 0; k < n; k++) offsets[labels[rowAt(k)] + 1]++;
  for (let i = 0; i < nLabels; i++) offsets[i + 1] += offsets[i];
  const cursor = offsets.slice(0, nLabels);
  const out = new Int32Array(n);
  for (let k = 0; k < n; k++) {
    const r = rowAt(k);
    out[cursor[labels[r]]++] = lines[r];
  }
  return { offsets, lines: out };
}


/** Parses rows.bin for the given vocabulary sizes; throws a plain message when it does not fit. */
export function readLineIndexes(bytes: Uint8Array, nItems: number, nUsers: number): { items: LineIndex; users: LineIndex } {
  if (bytes.length % 4 !== 0) throw new Error(`its size (${bytes.length} bytes) is not a multiple of 4`);
  const all = fromLe(bytes, (n) => new Int32Array(n));
  let at = 0;
  const take = (n: number, what: string): Int32Array => {
    if (n < 0 || at + n > all.length) throw new Error(`it ends inside the ${what}`);
    const part = all.subarray(at, at + n);
    at += n;
    return part;
  };
  const readOne = (nLabels: number, what: string): LineIndex => {
    const offsets = take(nLabels + 1, `${what} offsets`);
    if (offsets[0] !== 0) throw new Error(`its ${what} offsets do not start at 0`);
    for (let i = 0; i < nLabels; i++) {
      if (offsets[i + 1] < offsets[i]) throw new Error(`its ${what} offsets are not increasing`);
    }
    return { offsets, lines: take(offsets[nLabels], `${what} lines`) };
  };
  const items = readOne(nItems, 'item');
  const users = readOne(nUsers, 'user');
  if (at !== all.length) throw new Error(`it has ${(all.length - at) * 4} bytes more than its offsets describe`);
  return { items, users };
}

/** lines.bin's bytes: the checkpoint offsets as float64 little-endian. */
export function lineOffsetsBytes(offsets: Float64Array): Buffer {
  const out = Buffer.allocUnsafe(offsets.length * 8);
  for (let k = 0; k < offsets.length; k++) out.writeDoubleLE(offsets[k], k * 8);
  return out;
}

/** Parses lines.bin; throws a plain message when it does not hold `count` ascending offsets. */
export function readLineOffsets(bytes: Buffer, count: number): Float64Array {
  if (bytes.length !== count * 8) throw new Error(`it has ${bytes.length} bytes for ${count} offsets`);
  const out = new Float64Array(count);
  for (let k = 0; k < count; k++) {
    out[k] = bytes.readDoubleLE(k * 8);
    if (!(out[k] >= (k > 0 ? out[k - 1] : 0))) throw new Error(`its offset ${k} is not ascending`);
  }
  return out;
}
