// Lists a zip file's entries (a .vsix is a zip) from its central directory: no dependency needed.
import { readFileSync } from 'node:fs';

const EOCD_SIG = 0x06054b50;
const CENTRAL_SIG = 0x02014b50;

/** Every entry of a zip: its name and its compressed and uncompressed sizes in bytes. */
export function listZip(path) {
  const buf = readFileSync(path);
  // The end-of-central-directory record sits in the last 22 + up to 65535 (comment) bytes.
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 65535); i--) {
    if (buf.readUInt32LE(i) === EOCD_SIG) { eocd = i; break; }
  }
  if (eocd < 0) throw new Error(`${path}: not a zip file (no end-of-central-directory record)`);
  const count = buf.readUInt16LE(eocd + 10);
  let at = buf.readUInt32LE(eocd + 16);
  const entries = [];
  for (let n = 0; n < count; n++) {
    if (buf.readUInt32LE(at) !== CENTRAL_SIG) throw new Error(`${path}: corrupt central directory at ${at}`);
    const compressed = buf.readUInt32LE(at + 20);
    const size = buf.readUInt32LE(at + 24);
    const nameLen = buf.readUInt16LE(at + 28);
    const extraLen = buf.readUInt16LE(at + 30);
    const commentLen = buf.readUInt16LE(at + 32);
    const name = buf.toString('utf8', at + 46, at + 46 + nameLen);
    entries.push({ name, compressed, size });
    at += 46 + nameLen + extraLen + commentLen;
  }
  return { fileSize: buf.length, entries };
}
