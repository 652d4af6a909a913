/** Builds small zip archives in memory for tests (stored or deflated entries, like MovieLens' zip). */
import { deflateRawSync } from 'node:zlib';
import { crc32 } from '../../../src/extension/download/zip-reader';

export interface FixtureEntry {
  name: string;
  data: Uint8Array | string;
  method?: 0 | 8;
}

/** A valid zip holding `entries` (directories when the name ends with '/'). */
export function buildZip(entries: FixtureEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8');
    const raw = typeof e.data === 'string' ? Buffer.from(e.data, 'utf8') : Buffer.from(e.data);
    const method = e.method ?? 8;
    const body = method === 8 ? deflateRawSync(raw) : raw;
    const crc = crc32(raw);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(raw.length, 22);
    local.writeUInt16LE(name.length, 26);
    locals.push(local, name, body);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(raw.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);
    offset += local.length + name.length + body.length;
  }
  const cd = Buffer.concat(centrals);
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(entries.length, 8);
  eocd.writeUInt16LE(entries.length, 10);
  eocd.writeUInt32LE(cd.length, 12);
  eocd.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, eocd]);
}

/** A tiny MovieLens-100K-shaped archive: ml-100k/ with u.data, u.item and a README. */
export function movieLensLikeZip(): Buffer {
  const data = ['196\t242\t3\t881250949', '186\t302\t3\t891717742', '22\t377\t1\t878887116'].join('\n') + '\n';
  const items = Buffer.from('242|Kolya (1996)|24-Jan-1997||http://x|0|0\n302|L.A. Confidential (1997)|01-Jan-1997||http://y|0|0\n377|Heavyweights (1994)|01-Jan-1994||http://z|0|1\n', 'latin1');
  return buildZip([
    { name: 'ml-100k/', data: '', method: 0 },
    { name: 'ml-100k/u.data', data, method: 8 },
    { name: 'ml-100k/u.item', data: items, method: 8 },
    { name: 'ml-100k/README', data: 'SUMMARY & USAGE LICENSE\n', method: 0 },
  ]);
}
