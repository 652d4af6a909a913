/**
 * The one zip reader: MovieLens' archive, implicit's .npz and PyTorch's .pth (stored or deflated
 * entries, ZIP64 end records and extra fields as PyTorch writes them, no encryption): reads the
 * central directory, inflates with node:zlib and checks every CRC-32.
 */
import { inflateRawSync } from 'node:zlib';

const EOCD_SIG = 0x06054b50;
const CENTRAL_SIG = 0x02014b50;
const LOCAL_SIG = 0x04034b50;
const ZIP64_EOCD_SIG = 0x06064b50;
const ZIP64_LOCATOR_SIG = 0x07064b50;
/** A 32-bit field at this value means "see the ZIP64 record". */
const LIMIT = 0xffffffff;
const EOCD_MIN = 22;
const MAX_COMMENT = 0xffff;

/** One entry of the central directory. */
export interface ZipEntry {
  name: string;
  method: number;
  crc32: number;
  compressedSize: number;
  size: number;
  localHeaderOffset: number;
  isDirectory: boolean;
}

/** Why an archive could not be read: names the entry when one is at fault. */
export class ZipError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ZipError';
  }
}

/** Lists the entries of a zip held in memory. */
export function readZipEntries(zip: Uint8Array): ZipEntry[] {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  const eocd = findEndOfCentralDirectory(view);
  let count = view.getUint16(eocd + 10, true);
  let cdSize = view.getUint32(eocd + 12, true);
  let cdOffset = view.getUint32(eocd + 16, true);
  if (count === 0xffff || cdOffset === LIMIT || cdSize === LIMIT) {
    // ZIP64: a locator just before the end record points at the 64-bit end record.
    if (eocd < 20 || view.getUint32(eocd - 20, true) !== ZIP64_LOCATOR_SIG) throw new ZipError('The zip64 end record is missing (truncated file?).');
    const z64 = Number(view.getBigUint64(eocd - 12, true));
    if (z64 + 56 > zip.length || view.getUint32(z64, true) !== ZIP64_EOCD_SIG) throw new ZipError('The zip64 end record is broken (truncated file?).');
    count = Number(view.getBigUint64(z64 + 32, true));
    cdSize = Number(view.getBigUint64(z64 + 40, true));
    cdOffset = Number(view.getBigUint64(z64 + 48, true));
  }
  if (cdOffset + cdSize > eocd) throw new ZipError('The zip central directory lies outside the file (truncated download?).');
  const entries: ZipEntry[] = [];
  const decoder = new TextDecoder('utf-8');
  let at = cdOffset;
  for (let n = 0; n < count; n++) {
    if (at + 46 > zip.length || view.getUint32(at, true) !== CENTRAL_SIG) {
      throw new ZipError(`Corrupt zip central directory at byte ${at} (entry ${n + 1} of ${count}).`);
    }
    const flags = view.getUint16(at + 8, true);
    const nameLen = view.getUint16(at + 28, true);
    const extraLen = view.getUint16(at + 30, true);
    const commentLen = view.getUint16(at + 32, true);
    const name = decoder.decode(zip.subarray(at + 46, at + 46 + nameLen));
    if (flags & 1) throw new ZipError(`Zip entry ${name} is encrypted.`);
    let compressedSize = view.getUint32(at + 20, true);
    let size = view.getUint32(at + 24, true);
    let localHeaderOffset = view.getUint32(at + 42, true);
    // ZIP64 extra field: the 64-bit values of whichever fields read 0xffffffff, in this order.
    for (let e = at + 46 + nameLen; e + 4 <= at + 46 + nameLen + extraLen;) {
      const id = view.getUint16(e, true);
      const len = view.getUint16(e + 2, true);
      if (id === 0x0001) {
        let p = e + 4;
        if (size === LIMIT) { size = Number(view.getBigUint64(p, true)); p += 8; }
        if (compressedSize === LIMIT) { compressedSize = Number(view.getBigUint64(p, true)); p += 8; }
        if (localHeaderOffset === LIMIT) localHeaderOffset = Number(view.getBigUint64(p, true));
      }
      e += 4 + len;
    }
    entries.push({
      name, method: view.getUint16(at + 10, true), crc32: view.getUint32(at + 16, true),
      compressedSize, size, localHeaderOffset, isDirectory: name.endsWith('/'),
    });
    at += 46 + nameLen + extraLen + commentLen;
  }
  return entries;
}

/** The uncompressed bytes of one entry, CRC-checked. */
export function readZipEntry(zip: Uint8Array, entry: ZipEntry): Uint8Array {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  const at = entry.localHeaderOffset;
  if (at + 30 > zip.length || view.getUint32(at, true) !== LOCAL_SIG) {
    throw new ZipError(`Zip entry ${entry.name}: bad local header at byte ${at}.`);
  }
  const start = at + 30 + view.getUint16(at + 26, true) + view.getUint16(at + 28, true);
  const end = start + entry.compressedSize;
  if (end > zip.length) throw new ZipError(`Zip entry ${entry.name} runs past the end of the file (truncated download?).`);
  const raw = zip.subarray(start, end);
  let data: Uint8Array;
  if (entry.method === 0) data = raw;
  else if (entry.method === 8) {
    try {
      data = inflateRawSync(raw, { maxOutputLength: Math.max(1, entry.size) });
    } catch (error) {
      throw new ZipError(`Zip entry ${entry.name} could not be inflated: ${(error as Error).message}`);
    }
  } else throw new ZipError(`Zip entry ${entry.name} uses compression method ${entry.method}; only stored (0) and deflate (8) are supported.`);
  if (data.length !== entry.size) throw new ZipError(`Zip entry ${entry.name}: expected ${entry.size} bytes, got ${data.length}.`);
  if (crc32(data) !== entry.crc32) throw new ZipError(`Zip entry ${entry.name} is corrupt (CRC-32 mismatch).`);
  return data;
}

/** True when an entry name is a safe relative path (no absolute path, drive or `..` segment). */
export function isSafeEntryName(name: string): boolean {
  if (name.length === 0 || name.startsWith('/') || name.startsWith('\\') || /^[A-Za-z]:/.test(name)) return false;
  return !name.split(/[\\/]/).some((part) => part === '..');
}

function findEndOfCentralDirectory(view: DataView): number {
  const last = view.byteLength - EOCD_MIN;
  for (let i = last; i >= Math.max(0, last - MAX_COMMENT); i--) {
    if (view.getUint32(i, true) === EOCD_SIG) return i;
  }
  throw new ZipError('Not a zip file (no end-of-central-directory record).');
}

/** CRC-32 (IEEE 802.3), as zip stores it. */
export function crc32(data: Uint8Array): number {
  const table = crcTable();
  let crc = 0xffffffff;
  for (let i = 0; i < data.length; i++) crc = table[(crc ^ data[i]) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function crcTable(): Uint32Array {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
}
