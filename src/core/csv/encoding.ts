/** Text encoding detection and decoding: UTF-8 (with or without BOM), else Windows-1252 or Latin-1. */
import type { FileFormat } from '../data/types';

/** An encoding the CSV reader decodes. */
export type TextEncoding = FileFormat['encoding'];

/** The encoding decision for a sample of bytes, with a reason to show. */
export interface EncodingGuess {
  encoding: TextEncoding;
  bom: boolean;
  reason: string;
}

/**
 * Windows-1252 characters of bytes 0x80-0x9F (the rest of the code page is Latin-1). The five bytes
 * it leaves undefined keep their C1 code, as the WHATWG decoder does. A table rather than
 * `TextDecoder('windows-1252')`: Node 20 with ICU decodes that label as plain Latin-1.
 */
const CP1252_HIGH = '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f'
  + '\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';
const C1 = /[\u0080-\u009f]/g;

/** Decodes bytes [start, end) of `bytes` in a file's encoding (the one place that knows Windows-1252). */
export function decodeBytes(bytes: Uint8Array, encoding: TextEncoding, start = 0, end = bytes.length): string {
  // Buffer's decoders are the fast ones; the loader's rows are Buffers already (no copy, no view object).
  const buf = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (encoding !== 'windows1252') return buf.toString(encoding, start, end);
  return fromLatin1(buf.toString('latin1', start, end));
}

/** Re-reads text decoded as Latin-1 as Windows-1252 (only 0x80-0x9F differ). */
export function fromLatin1(text: string): string {
  return text.replace(C1, (c) => CP1252_HIGH[c.charCodeAt(0) - 0x80]);
}

/** Human name of an encoding ("UTF-8", "Latin-1", "Windows-1252"). */
export function encodingName(encoding: TextEncoding): string {
  return encoding === 'utf8' ? 'UTF-8' : encoding === 'latin1' ? 'Latin-1' : 'Windows-1252';
}

/** 'utf16le' / 'utf16be' when `bytes` start with a UTF-16 byte order mark (Excel's "Unicode text"). */
export function utf16Bom(bytes: Uint8Array): 'utf16le' | 'utf16be' | undefined {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf16le';
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf16be';
  return undefined;
}

/** True when `bytes` start with the UTF-8 byte order mark EF BB BF. */
export function hasUtf8Bom(bytes: Uint8Array): boolean {
  return bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
}

/**
 * Index of the first byte that breaks UTF-8, or -1 when all is valid. A sequence cut off by the
 * end of a sample (`truncated`) is not counted as invalid.
 */
export function firstInvalidUtf8(bytes: Uint8Array, truncated: boolean): number {
  const n = bytes.length;
  let i = 0;
  while (i < n) {
    const b = bytes[i];
    if (b < 0x80) { i++; continue; }
    const extra = b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xf0 && b <= 0xf4 ? 3 : -1;
    if (extra < 0) return i;
    if (i + extra >= n) return truncated ? -1 : i;
    for (let k = 1; k <= extra; k++) if ((bytes[i + k] & 0xc0) !== 0x80) return i;
    // Overlong 3- and 4-byte forms and surrogates.
    if (b === 0xe0 && bytes[i + 1] < 0xa0) return i;
    if (b === 0xed && bytes[i + 1] >= 0xa0) return i;
    if (b === 0xf0 && bytes[i + 1] < 0x90) return i;
    if (b === 0xf4 && bytes[i + 1] >= 0x90) return i;
    i += extra + 1;
  }
  return -1;
}

/** Decides the encoding of a file from its first bytes (`truncated` when the file goes on). */
export function detectEncoding(bytes: Uint8Array, truncated: boolean): EncodingGuess {
  if (hasUtf8Bom(bytes)) return { encoding: 'utf8', bom: true, reason: 'starts with a UTF-8 byte order mark' };
  const bad = firstInvalidUtf8(bytes, truncated);
  if (bad >= 0) {
    const why = `byte 0x${hex(bytes[bad])} at offset ${bad} is not valid UTF-8`;
    const c1 = bytes.findIndex((b) => b >= 0x80 && b <= 0x9f);
    if (c1 >= 0) {
      return { encoding: 'windows1252', bom: false, reason: `${why}; byte 0x${hex(bytes[c1])} at offset ${c1} is in 0x80-0x9F, `
        + 'which Latin-1 leaves to control codes, so Windows-1252 (Excel\'s Western European encoding)' };
    }
    return { encoding: 'latin1', bom: false, reason: `${why}, so Latin-1 (no byte in 0x80-0x9F)` };
  }
  let ascii = true;
  for (let i = 0; i < bytes.length && ascii; i++) ascii = bytes[i] < 0x80;
  return { encoding: 'utf8', bom: false, reason: ascii ? 'plain ASCII (read as UTF-8)' : 'valid UTF-8' };
}

function hex(byte: number): string {
  return byte.toString(16).toUpperCase().padStart(2, '0');
}
