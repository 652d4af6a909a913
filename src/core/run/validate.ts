/** Checks that a parsed run.json is a manifest this version of Collab can read. */
import { RUN_FORMAT_VERSION, type EpochMetrics, type RunManifest, type TensorEntry } from './types';
import { shapeSize } from './binary';
import { historyProblem } from './history';

/** Why a run cannot be read: no run folder, damaged files, not Collab's, or written by a newer Collab. */
export type RunProblem = 'missing' | 'damaged' | 'foreign' | 'future';

/** A run folder that cannot be read, with a message that says what to do. */
export class RunLoadError extends Error {
  constructor(readonly dir: string, readonly problem: RunProblem, message: string) {
    super(message);
    this.name = 'RunLoadError';
  }
}

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const isCount = (v: unknown): v is number => Number.isInteger(v) && (v as number) >= 0;
const isStringArray = (v: unknown): v is string[] => Array.isArray(v) && v.every((s) => typeof s === 'string');

function checkTensor(t: unknown, k: number): string | undefined {
  if (!isObject(t)) return `tensors[${k}] is not an object`;
  if (typeof t.name !== 'string' || !t.name) return `tensors[${k}] has no name`;
  if (!Array.isArray(t.shape) || !t.shape.every(isCount)) return `tensor '${t.name}' has an invalid shape`;
  if (!isCount(t.offset) || t.offset % 4 !== 0) return `tensor '${t.name}' has an invalid offset`;
  return undefined;
}

/** The first thing wrong with the manifest's structure, or undefined when it is sound. */
function structureProblem(m: Json): string | undefined {
  if (typeof m.id !== 'string') return 'it has no id';
  if (m.origin !== 'trained' && m.origin !== 'imported') return 'its origin is neither trained nor imported';
  if (!isObject(m.vocab) || !isStringArray(m.vocab.users) || !isStringArray(m.vocab.items)) return 'its vocabularies are missing';
  if (!Array.isArray(m.tensors)) return 'its tensor list is missing';
  for (let k = 0; k < m.tensors.length; k++) {
    const problem = checkTensor(m.tensors[k], k);
    if (problem) return problem;
  }
  if (!Array.isArray(m.metrics)) return 'its metrics are missing';
  if (m.checksums !== undefined && (!isObject(m.checksums) || typeof m.checksums.weights !== 'string')) return 'its checksums are malformed';
  if (m.origin === 'trained' && !isObject(m.config)) return 'it has no training config';
  if (m.split !== undefined) return recordedSplitProblem(m.split);
  return undefined;
}

const isOptional = (v: unknown, ok: (v: unknown) => boolean): boolean => v === undefined || ok(v);
const isNumber = (v: unknown): boolean => typeof v === 'number' && Number.isFinite(v);

/** What is wrong with a recorded split's shape (its values are checked when it is rebuilt), or undefined. */
function recordedSplitProblem(split: unknown): string | undefined {
  if (!isObject(split) || typeof split.kind !== 'string' || !isNumber(split.seed)) return 'its split is malformed';
  for (const key of ['validPct', 'holdout', 'folds', 'fold'] as const) {
    if (!isOptional(split[key], isNumber)) return `its split's ${key} is not a number`;
  }
  if (!isOptional(split.file, (v) => typeof v === 'string') || !isOptional(split.description, (v) => typeof v === 'string')) {
    return 'its split is malformed';
  }
  return undefined;
}

/** True when a recorded items-file layout can be used as is (paths, a delimiter, column numbers). */
function isItemsLayout(v: unknown): boolean {
  if (!isObject(v) || typeof v.path !== 'string' || !isObject(v.format) || !isObject(v.mapping)) return false;
  const { format, mapping } = v;
  return typeof format.delimiter === 'string' && format.delimiter !== '' && typeof format.hasHeader === 'boolean'
    && typeof format.encoding === 'string' && isCount(mapping.item) && isCount(mapping.title);
}

