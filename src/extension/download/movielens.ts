/**
 * MovieLens 100K on request: download the official zip, verify its MD5 (as published by GroupLens
 * in ml-100k.zip.md5) and layout, and unpack it into a folder of the workspace. No VS Code here.
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { downloadToFile, type DownloadOptions } from './http-download';
import { isSafeEntryName, readZipEntries, readZipEntry } from './zip-reader';

/** What the official archive is: its checksum, its top folder and the files we need from it. */
export const MOVIELENS_100K = {
  md5: '0e33842e24a9c977be4e0107933c0723',
  folder: 'ml-100k',
  ratingsFile: 'u.data',
  itemsFile: 'u.item',
  /** The real archive is about 4.9 MB; anything far larger is not it. */
  maxBytes: 32 * 1024 * 1024,
} as const;

export interface FetchMovieLensOptions extends Pick<DownloadOptions, 'signal' | 'onProgress'> {
  url: string;
  /** Folder that receives `ml-100k/` (the workspace root). */
  destDir: string;
  /** Checked when set (the official URL); a mirror may repackage, so callers may skip it. */
  expectedMd5?: string;
}

export interface FetchedMovieLens {
  folder: string;
  ratingsFile: string;
  itemsFile: string;
  files: string[];
  md5: string;
  bytes: number;
}

/** Downloads, verifies and unpacks MovieLens 100K into `<destDir>/ml-100k/`; refuses to overwrite it. */
export async function fetchMovieLens100k(options: FetchMovieLensOptions): Promise<FetchedMovieLens> {
  const target = join(options.destDir, MOVIELENS_100K.folder);
  if (existsSync(target)) throw new Error(`${target} already exists; delete or rename it to download again.`);
  const nonce = randomBytes(4).toString('hex');
  const zipPath = join(options.destDir, `.ml-100k-${nonce}.zip`);
  const staging = join(options.destDir, `.ml-100k-${nonce}.tmp`);
  try {
    const download = await downloadToFile(options.url, zipPath, {
      maxBytes: MOVIELENS_100K.maxBytes, signal: options.signal, onProgress: options.onProgress,
    });
    if (options.expectedMd5 && download.md5 !== options.expectedMd5.toLowerCase()) {
      throw new Error(`The downloaded file's MD5 is ${download.md5}, not the published ${options.expectedMd5}: `
        + 'the download is corrupt or not MovieLens 100K.');
    }
    const files = await unpackMovieLens(await readFile(zipPath), staging);
    await rename(join(staging, MOVIELENS_100K.folder), target);
    return {
      folder: target,
      ratingsFile: join(target, MOVIELENS_100K.ratingsFile),
      itemsFile: join(target, MOVIELENS_100K.itemsFile),
      files: files.map((f) => join(options.destDir, f)),
      md5: download.md5,
      bytes: download.bytes,
    };
  } finally {
    await rm(zipPath, { force: true });
    await rm(staging, { recursive: true, force: true });
  }
}

/**
 * Checks the archive holds `ml-100k/u.data` and `ml-100k/u.item`, then writes every file under
 * `ml-100k/` into `outDir`; returns their relative paths.
 */
export async function unpackMovieLens(zip: Uint8Array, outDir: string): Promise<string[]> {
  const entries = readZipEntries(zip);
  const prefix = `${MOVIELENS_100K.folder}/`;
  const names = new Set(entries.map((e) => e.name));
  const missing = [MOVIELENS_100K.ratingsFile, MOVIELENS_100K.itemsFile].filter((f) => !names.has(prefix + f));
  if (missing.length > 0) {
    throw new Error(`The archive is not MovieLens 100K: it lacks ${missing.map((f) => prefix + f).join(' and ')}.`);
  }
  const written: string[] = [];
  for (const entry of entries) {
    if (entry.isDirectory || !entry.name.startsWith(prefix)) continue;
    if (!isSafeEntryName(entry.name)) throw new Error(`The archive has an unsafe path: ${entry.name}`);
    const data = readZipEntry(zip, entry);
    const out = join(outDir, entry.name);
    await mkdir(dirname(out), { recursive: true });
    await writeFile(out, data);
    written.push(entry.name);
  }
  return written;
}
