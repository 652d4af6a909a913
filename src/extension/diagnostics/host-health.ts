/**
 * Watches the extension host's event loop while Collab is active: every interval, the worst delay
 * and the 99th percentile (perf_hooks' histogram, native and cheap) go to the Output channel at
 * Trace level, so a person who finds VS Code sluggish can see whether the host was blocked. When
 * COLLAB_HOST_HEALTH_DIR names a folder (the e2e harness sets it), the samples also go to
 * `host-health-<pid>.json` there (one file per extension host: a window reload starts a new one):
 * that is how the real-VS-Code tests measure "the extension host never blocks more than 50 ms".
 */
import { rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type * as vscode from 'vscode';

/** One interval's figures, in milliseconds. */
export interface HostHealthSample {
  at: string;
  maxMs: number;
  p99Ms: number;
}

const INTERVAL_MS = 10_000;
/** Samples kept for the file (about an hour). */
const KEPT_SAMPLES = 360;

export function watchHostHealth(log: vscode.LogOutputChannel, dir = process.env.COLLAB_HOST_HEALTH_DIR): vscode.Disposable {
  const file = dir ? join(dir, `host-health-${process.pid}.json`) : undefined;
  const histogram = monitorEventLoopDelay({ resolution: 10 });
  histogram.enable();
  const samples: HostHealthSample[] = [];
  let writing = Promise.resolve();
  const sample = (): void => {
    const round = (ns: number): number => Math.round(ns / 1e5) / 10;
    const entry = { at: new Date().toISOString(), maxMs: round(histogram.max), p99Ms: round(histogram.percentile(99)) };
    histogram.reset();
    samples.push(entry);
    if (samples.length > KEPT_SAMPLES) samples.shift();
    log.trace(`extension host event loop over ${INTERVAL_MS / 1000} s: worst delay ${entry.maxMs} ms, p99 ${entry.p99Ms} ms`);
    if (file) {
      const worstMs = Math.max(...samples.map((s) => s.maxMs));
      const text = `${JSON.stringify({ pid: process.pid, intervalMs: INTERVAL_MS, resolutionMs: 10, worstMs, samples }, null, 1)}\n`;
      // Written beside, then renamed: a reader (or a host killed mid-write) never sees half a file.
      writing = writing.then(() => writeFile(`${file}.tmp`, text)).then(() => rename(`${file}.tmp`, file)).catch(() => undefined);
    }
  };
  const timer = setInterval(sample, INTERVAL_MS);
  timer.unref();
  return {
    dispose: () => {
      clearInterval(timer);
      sample();
      histogram.disable();
    },
  };
}
