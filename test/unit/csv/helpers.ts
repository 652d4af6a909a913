/** Helpers of the CSV tests: temporary files (each test writes the files it reads) and a load as comparable data. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import { loadRatings, type LoadOptions, type LoadResult } from '../../../src/core/csv/load';
import type { LoadReport } from '../../../src/core/csv/types';

/** A fresh temporary folder, removed when the test file finishes. */
export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'collab-csv-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Writes `content` to `dir/name` and returns the path. */
export function writeTemp(dir: string, name: string, content: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

/**
 * A load's result as plain data (typed arrays as arrays, the report's `ignored` fields left out), or
 * its error: what two ways of loading one file (parsers, thread counts) must agree on.
 */
export async function loadOutcome(path: string, options: LoadOptions, ignored: (keyof LoadReport)[]): Promise<unknown> {
  let result: LoadResult;
  try {
    result = await loadRatings(path, options);
  } catch (err) {
    return { error: (err as Error).message, code: (err as { code?: string }).code, location: (err as { location?: unknown }).location };
  }
  const { table, report, lineOffsets } = result;
  const plain = (o: object): unknown => Object.fromEntries(Object.entries(o).map(([k, v]) =>
    [k, ArrayBuffer.isView(v) ? Array.from(v as Int32Array) : v]));
  return {
    table: plain(table), report: { ...report, ...Object.fromEntries(ignored.map((k) => [k, undefined])) },
    offsets: Array.from(lineOffsets.offsets), headerLine: lineOffsets.headerLine,
  };
}
