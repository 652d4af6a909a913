/**
 * A store-only ZIP writer for PyTorch's checkpoint files, and reading them through core's one zip
 * reader (src/core/io/zip-reader.ts). Written by hand because a .pth is a plain archive of
 * uncompressed records (PyTorch's writer never compresses) that must be 64-byte aligned for memory
 * mapping, which general zip packages do not offer.
 */
import { crc32, readZipEntries, readZipEntry, ZipError } from '../io/zip-reader';

export { crc32 };

/** One record of an archive. */
export interface ZipEntry {
  name: string;
  data: Uint8Array;
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

/** Reads every record of an archive (core's one zip reader); throws, naming `what`, on truncation or a bad checksum. */
export function readZip(bytes: Uint8Array, what = 'the archive'): ZipEntry[] {
  try {
    return readZipEntries(bytes).filter((e) => !e.isDirectory).map((e) => ({ name: e.name, data: readZipEntry(bytes, e) }));
  } catch (error) {
    if (!(error instanceof ZipError)) throw error;
    throw new Error(`${what} is not a readable ZIP archive (${error.message.replace(/\.$/, '')}); the file may be truncated or corrupt`);
  }
}
