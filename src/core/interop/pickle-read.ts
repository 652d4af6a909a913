/**
 * A restricted unpickler for PyTorch state dicts. It interprets pickle opcodes as data and knows
 * only the few globals a state dict is made of; it calls nothing else and cannot: any other global
 * (os.system, builtins.eval, a model class...) stops the read at the GLOBAL opcode, before anything
 * could refer to it. Objects that pickle would build by calling a class (NEWOBJ, INST, OBJ) are
 * refused the same way.
 */

/** The message of every refusal; the detail names what the file asked for. */
export const NEEDS_CODE = 'this file needs code to run to load; Collab never runs code from a model file';

/** Thrown when the pickle asks for something outside the allow-list. */
export class UnsafePickleError extends Error {}

/** A Python tuple (kept apart from lists only for clarity). */
export class PyTuple { constructor(readonly items: unknown[]) {} }
/** A Python dict or OrderedDict; keys are strings or numbers (others are stringified). */
export class PyDict { readonly map = new Map<string | number, unknown>(); }
/** A reference to one of the allowed globals. */
export class PyGlobal { constructor(readonly module: string, readonly name: string) {} }
/** A storage, as a persistent id names it: its record key in the archive, element type and count. */
export class StorageRef { constructor(readonly storageType: string, readonly key: string, readonly numel: number) {} }
/** A tensor view of a storage. */
export class TensorRef {
  constructor(readonly storage: StorageRef, readonly offset: number, readonly shape: number[], readonly stride: number[]) {}
}

/** Storage classes a tensor may live in (torch.save names the typed storage of its dtype). */
export const STORAGE_TYPES = new Set(['FloatStorage', 'DoubleStorage', 'HalfStorage', 'BFloat16Storage', 'LongStorage',
  'IntStorage', 'ShortStorage', 'CharStorage', 'ByteStorage', 'BoolStorage']);

const ALLOWED: Record<string, Set<string>> = {
  collections: new Set(['OrderedDict']),
  'torch._utils': new Set(['_rebuild_tensor_v2', '_rebuild_parameter']),
  torch: STORAGE_TYPES,
};

function refuse(detail: string): UnsafePickleError {
  return new UnsafePickleError(`${NEEDS_CODE} (${detail}). A fastai learn.save() file whose optimizer state holds other `
    + 'objects can be saved without it: learn.save(name, with_opt=False), or torch.save(learn.model.state_dict(), path).');
}

const MARK = Symbol('mark');