/** Shapes must agree with the vocabularies and the config; returns the first disagreement. */
function shapeProblem(m: RunManifest): string | undefined {
  const nUsers = m.vocab.users.length;
  const nItems = m.vocab.items.length;
  const names = new Set<string>();
  for (const t of m.tensors) {
    if (names.has(t.name)) return `tensor '${t.name}' is listed twice`;
    names.add(t.name);
    // Tables keyed by user or item have one row per vocabulary entry.
    if (t.name.startsWith('user') && t.shape[0] !== nUsers) return `tensor '${t.name}' has ${t.shape[0]} rows for ${nUsers} users`;
    if (t.name.startsWith('item') && t.shape[0] !== nItems) return `tensor '${t.name}' has ${t.shape[0]} rows for ${nItems} items`;
  }
  const config = m.config;
  if (config?.model === 'dot') {
    for (const name of ['userWeight', 'itemWeight', 'userBias', 'itemBias']) {
      if (!names.has(name)) return `the dot model has no '${name}' tensor`;
    }
    const factors = m.tensors.find((t) => t.name === 'itemWeight')?.shape[1];
    if (factors !== config.factors) return `itemWeight has ${factors} factors, the config says ${config.factors}`;
  } else if (config?.model === 'nn') {
    for (const name of ['userEmbedding', 'itemEmbedding']) {
      if (!names.has(name)) return `the NN model has no '${name}' tensor`;
    }
  }
  const s = m.stats;
  const lengthIs = (v: unknown, n: number): boolean => Array.isArray(v) && v.length === n;
  if (s && !(lengthIs(s.userCount, nUsers) && lengthIs(s.userMean, nUsers) && lengthIs(s.itemCount, nItems) && lengthIs(s.itemMean, nItems))) {
    return 'its statistics do not match its vocabularies';
  }
  return undefined;
}

/** The number of bytes weights.bin must have, or a problem when tensors overlap. */
export function weightsBytes(tensors: readonly TensorEntry[]): number | string {
  const spans = tensors.map((t) => ({ name: t.name, start: t.offset, end: t.offset + shapeSize(t.shape) * 4 }))
    .sort((a, b) => a.start - b.start);
  let end = 0;
  for (const s of spans) {
    if (s.start < end) return `tensor '${s.name}' overlaps the one before it`;
    end = s.end;
  }
  return end;
}

/** Parses and validates run.json's text; throws RunLoadError with a reason a person can act on. */
export function parseManifest(dir: string, text: string): RunManifest {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new RunLoadError(dir, 'damaged', `The run in ${dir} is damaged: run.json is not valid JSON (${(err as Error).message}). Train again or delete the folder.`);
  }
  if (!isObject(parsed) || !('version' in parsed)) {
    throw new RunLoadError(dir, 'foreign', `${dir} does not hold a Collab run: its run.json has no format version.`);
  }
  const version = parsed.version;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    throw new RunLoadError(dir, 'foreign', `${dir} does not hold a Collab run: format version ${JSON.stringify(version)} is unknown.`);
  }
  if (version > RUN_FORMAT_VERSION) {
    throw new RunLoadError(dir, 'future', `The run in ${dir} was saved by a newer Collab (run format ${version}; this one reads up to ${RUN_FORMAT_VERSION}). Update Collab to open it.`);
  }
  const problem = structureProblem(parsed) ?? shapeProblem(parsed as unknown as RunManifest);
  if (problem) throw new RunLoadError(dir, 'damaged', `The run in ${dir} is damaged: ${problem}.`);
  const manifest = parsed as unknown as RunManifest;
  // The batch history only draws a curve: a malformed one is dropped, the run stays usable.
  if (manifest.history !== undefined && historyProblem(manifest.history)) delete manifest.history;
  // So is the items file's recorded layout: without it the hover sniffs the file, as for older runs.
  if (manifest.source?.items !== undefined && !isItemsLayout(manifest.source.items)) delete manifest.source.items;
  // JSON has no NaN (an empty validation split's metrics): it was written as null, read it back as NaN.
  manifest.metrics = manifest.metrics.map((m) => Object.fromEntries(
    Object.entries(m).map(([k, v]) => [k, v === null ? Number.NaN : v])) as unknown as EpochMetrics);
  return manifest;
}
