/**
 * A 100 MB file on a single line (no newline): loading must fail fast with a DataError naming
 * line 1, and memory must stay bounded. The load runs in a forked child so its peak RSS is its own.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fork } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadRatings } from '../../../src/core/csv/load';
import { DataError } from '../../../src/core/csv/errors';

const CHILD_ENV = 'COLLAB_HUGE_LINE_FILE';
const MB = 1024 * 1024;
/** Generous: Node's own baseline is ~50 MB; a loader that holds the line as a string needs 100+ MB more. */
const MAX_PEAK_RSS_MB = 400;

interface ChildReport { ok: boolean; name?: string; code?: string; message?: string; line?: number; seconds: number; peakRssMb: number }

/** Child side: load the file, report the outcome and the peak RSS. */
async function child(file: string): Promise<void> {
  const started = performance.now();
  const report: ChildReport = { ok: false, seconds: 0, peakRssMb: 0 };
  try {
    await loadRatings(file, {});
    report.ok = true;
  } catch (err) {
    report.name = err instanceof Error ? err.name : typeof err;
    report.message = err instanceof Error ? err.message : String(err);
    if (err instanceof DataError) {
      report.code = err.code;
      report.line = err.location?.line;
    }
  }
  report.seconds = (performance.now() - started) / 1000;
  report.peakRssMb = process.resourceUsage().maxRSS / 1024;
  process.send?.(report, () => process.exit(0));
}

/** Writes `pattern` repeated to `bytes` bytes, in chunks (the parent never holds the whole file). */
function writeRepeated(file: string, pattern: string, bytes: number): void {
  const chunk = Buffer.from(pattern.repeat(Math.ceil(MB / pattern.length)).slice(0, MB));
  const fd = openSync(file, 'w');
  try {
    for (let written = 0; written < bytes; written += chunk.length) writeSync(fd, chunk, 0, Math.min(chunk.length, bytes - written));
  } finally {
    closeSync(fd);
  }
}

function runChild(file: string): Promise<ChildReport> {
  return new Promise((resolve, reject) => {
    const proc = fork(__filename, [], { env: { ...process.env, [CHILD_ENV]: file }, execArgv: ['--enable-source-maps'] });
    const timer = setTimeout(() => { proc.kill('SIGKILL'); reject(new Error('loading a 100 MB line did not finish within 90 s')); }, 90_000);
    proc.once('message', (m) => { clearTimeout(timer); resolve(m as ChildReport); });
    proc.once('exit', (code) => { clearTimeout(timer); reject(new Error(`child exited (${code}) without a report`)); });
  });
}

if (process.env[CHILD_ENV]) {
  void child(process.env[CHILD_ENV]);
} else {
  const dir = mkdtempSync(join(tmpdir(), 'collab-huge-'));
  test.after(() => rmSync(dir, { recursive: true, force: true }));

  for (const [name, pattern] of [['many fields', '1,10,4,'], ['one field', 'abcdefghij'], ['an open quote', '"x,1,2\t']] as const) {
    test(`a 100 MB single line (${name}) fails fast with a DataError naming line 1, memory bounded`, async () => {
      const file = join(dir, `huge-${name.replace(/ /g, '-')}.csv`);
      writeRepeated(file, pattern, 100 * MB);
      const report = await runChild(file);
      rmSync(file, { force: true });
      console.log(`  ${name}: ${report.seconds.toFixed(2)} s, peak RSS ${report.peakRssMb.toFixed(0)} MB, ${report.code}: ${report.message?.slice(0, 160)}`);
      assert.equal(report.ok, false, 'a 100 MB line is not a ratings file');
      assert.equal(report.name, 'DataError', `typed error, got ${report.name}: ${report.message}`);
      assert.equal(report.line, 1, `names line 1: ${report.message}`);
      assert.ok((report.message ?? '').length < 600, 'short message');
      assert.ok(report.peakRssMb < MAX_PEAK_RSS_MB, `peak RSS ${report.peakRssMb.toFixed(0)} MB < ${MAX_PEAK_RSS_MB} MB`);
    });
  }
}