/** Reads a pickle into plain values, PyDict, PyTuple, TensorRef; throws UnsafePickleError on anything else. */
export function unpickle(bytes: Uint8Array): unknown {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const dec = new TextDecoder('utf-8');
  let pos = 0;
  const stack: unknown[] = [];
  const memo = new Map<number, unknown>();
  const need = (n: number): number => {
    if (pos + n > bytes.length) throw new Error('the pickle ends early (truncated file?)');
    const at = pos; pos += n; return at;
  };
  const line = (): string => {
    const end = bytes.indexOf(0x0a, pos);
    if (end < 0) throw new Error('the pickle ends early (truncated file?)');
    const s = dec.decode(bytes.subarray(pos, end)); pos = end + 1; return s;
  };
  const pop = (): unknown => {
    if (stack.length === 0) throw new Error('the pickle is malformed (stack underflow)');
    const v = stack.pop();
    if (v === MARK) throw new Error('the pickle is malformed (unexpected mark)');
    return v;
  };
  const popMark = (): unknown[] => {
    const at = stack.lastIndexOf(MARK);
    if (at < 0) throw new Error('the pickle is malformed (no mark)');
    const items = stack.splice(at);
    items.shift();
    return items;
  };
  const top = (): unknown => stack[stack.length - 1];
  const str = (n: number): string => dec.decode(bytes.subarray(need(n), pos));
  const global = (module: string, name: string): PyGlobal => {
    if (!ALLOWED[module]?.has(name)) throw refuse(`it refers to ${module}.${name}`);
    return new PyGlobal(module, name);
  };
  const setItem = (dict: unknown, key: unknown, value: unknown): void => {
    if (!(dict instanceof PyDict)) throw new Error('the pickle is malformed (SETITEM on a non-dict)');
    dict.map.set(typeof key === 'string' || typeof key === 'number' ? key : String(key), value);
  };
  for (;;) {
    const op = bytes[need(1)];
    switch (op) {
      case 0x80: need(1); break; // PROTO
      case 0x95: need(8); break; // FRAME
      case 0x2e: return pop(); // STOP
      case 0x28: stack.push(MARK); break; // MARK
      case 0x30: pop(); break; // POP
      case 0x31: popMark(); break; // POP_MARK
      case 0x32: stack.push(top()); break; // DUP
      case 0x4e: stack.push(null); break; // NONE
      case 0x88: stack.push(true); break; // NEWTRUE
      case 0x89: stack.push(false); break; // NEWFALSE
      case 0x4b: stack.push(bytes[need(1)]); break; // BININT1
      case 0x4d: stack.push(view.getUint16(need(2), true)); break; // BININT2
      case 0x4a: stack.push(view.getInt32(need(4), true)); break; // BININT
      case 0x8a: { // LONG1
        const n = bytes[need(1)];
        let v = 0n;
        const at = need(n);
        for (let k = n - 1; k >= 0; k--) v = (v << 8n) | BigInt(bytes[at + k]);
        if (n > 0 && bytes[at + n - 1] & 0x80) v -= 1n << BigInt(8 * n);
        stack.push(Number(v));
        break;
      }
      case 0x49: { const s = line(); stack.push(s === '01' ? true : s === '00' ? false : Number(s)); break; } // INT
      case 0x4c: stack.push(Number(line().replace(/L$/, ''))); break; // LONG
      case 0x47: stack.push(view.getFloat64(need(8), false)); break; // BINFLOAT
      case 0x46: stack.push(Number(line())); break; // FLOAT
      case 0x58: stack.push(str(view.getUint32(need(4), true))); break; // BINUNICODE
      case 0x8c: stack.push(str(bytes[need(1)])); break; // SHORT_BINUNICODE
      case 0x8d: stack.push(str(Number(view.getBigUint64(need(8), true)))); break; // BINUNICODE8
      case 0x55: stack.push(str(bytes[need(1)])); break; // SHORT_BINSTRING
      case 0x54: stack.push(str(view.getUint32(need(4), true))); break; // BINSTRING
      case 0x43: { const n = bytes[need(1)]; stack.push(bytes.slice(need(n), pos)); break; } // SHORT_BINBYTES
      case 0x42: { const n = view.getUint32(need(4), true); stack.push(bytes.slice(need(n), pos)); break; } // BINBYTES
      case 0x29: stack.push(new PyTuple([])); break; // EMPTY_TUPLE
      case 0x74: stack.push(new PyTuple(popMark())); break; // TUPLE
      case 0x85: stack.push(new PyTuple([pop()])); break; // TUPLE1
      case 0x86: { const b = pop(); const a = pop(); stack.push(new PyTuple([a, b])); break; } // TUPLE2
      case 0x87: { const c = pop(); const b = pop(); const a = pop(); stack.push(new PyTuple([a, b, c])); break; } // TUPLE3
      case 0x5d: stack.push([]); break; // EMPTY_LIST
      case 0x6c: stack.push(popMark()); break; // LIST
      case 0x61: { const v = pop(); const list = top(); if (!Array.isArray(list)) throw new Error('the pickle is malformed (APPEND)'); list.push(v); break; }
      case 0x65: { const vs = popMark(); const list = top(); if (!Array.isArray(list)) throw new Error('the pickle is malformed (APPENDS)'); list.push(...vs); break; }
      case 0x7d: stack.push(new PyDict()); break; // EMPTY_DICT
      case 0x64: { const kv = popMark(); const d = new PyDict(); for (let k = 0; k + 1 < kv.length; k += 2) setItem(d, kv[k], kv[k + 1]); stack.push(d); break; }
      case 0x73: { const v = pop(); const k = pop(); setItem(top(), k, v); break; } // SETITEM
      case 0x75: { const kv = popMark(); for (let k = 0; k + 1 < kv.length; k += 2) setItem(top(), kv[k], kv[k + 1]); break; } // SETITEMS
      case 0x8f: stack.push([]); break; // EMPTY_SET (a list: order is irrelevant here)
      case 0x90: { const vs = popMark(); (top() as unknown[]).push(...vs); break; } // ADDITEMS
      case 0x91: stack.push(popMark()); break; // FROZENSET
      case 0x71: memo.set(bytes[need(1)], top()); break; // BINPUT
      case 0x72: memo.set(view.getUint32(need(4), true), top()); break; // LONG_BINPUT
      case 0x70: memo.set(Number(line()), top()); break; // PUT
      case 0x94: memo.set(memo.size, top()); break; // MEMOIZE
      case 0x68: stack.push(fromMemo(memo, bytes[need(1)])); break; // BINGET
      case 0x6a: stack.push(fromMemo(memo, view.getUint32(need(4), true))); break; // LONG_BINGET
      case 0x67: stack.push(fromMemo(memo, Number(line()))); break; // GET
      case 0x63: { const module = line(); stack.push(global(module, line())); break; } // GLOBAL
      case 0x93: { const name = pop(); const module = pop(); stack.push(global(String(module), String(name))); break; } // STACK_GLOBAL
      case 0x51: stack.push(persistent(pop())); break; // BINPERSID
      case 0x52: { const args = pop(); const fn = pop(); stack.push(reduce(fn, args)); break; } // REDUCE
      case 0x62: { pop(); break; } // BUILD: only state on dicts (a state dict's _metadata) or tensors; ignored
      case 0x81: case 0x92: case 0x69: case 0x6f: throw refuse('it builds an object by calling a class');
      case 0x50: throw refuse('it uses a text persistent id');
      default: throw new Error(`the pickle has an opcode Collab does not read (0x${op.toString(16)} at byte ${pos - 1})`);
    }
  }
}

