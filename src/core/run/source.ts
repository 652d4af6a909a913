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

/** What a run recorded about its source file. */
export interface RecordedSource extends FileStamp {
  path: string;
  sha256: string;
}

/** Thrown when a run's source file is gone or differs from the one the run was trained on. */
export class SourceChangedError extends Error {
  readonly code = 'source-changed';
  constructor(readonly file: string, readonly reason: string) {
    super(`${file} ${reason} since this run was trained on it, so its rows are no longer where the run says; train the model again on it`);
    this.name = 'SourceChangedError';
  }
}

/**
 * Throws SourceChangedError unless `recorded.path` still has the recorded size and modification
 * time and the recorded SHA-256: `hashMatches` says whether it does (by default the file is hashed;
 * the run service hashes a file once per run and remembers). Returns the stamp it checked.
 */
export async function checkSourceUnchanged(recorded: RecordedSource,
  hashMatches: () => Promise<boolean> = async () => await sha256File(recorded.path) === recorded.sha256): Promise<FileStamp> {
  let now: FileStamp;
  try {
    now = await fileStamp(recorded.path);
  } catch {
    throw new SourceChangedError(recorded.path, 'was moved or deleted');
  }
  if (now.size !== recorded.size) throw new SourceChangedError(recorded.path, `changed size (${recorded.size} bytes, now ${now.size})`);
  if (now.mtimeMs !== recorded.mtimeMs) throw new SourceChangedError(recorded.path, 'was modified');
  // Runs whose hash failed during training recorded '' (see trainer/job.ts): size and time are all there is.
  if (recorded.sha256 && !await hashMatches()) {
    throw new SourceChangedError(recorded.path, 'has different contents');
  }
  return now;
}
