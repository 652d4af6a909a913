/**
 * Temporary run folders (`<runsDir>/.tmp-<id>/`): who is writing one, and removing those whose
 * writer is gone (a cancelled, killed or crashed trainer leaves one behind; never a half run).
 */
import { hostname } from 'node:os';
import { join } from 'node:path';
import { readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { TEMP_PREFIX } from './id';

/** File inside a temporary folder naming its writer (`<pid> <host>`); removed before the rename. */
export const WRITER_FILE = '.writer';

/** A temporary folder whose writer cannot be identified is considered dead after this long. */
const ORPHAN_AGE_MS = 10 * 60 * 1000;
/** Whatever the writer, nothing takes a day to save. */
const MAX_AGE_MS = 24 * 60 * 60 * 1000;

/** Marks `tempDir` as being written by this process. */
export async function claimTemp(tempDir: string): Promise<void> {
  await writeFile(join(tempDir, WRITER_FILE), `${process.pid} ${hostname()}\n`);
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** True when a temporary folder's writer has certainly stopped (or it is too old to matter). */
async function isStale(tempDir: string, now: number): Promise<boolean> {
  let ageMs: number;
  try {
    ageMs = now - (await stat(tempDir)).mtimeMs;
  } catch {
    return false; // gone already
  }
  if (ageMs > MAX_AGE_MS) return true;
  let writer: string;
  try {
    writer = await readFile(join(tempDir, WRITER_FILE), 'utf8');
  } catch {
    return ageMs > ORPHAN_AGE_MS;
  }
  const [pidText, host] = writer.trim().split(' ');
  const pid = Number(pidText);
  if (host !== hostname() || !Number.isInteger(pid) || pid <= 0) return ageMs > ORPHAN_AGE_MS;
  return !processAlive(pid);
}

/** Removes stale temporary run folders in `runsDir`; returns the names removed. Never throws. */
export async function cleanStaleTemps(runsDir: string, now = Date.now()): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(runsDir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names.filter((n) => n.startsWith(TEMP_PREFIX))) {
    const dir = join(runsDir, name);
    if (await isStale(dir, now)) {
      try {
        await rm(dir, { recursive: true, force: true });
        removed.push(name);
      } catch {
        // Best effort: a folder we cannot remove now is retried next time.
      }
    }
  }
  return removed;
}
