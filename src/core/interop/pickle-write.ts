/**
 * The one pickle Collab writes: a PyTorch state dict (an OrderedDict of name -> tensor), in pickle
 * protocol 2 as torch.save emits it, each tensor `torch._utils._rebuild_tensor_v2(storage, 0,
 * size, stride, False, OrderedDict())` with its storage as a persistent id ('storage', type, key,
 * 'cpu', numel) whose bytes are the archive record data/<key>.
 */

/** One tensor of the state dict, as the pickle references it. */
export interface PickledTensor {
  name: string;
  /** torch storage class, e.g. 'FloatStorage' or 'LongStorage'. */
  storageType: string;
  /** The storage's record name under data/. */
  key: string;
  shape: readonly number[];
}

/** Appends pickle opcodes to a growing byte list. */
class PickleBytes {
  private readonly bytes: number[] = [];
  private readonly enc = new TextEncoder();

  op(...codes: number[]): this { this.bytes.push(...codes); return this; }
  text(s: string): this {
    const utf8 = this.enc.encode(s);
    this.op(0x58, ...u32(utf8.length)); // BINUNICODE
    for (const b of utf8) this.bytes.push(b);
    return this;
  }
  global(module: string, name: string): this {
    this.op(0x63); // GLOBAL
    for (const b of this.enc.encode(`${module}\n${name}\n`)) this.bytes.push(b);
    return this;
  }
  int(n: number): this {
    if (!Number.isInteger(n) || n < 0 || n > 0x7fffffff) throw new Error(`cannot pickle ${n} as a small integer`);
    return n < 256 ? this.op(0x4b, n) : this.op(0x4a, ...u32(n)); // BININT1 / BININT
  }
  tuple(values: readonly number[]): this {
    this.op(0x28); // MARK
    for (const v of values) this.int(v);
    return this.op(0x74); // TUPLE
  }
  emptyOrderedDict(): this { return this.global('collections', 'OrderedDict').op(0x29, 0x52); } // EMPTY_TUPLE REDUCE
  done(): Uint8Array { return Uint8Array.from(this.bytes); }
}

function u32(n: number): number[] {
  return [n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, (n >>> 24) & 0xff];
}

/** Row-major strides of a shape, as PyTorch reports a contiguous tensor's. */
export function contiguousStrides(shape: readonly number[]): number[] {
  const strides = new Array<number>(shape.length);
  let step = 1;
  for (let d = shape.length - 1; d >= 0; d--) { strides[d] = step; step *= shape[d]; }
  return strides;
}

/** The data.pkl of a state dict holding `tensors` in order. */
export function pickleStateDict(tensors: readonly PickledTensor[]): Uint8Array {
  const p = new PickleBytes().op(0x80, 2).emptyOrderedDict().op(0x28); // PROTO 2, OrderedDict(), MARK
  for (const t of tensors) {
    const numel = t.shape.reduce((a, b) => a * b, 1);
    p.text(t.name).global('torch._utils', '_rebuild_tensor_v2').op(0x28);
    p.op(0x28).text('storage').global('torch', t.storageType).text(t.key).text('cpu').int(numel).op(0x74, 0x51); // TUPLE BINPERSID
    p.int(0).tuple(t.shape).tuple(contiguousStrides(t.shape)).op(0x89).emptyOrderedDict().op(0x74, 0x52); // NEWFALSE ... TUPLE REDUCE
  }
  return p.op(0x75, 0x2e).done(); // SETITEMS STOP
}