function fromMemo(memo: Map<number, unknown>, key: number): unknown {
  if (!memo.has(key)) throw new Error('the pickle is malformed (memo key missing)');
  return memo.get(key);
}

/** torch.save's persistent id of a storage: ('storage', storage type, key, location, numel). */
function persistent(pid: unknown): StorageRef {
  const items = pid instanceof PyTuple ? pid.items : [];
  const [kind, type, key, , numel] = items;
  if (kind !== 'storage' || !(type instanceof PyGlobal) || typeof key !== 'string' || typeof numel !== 'number') {
    throw refuse('it has a persistent id other than a torch storage');
  }
  return new StorageRef(type.name, key, numel);
}

const numbers = (v: unknown, what: string): number[] => {
  const items = v instanceof PyTuple ? v.items : Array.isArray(v) ? v : undefined;
  if (!items || !items.every((x) => typeof x === 'number')) throw new Error(`the pickle is malformed (${what} is not a tuple of integers)`);
  return items as number[];
};

/** Calls one of the allowed functions, implemented here as data transformations. */
function reduce(fn: unknown, args: unknown): unknown {
  if (!(fn instanceof PyGlobal) || !(args instanceof PyTuple)) throw refuse('it calls something that is not an allowed function');
  const a = args.items;
  if (fn.module === 'collections' && fn.name === 'OrderedDict') {
    if (a.length > 0) throw new Error('the pickle is malformed (OrderedDict with arguments)');
    return new PyDict();
  }
  if (fn.name === '_rebuild_tensor_v2') {
    const [storage, offset, size, stride] = a;
    if (!(storage instanceof StorageRef) || typeof offset !== 'number') throw new Error('the pickle is malformed (a tensor without a storage)');
    return new TensorRef(storage, offset, numbers(size, 'a tensor size'), numbers(stride, 'a tensor stride'));
  }
  if (fn.name === '_rebuild_parameter') {
    if (!(a[0] instanceof TensorRef)) throw new Error('the pickle is malformed (a parameter without a tensor)');
    return a[0];
  }
  throw refuse(`it calls ${fn.module}.${fn.name}`);
}
