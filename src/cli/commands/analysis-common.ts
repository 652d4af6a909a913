/** Shared pieces of the analysis subcommands: option parsing, finding the run, plain-text tables. */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { listRuns, loadRun, RunLoadError } from '../../core/run/load';
import type { LoadedRun } from '../../core/run/types';
import { createAnalysisIndex, type AnalysisIndex } from '../../core/analysis/analysis-index';
import { cliRunsDir } from '../runs-folder';

type Options = NonNullable<ParseArgsConfig['options']>;

/** A usage error: printed with the command's help, exit code 2. */
export class UsageError extends Error {}

/** Parses argv with node:util's parseArgs (strict), adding --runs, --json and --help. */
export function parseCommandArgs<O extends Options>(args: string[], options: O) {
  return parseArgs({
    args, allowPositionals: true, strict: true,
    options: { ...options, runs: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
  });
}

/** Parses a positive integer option, or the default. */
export function intOption(value: string | boolean | undefined, name: string, fallback: number, min = 1): number {
  if (value === undefined || typeof value === 'boolean') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new UsageError(`--${name} must be a whole number of at least ${min}, not '${value}'.`);
  return n;
}

/** A run folder path, or the id of a run in `runsDir`; undefined when `arg` names neither. */
export function runDirOf(arg: string, runsDir: string, cwd = process.cwd()): string | undefined {
  if (existsSync(join(resolve(cwd, arg), 'run.json'))) return resolve(cwd, arg);
  const byId = join(runsDir, arg);
  return existsSync(join(byId, 'run.json')) ? byId : undefined;
}

/**
 * Splits positionals into the run and the rest: with `needed + 1` positionals the first is RUN;
 * with `needed` the newest run in `runsDir` is used.
 */
export async function resolveRun(positionals: string[], needed: number, runsDir: string): Promise<{ run: LoadedRun; rest: string[] }> {
  if (positionals.length === needed + 1) {
    const dir = runDirOf(positionals[0], runsDir);
    if (!dir) throw new UsageError(`'${positionals[0]}' is not a run folder or the id of a run in ${runsDir}.`);
    return { run: await loadRun(dir), rest: positionals.slice(1) };
  }
  if (positionals.length !== needed) {
    throw new UsageError(`Expected ${needed === 0 ? 'at most RUN' : `[RUN] and ${needed} argument${needed > 1 ? 's' : ''}`}, got ${positionals.length} (quote queries with spaces).`);
  }
  return { run: await loadNewest(runsDir), rest: positionals };
}

/** Loads the newest readable run of `runsDir` (a damaged one, e.g. a cut rows.bin, is skipped with a warning). */
export async function loadNewest(runsDir: string): Promise<LoadedRun> {
  for (const entry of await listRuns(runsDir)) {
    if (!entry.manifest) continue;
    try {
      return await loadRun(entry.dir);
    } catch (err) {
      if (!(err instanceof RunLoadError)) throw err;
      console.error(`collab: skipping ${entry.id}: ${err.message}`);
    }
  }
  throw new Error(`No runs in ${runsDir}: train one with \`collab train FILE\` in this folder, or give RUN or --runs DIR.`);
}

/** Loads the run (RUN, else the newest in the runs folder `--runs` names) and builds its analysis index. */
export async function indexFor(positionals: string[], needed: number, runs: string | undefined): Promise<{ index: AnalysisIndex; rest: string[] }> {
  const { run, rest } = await resolveRun(positionals, needed, cliRunsDir(runs));
  return { index: createAnalysisIndex(run), rest };
}

/** Runs a command body, turning usage errors into help text and exit code 2. */
export async function runCommand(help: string, body: () => Promise<number>): Promise<number> {
  try {
    return await body();
  } catch (err) {
    if (err instanceof UsageError || (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      console.error(`${(err as Error).message}\n\n${help}`);
      return 2;
    }
    throw err;
  }
}

/** Prints machine output. */
export function printJson(value: unknown): void {
  console.log(JSON.stringify(value, null, 1));
}

const MAX_CELL = 48;

/** Plain-text table: columns padded, numbers right-aligned, long labels cut with an ellipsis. */
export function formatTable(headers: string[], rows: (string | number | null | undefined)[][], digits: (number | undefined)[] = []): string {
  const cells = rows.map((row) => row.map((v, c) => {
    // Missing statistics (undefined, NaN, or null after a trip through JSON) print as blanks.
    if (v === undefined || v === null || (typeof v === 'number' && !Number.isFinite(v))) return '';
    if (typeof v === 'number') return Number.isInteger(v) && digits[c] === undefined ? String(v) : v.toFixed(digits[c] ?? 3);
    return v.length > MAX_CELL ? `${v.slice(0, MAX_CELL - 1)}…` : v;
  }));
  const numeric = headers.map((_, c) => rows.every((row) => typeof row[c] === 'number' || row[c] == null));
  const widths = headers.map((h, c) => Math.max(h.length, ...cells.map((row) => row[c].length)));
  const line = (row: string[]) => row.map((v, c) => (numeric[c] ? v.padStart(widths[c]) : v.padEnd(widths[c]))).join('  ').trimEnd();
  return [line(headers), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)].join('\n');
}
