/** The fingerprint of a run's source file: size, modification time and SHA-256 of its bytes. */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';

/** Size and modification time, to tell whether a file changed since a run read it. */
export interface FileStamp {
  size: number;
  mtimeMs: number;
}

/** The size and modification time of `path` now. */
export async function fileStamp(path: string): Promise<FileStamp> {
  const s = await stat(path);
  return { size: s.size, mtimeMs: s.mtimeMs };
}

/** True when two stamps describe the same file contents (as far as size and time can tell). */
export function sameStamp(a: FileStamp, b: FileStamp): boolean {
  return a.size === b.size && a.mtimeMs === b.mtimeMs;
}

/** Hex SHA-256 of a file's bytes, streamed (no whole-file buffer). */
export async function sha256File(path: string, signal?: AbortSignal): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20, signal })) {
    hash.update(chunk as Buffer);
  }
  return hash.digest('hex');
}
