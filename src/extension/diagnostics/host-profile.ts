/**
 * For the real-VS-Code tests only (COLLAB_HOST_PROFILE_DIR set): profiles the extension host's
 * thread with the inspector's sampling CPU profiler and writes one .cpuprofile per interval, so the
 * e2e harness can measure the longest stretch the host spent inside Collab's own code (the event
 * loop's delays alone mix in VS Code's work and the OS scheduling other processes). Off otherwise.
 */
import { rename, writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector';
import { join } from 'node:path';
import type * as vscode from 'vscode';

const INTERVAL_MS = 10_000;
/** Sampling interval of the profiler, in microseconds. */
const SAMPLING_US = 500;

export function profileHost(log: vscode.LogOutputChannel, dir = process.env.COLLAB_HOST_PROFILE_DIR): vscode.Disposable {
  if (!dir) return { dispose: () => undefined };
  const session = new Session();
  session.connect();
  const post = (method: string, params?: object): Promise<unknown> =>
    new Promise((resolve, reject) => session.post(method, params, (error, result) => (error ? reject(error) : resolve(result))));
  let chunk = 0;
  let stopped = false;
  const start = async (): Promise<void> => {
    await post('Profiler.enable');
    await post('Profiler.setSamplingInterval', { interval: SAMPLING_US });
    await post('Profiler.start');
  };
  /** Stops the profiler, writes what it recorded, starts it again (unless disposing). */
  const rotate = async (again: boolean): Promise<void> => {
    const { profile } = await post('Profiler.stop') as { profile: unknown };
    const file = join(dir, `host-${process.pid}-${String(chunk++).padStart(3, '0')}.cpuprofile`);
    if (again) await post('Profiler.start');
    // Written beside, then renamed: a host killed mid-write leaves no half profile.
    await writeFile(`${file}.tmp`, JSON.stringify(profile));
    await rename(`${file}.tmp`, file);
  };
  let queue = start().catch((error: Error) => log.warn(`Host profile: ${error.message}`));
  const timer = setInterval(() => {
    queue = queue.then(() => (stopped ? undefined : rotate(true))).catch((error: Error) => log.warn(`Host profile: ${error.message}`));
  }, INTERVAL_MS);
  timer.unref();
  return {
    dispose: () => {
      stopped = true;
      clearInterval(timer);
      queue = queue.then(() => rotate(false)).catch(() => undefined).finally(() => session.disconnect());
    },
  };
}
