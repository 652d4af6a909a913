/**
 * Hadoop's ChecksumFileSystem sidecars (`.<name>.crc`, written beside every file Spark saves to a
 * local or copied-down folder): "crc\0", a big-endian int32 bytes-per-checksum, then one big-endian
 * CRC-32 per chunk of the file.
 */
import * as zlib from 'node:zlib';
import { crc32 as jsCrc32 } from './zip-reader';

/** node:zlib's native CRC-32 where Node has it (20.15+), else the zip reader's table-driven one. */
const crc32 = (zlib as { crc32?: (data: Uint8Array) => number }).crc32 ?? jsCrc32;

const MAGIC = [0x63, 0x72, 0x63, 0x00];

/** Throws when `data` does not match its .crc sidecar (a corrupt or truncated copy). */
export function verifyHadoopCrc(data: Uint8Array, crcFile: Uint8Array, what: string): void {
  const view = new DataView(crcFile.buffer, crcFile.byteOffset, crcFile.byteLength);
  if (crcFile.length < 8 || MAGIC.some((b, i) => crcFile[i] !== b)) throw new Error(`${what}: its .crc file is not a Hadoop checksum file.`);
  const chunk = view.getInt32(4, false);
  const sums = Math.ceil(data.length / chunk);
  if (chunk <= 0 || crcFile.length !== 8 + 4 * sums) {
    throw new Error(`${what} is ${data.length} bytes, which its .crc file does not describe (truncated or changed after Spark wrote it).`);
  }
  for (let k = 0; k < sums; k++) {
    if (crc32(data.subarray(k * chunk, (k + 1) * chunk)) !== view.getUint32(8 + 4 * k, false)) {
      throw new Error(`${what} is corrupt: bytes ${k * chunk}-${Math.min(data.length, (k + 1) * chunk) - 1} do not match its .crc checksum.`);
    }
  }
}

/** The .crc sidecar Hadoop would write for `data` (used by tests and fixtures). */
export function hadoopCrc(data: Uint8Array, chunk = 512): Uint8Array {
  const sums = Math.ceil(data.length / chunk);
  const out = new Uint8Array(8 + 4 * sums);
  const view = new DataView(out.buffer);
  out.set(MAGIC);
  view.setInt32(4, chunk, false);
  for (let k = 0; k < sums; k++) view.setUint32(8 + 4 * k, crc32(data.subarray(k * chunk, (k + 1) * chunk)), false);
  return out;
}
