/**
 * Reading saved sweeps back: one tune.json, checked before anything trusts it (the Runs view, the
 * tuning panel and `collab tune --resume` all read through here), and the list of a tunes folder.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { TEMP_PREFIX } from '../run/id';
import { TUNE_METRICS } from './metric';
import { TUNE_FILE, type TuneManifest } from './save';

/** A folder that does not hold a readable sweep, with a reason a person can act on. */
export class TuneLoadError extends Error {
  override name = 'TuneLoadError';
  constructor(readonly dir: string, message: string) {
    super(message);
  }
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** What is wrong with one saved result, or undefined. */
function resultProblem(r: unknown, k: number): string | undefined {
  if (!isObject(r)) return `results[${k}] is not an object`;
  if (!Number.isInteger(r.index) || (r.index as number) < 0) return `results[${k}] has no index`;
  if (!isObject(r.params) || !isObject(r.config) || !isObject(r.metrics)) return `results[${k}] lacks its params, config or metrics`;
  if (!isNumber(r.seconds)) return `results[${k}] has no time`;
  return undefined;
}

/** The first thing wrong with a parsed tune.json, or undefined when it is sound. */
function manifestProblem(m: Json): string | undefined {
  if (m.version !== 1) return `its format version ${JSON.stringify(m.version)} is not one this Collab reads`;
  if (typeof m.id !== 'string' || typeof m.createdAt !== 'string') return 'it has no id or date';
  if (!isObject(m.source) || typeof m.source.file !== 'string') return 'it names no source file';
  if (!isObject(m.space) || typeof m.space.spec !== 'string' || !Number.isInteger(m.space.count)) return 'its search space is missing';
  if (!(TUNE_METRICS as readonly unknown[]).includes(m.metric)) return `its metric ${JSON.stringify(m.metric)} is unknown`;
  if (!Number.isInteger(m.folds) || !isNumber(m.seconds)) return 'its folds or time are missing';
  if (m.end !== 'done' && m.end !== 'budget' && m.end !== 'cancelled') return 'it does not say how it ended';
  if (!Array.isArray(m.results)) return 'its results are missing';
  // Written since sweeps can be resumed; optional, but when present they must be what a resume expects.
  if (m.base !== undefined && !isObject(m.base)) return 'its base options are not an object';
  if (m.seed !== undefined && !Number.isInteger(m.seed)) return 'its seed is not a whole number';
  if (m.ranking !== undefined && typeof m.ranking !== 'boolean') return 'its ranking flag is not true or false';
  if (m.rows !== undefined && !(isObject(m.rows) && Number.isInteger(m.rows.train) && Number.isInteger(m.rows.valid))) return 'its row counts are damaged';
  if (m.resumed !== undefined && !Array.isArray(m.resumed)) return 'its list of resumes is not a list';
  for (let k = 0; k < m.results.length; k++) {
    const problem = resultProblem(m.results[k], k);
    if (problem) return problem;
  }
  return undefined;
}

/** Parses and checks tune.json's text. */
export function parseTuneManifest(dir: string, text: string): TuneManifest {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new TuneLoadError(dir, `The sweep in ${dir} is damaged: ${TUNE_FILE} is not valid JSON (${(error as Error).message}).`);
  }
  if (!isObject(parsed)) throw new TuneLoadError(dir, `${dir} does not hold a Collab sweep.`);
  const problem = manifestProblem(parsed);
  if (problem) throw new TuneLoadError(dir, `The sweep in ${dir} cannot be read: ${problem}.`);
  return parsed as unknown as TuneManifest;
}

/** The sweep saved in `dir`. */
export async function readTune(dir: string): Promise<TuneManifest> {
  let text: string;
  try {
    text = await readFile(join(dir, TUNE_FILE), 'utf8');
  } catch {
    throw new TuneLoadError(dir, `${dir} holds no ${TUNE_FILE}.`);
  }
  return parseTuneManifest(dir, text);
}

/** One entry of a tunes folder: a readable sweep, or the reason it is not. */
export type TuneListing = { dir: string; manifest: TuneManifest } | { dir: string; error: string };

/** Every sweep in `tunesDir`, newest first (unfinished temp folders skipped; a missing folder is empty). */
export async function listTunes(tunesDir: string): Promise<TuneListing[]> {
  let names: string[];
  try {
    names = await readdir(tunesDir);
  } catch {
    return [];
  }
  const listings: (TuneListing & { time: number })[] = [];
  for (const name of names) {
    if (name.startsWith(TEMP_PREFIX)) continue;
    const dir = join(tunesDir, name);
    const info = await stat(dir).catch(() => undefined);
    if (!info?.isDirectory()) continue;
    try {
      const manifest = await readTune(dir);
      listings.push({ dir, manifest, time: Date.parse(manifest.createdAt) || info.mtimeMs });
    } catch (error) {
      listings.push({ dir, error: (error as Error).message, time: info.mtimeMs });
    }
  }
  return listings.sort((a, b) => b.time - a.time).map(({ time: _time, ...listing }) => listing);
}
