/** Text encoding detection: UTF-8 (with or without BOM), else Latin-1. */

/** The encoding decision for a sample of bytes, with a reason to show. */
export interface EncodingGuess {
  encoding: 'utf8' | 'latin1';
  bom: boolean;
  reason: string;
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
    const hex = bytes[bad].toString(16).toUpperCase().padStart(2, '0');
    return { encoding: 'latin1', bom: false, reason: `byte 0x${hex} at offset ${bad} is not valid UTF-8, so Latin-1` };
  }
  let ascii = true;
  for (let i = 0; i < bytes.length && ascii; i++) ascii = bytes[i] < 0x80;
  return { encoding: 'utf8', bom: false, reason: ascii ? 'plain ASCII (read as UTF-8)' : 'valid UTF-8' };
}
