import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { crc32, isSafeEntryName, readZipEntries, readZipEntry } from '../../../src/extension/download/zip-reader';
import { buildZip } from './zip-fixture';

test('crc32 matches the standard check value', () => {
  assert.equal(crc32(Buffer.from('123456789')), 0xcbf43926);
  assert.equal(crc32(new Uint8Array(0)), 0);
});

test('reads stored and deflated entries back byte for byte', () => {
  const text = 'user\titem\trating\n'.repeat(500);
  const binary = randomBytes(3000);
  const zip = buildZip([
    { name: 'dir/', data: '', method: 0 },
    { name: 'dir/a.tsv', data: text, method: 8 },
    { name: 'dir/b.bin', data: binary, method: 0 },
    { name: 'dir/Café.txt', data: 'é', method: 8 },
  ]);
  const entries = readZipEntries(zip);
  assert.deepEqual(entries.map((e) => e.name), ['dir/', 'dir/a.tsv', 'dir/b.bin', 'dir/Café.txt']);
  assert.equal(entries[0].isDirectory, true);
  assert.ok(entries[1].compressedSize < entries[1].size, 'deflate actually compressed');
  assert.equal(Buffer.from(readZipEntry(zip, entries[1])).toString('utf8'), text);
  assert.deepEqual(Buffer.from(readZipEntry(zip, entries[2])), binary);
  assert.equal(Buffer.from(readZipEntry(zip, entries[3])).toString('utf8'), 'é');
});

test('a corrupted byte is caught by the CRC (stored) or by inflate/CRC (deflated)', () => {
  const zip = buildZip([{ name: 'x.txt', data: 'hello world, hello zip', method: 0 }]);
  const entry = readZipEntries(zip)[0];
  const damaged = Buffer.from(zip);
  damaged[30 + 'x.txt'.length + 3] ^= 0xff;
  assert.throws(() => readZipEntry(damaged, entry), /CRC-32/);
});

test('a truncated archive or a non-zip is refused with a clear message', () => {
  const zip = buildZip([{ name: 'a.txt', data: 'a'.repeat(1000) }]);
  assert.throws(() => readZipEntries(zip.subarray(0, zip.length - 10)), /not a zip|end-of-central-directory/i);
  assert.throws(() => readZipEntries(Buffer.from('just text, not a zip at all.....')), /not a zip/i);
});

test('unsafe entry names are recognised', () => {
  for (const bad of ['../evil', 'a/../../b', '/etc/passwd', 'C:\\x', '\\\\server\\x', '']) assert.equal(isSafeEntryName(bad), false, bad);
  for (const good of ['ml-100k/u.data', 'a/b/c.txt', 'a..b']) assert.equal(isSafeEntryName(good), true, good);
});
