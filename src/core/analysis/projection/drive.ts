/**
 * Runs a projection job in time slices, yielding to the event loop between them (so a worker can read
 * a cancel message) and handing out a frame at most every `frameMs` plus the first and the last.
 */
import type { ProjectionFrame, ProjectionJob } from './job';

export interface DriveOptions {
  /** Work between two yields (default 40 ms). */
  sliceMs?: number;
  /** Least time between two intermediate frames (default 250 ms). */
  frameMs?: number;
  /** Stops the job at the next slice; the promise rejects with an AbortError. */
  signal?: AbortSignal;
  onFrame?(frame: ProjectionFrame): void;
  now?(): number;
}

/** Thrown when a projection is stopped before its end. */
export class ProjectionCancelled extends Error {
  constructor() { super('The projection was cancelled.'); this.name = 'AbortError'; }
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Drives `job` to its end; resolves with the final frame. */
export async function driveProjection(job: ProjectionJob, options: DriveOptions = {}): Promise<ProjectionFrame> {
  const now = options.now ?? (() => performance.now());
  const sliceMs = options.sliceMs ?? 40;
  const frameMs = options.frameMs ?? 250;
  options.onFrame?.(job.frame());
  let lastFrame = now();
  for (;;) {
    if (options.signal?.aborted) throw new ProjectionCancelled();
    const started = now();
    let more = true;
    do { more = job.step(); } while (more && now() - started < sliceMs);
    if (!more) break;
    if (now() - lastFrame >= frameMs) { options.onFrame?.(job.frame()); lastFrame = now(); }
    await nextTurn();
  }
  const last = job.frame();
  options.onFrame?.(last);
  return last;
}
