/**
 * A small ZIP reader and store-only writer for PyTorch's checkpoint files. Written by hand because
 * a .pth is a plain archive of uncompressed records (PyTorch's writer never compresses) that must
 * be 64-byte aligned for memory mapping, which general zip packages do not offer; the reader needs
 * only the central directory (PyTorch leaves sizes out of local headers) and ZIP64 end records,
 * which PyTorch always writes.
 */
import { inflateRawSync } from 'node:zlib';

/** One record of an archive. */
export interface ZipEntry {
  name: string;
  data: Uint8Array;
}

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** CRC-32 (IEEE), as ZIP stores it. */
export function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (let k = 0; k < bytes.length; k++) c = CRC_TABLE[(c ^ bytes[k]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** Data offsets are padded to this, as PyTorch does, so a reader can memory-map each tensor. */
const ALIGN = 64;
const LIMIT = 0xffffffff;

/** Writes entries uncompressed (method 0) with UTF-8 names, each record's data 64-byte aligned. */
export function writeStoredZip(entries: readonly ZipEntry[]): Uint8Array {
  return concat(storedZipParts(entries));
}

/** The archive as consecutive byte chunks (the entries' data not copied), to write without one big buffer. */
export function storedZipParts(entries: readonly ZipEntry[]): Uint8Array[] {
  const enc = new TextEncoder();
  const parts: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = enc.encode(entry.name);
    if (entry.data.length >= LIMIT || offset >= LIMIT) throw new Error(`${entry.name} does not fit a ZIP without ZIP64 (over 4 GB); export fewer factors or items`);
    const crc = crc32(entry.data);
    // Pad with an extra field ('FB' + length + 'Z's, PyTorch's own choice) so the data starts aligned.
    let pad = (ALIGN - ((offset + 30 + name.length) % ALIGN)) % ALIGN;
    if (pad > 0 && pad < 4) pad += ALIGN;
    const extra = new Uint8Array(pad);
    if (pad > 0) {
      extra.set([0x46, 0x42, (pad - 4) & 0xff, (pad - 4) >> 8]);
      extra.fill(0x5a, 4);
    }
    const local = new DataView(new ArrayBuffer(30));
    local.setUint32(0, 0x04034b50, true);
    local.setUint16(4, 20, true);
    local.setUint16(6, 0x0800, true);
    local.setUint32(14, crc, true);
    local.setUint32(18, entry.data.length, true);
    local.setUint32(22, entry.data.length, true);
    local.setUint16(26, name.length, true);
    local.setUint16(28, pad, true);
    const cd = new DataView(new ArrayBuffer(46));
    cd.setUint32(0, 0x02014b50, true);
    cd.setUint16(4, 20, true);
    cd.setUint16(6, 20, true);
    cd.setUint16(8, 0x0800, true);
    cd.setUint32(16, crc, true);
    cd.setUint32(20, entry.data.length, true);
    cd.setUint32(24, entry.data.length, true);
    cd.setUint16(28, name.length, true);
    cd.setUint32(42, offset, true);
    parts.push(new Uint8Array(local.buffer), name, extra, entry.data);
    central.push(new Uint8Array(cd.buffer), name);
    offset += 30 + name.length + pad + entry.data.length;
  }
  const cdSize = central.reduce((n, p) => n + p.length, 0);
  const end = new DataView(new ArrayBuffer(22));
  end.setUint32(0, 0x06054b50, true);
  end.setUint16(8, entries.length, true);
  end.setUint16(10, entries.length, true);
  end.setUint32(12, cdSize, true);
  end.setUint32(16, offset, true);
  return [...parts, ...central, new Uint8Array(end.buffer)];
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) { out.set(p, at); at += p.length; }
  return out;
}

/** True when the bytes start like a ZIP archive (a local file header). */
export function looksLikeZip(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

/** Reads every record of an archive (stored or deflated); throws on truncation or a bad checksum. */
export function readZip(bytes: Uint8Array, what = 'the archive'): ZipEntry[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const bad = (why: string): Error => new Error(`${what} is not a readable ZIP archive (${why}); the file may be truncated or corrupt`);
  let eocd = -1;
  for (let at = bytes.length - 22; at >= Math.max(0, bytes.length - 22 - 0xffff); at--) {
    if (view.getUint32(at, true) === 0x06054b50) { eocd = at; break; }
  }
  if (eocd < 0) throw bad('no end-of-archive record');
  let count = view.getUint16(eocd + 10, true);
  let cdOffset = view.getUint32(eocd + 16, true);
  if ((count === 0xffff || cdOffset === LIMIT) && eocd >= 20 && view.getUint32(eocd - 20, true) === 0x07064b50) {
    const z64 = Number(view.getBigUint64(eocd - 12, true));
    if (z64 + 56 > bytes.length || view.getUint32(z64, true) !== 0x06064b50) throw bad('a broken ZIP64 end record');
    count = Number(view.getBigUint64(z64 + 32, true));
    cdOffset = Number(view.getBigUint64(z64 + 48, true));
  }
  const entries: ZipEntry[] = [];
  const dec = new TextDecoder('utf-8');
  let at = cdOffset;
  for (let k = 0; k < count; k++) {
    if (at + 46 > bytes.length || view.getUint32(at, true) !== 0x02014b50) throw bad('a broken central directory');
    const method = view.getUint16(at + 10, true);
    const crc = view.getUint32(at + 16, true);
    let compressed = view.getUint32(at + 20, true);
    let size = view.getUint32(at + 24, true);
    const nameLen = view.getUint16(at + 28, true);
    const extraLen = view.getUint16(at + 30, true);
    const commentLen = view.getUint16(at + 32, true);
    let local = view.getUint32(at + 42, true);
    const name = dec.decode(bytes.subarray(at + 46, at + 46 + nameLen));
    // ZIP64 extra field: the 64-bit values of whichever fields read 0xffffffff, in this order.
    for (let e = at + 46 + nameLen; e + 4 <= at + 46 + nameLen + extraLen;) {
      const id = view.getUint16(e, true);
      const len = view.getUint16(e + 2, true);
      if (id === 0x0001) {
        let p = e + 4;
        if (size === LIMIT) { size = Number(view.getBigUint64(p, true)); p += 8; }
        if (compressed === LIMIT) { compressed = Number(view.getBigUint64(p, true)); p += 8; }
        if (local === LIMIT) { local = Number(view.getBigUint64(p, true)); }
      }
      e += 4 + len;
    }
    at += 46 + nameLen + extraLen + commentLen;
    if (local + 30 > bytes.length || view.getUint32(local, true) !== 0x04034b50) throw bad(`no local header for ${name}`);
    const start = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
    if (start + compressed > bytes.length) throw bad(`${name} runs past the end of the file`);
    const raw = bytes.subarray(start, start + compressed);
    let data: Uint8Array;
    if (method === 0) data = raw;
    else if (method === 8) {
      try { data = new Uint8Array(inflateRawSync(raw)); } catch { throw bad(`${name} does not inflate`); }
    } else throw bad(`${name} uses compression method ${method}`);
    if (data.length !== size || crc32(data) !== crc) throw bad(`${name} fails its CRC-32 check`);
    entries.push({ name, data });
  }
  return entries;
}
