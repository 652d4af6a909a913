/**
 * Reading a Spark MLlib ALSModel folder as `ALSModel.save` writes it (ALSModelWriter):
 *   metadata/part-00000        one JSON line: class, sparkVersion, paramMap, ..., rank
 *   userFactors/, itemFactors/ Parquet part-*.parquet files (id: int32, features: list<float>),
 *                              snappy by default, with _SUCCESS and Hadoop .<name>.crc files beside
 * plus what `collab spark-job` writes: collab/{user,item}_ids/part-*.csv (index,id) for ids that
 * were StringIndexed. Every file is checked (its .crc when present, Parquet's own structure, the
 * factor widths, NaN) before anything is returned, so a bad folder imports nothing.
 */
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { asyncBufferFromFile, parquetMetadata, parquetMetadataAsync, parquetRead } from 'hyparquet';
import { SPARK_MAPPINGS } from '../spark/job-script';
import { verifyHadoopCrc } from '../io/hadoop-crc';
import type { ImportedSide } from './import-parse';
import type { Side } from './embeddings';

/** The sub-folders that make a folder an ALSModel. */
export const SPARK_MODEL_PARTS = ['metadata', 'userFactors', 'itemFactors'] as const;

/** True when dir holds metadata/, userFactors/ and itemFactors/ (ALSModel.save's layout). */
export function isSparkModelDir(dir: string): boolean {
  return SPARK_MODEL_PARTS.every((part) => existsSync(join(dir, part)));
}

/** One factors table: ids in file order and their vectors, row-major. */
export interface SparkFactors { ids: Int32Array; vectors: Float32Array }

/** The metadata JSON's fields Collab uses. */
export interface SparkAlsMetadata { rank: number; sparkVersion?: string; uid?: string }

/** A file's bytes, checked against its Hadoop .crc sidecar when there is one. */
async function readChecked(dir: string, name: string): Promise<Uint8Array> {
  const bytes = new Uint8Array(await readFile(join(dir, name)));
  const crcPath = join(dir, `.${name}.crc`);
  if (existsSync(crcPath)) verifyHadoopCrc(bytes, new Uint8Array(await readFile(crcPath)), join(dir, name));
  return bytes;
}

/** The data files of a Spark output folder, refusing one whose write did not finish. */
async function partFiles(dir: string, what: string, pattern: RegExp): Promise<string[]> {
  const names = await readdir(dir);
  if (!names.includes('_SUCCESS')) {
    throw new Error(`${what} has no _SUCCESS file: Spark's write did not finish (or was copied in part), so it is not imported.`);
  }
  const parts = names.filter((n) => pattern.test(n)).sort();
  if (parts.length === 0) throw new Error(`${what} has no part files (${pattern.source}).`);
  return parts;
}

/** Reads metadata/part-* (one JSON line) and checks it is an ALSModel's. */
export async function readSparkMetadata(modelDir: string): Promise<SparkAlsMetadata> {
  const dir = join(modelDir, 'metadata');
  const [first] = await partFiles(dir, `${dir}`, /^part-\d+/);
  const line = new TextDecoder().decode(await readChecked(dir, first)).split('\n').find((l) => l.trim() !== '');
  let json: Record<string, unknown>;
  try {
    json = JSON.parse(line ?? '') as Record<string, unknown>;
  } catch {
    throw new Error(`${join(dir, first)} is not the JSON line Spark writes for a model's metadata.`);
  }
  const cls = String(json.class ?? '');
  if (!cls.endsWith('ALSModel')) throw new Error(`${modelDir} holds a ${cls || 'model of unknown class'}, not an ALSModel.`);
  const rank = json.rank;
  if (typeof rank !== 'number' || !Number.isInteger(rank) || rank < 1) throw new Error(`${join(dir, first)} has no valid rank (${String(rank)}).`);
  return { rank, sparkVersion: typeof json.sparkVersion === 'string' ? json.sparkVersion : undefined, uid: typeof json.uid === 'string' ? json.uid : undefined };
}

/**
 * Reads one factors folder (userFactors or itemFactors): every part, in name order, straight into
 * one pair of arrays sized from the parts' footers (no per-part copies: 1M x 100 is 400 MB).
 */
export async function readSparkFactors(dir: string, rank: number): Promise<SparkFactors> {
  const parts = await partFiles(dir, dir, /^part-.*\.parquet$/);
  const counts: number[] = [];
  for (const name of parts) {
    try {
      counts.push(Number((await parquetMetadataAsync(await asyncBufferFromFile(join(dir, name)))).num_rows));
    } catch (error) {
      await readChecked(dir, name); // its .crc, when there is one, says more precisely what is wrong
      throw new Error(`${join(dir, name)} is not a readable Parquet file (truncated or corrupt?): ${(error as Error).message}`);
    }
  }
  const n = counts.reduce((a, b) => a + b, 0);
  const out: SparkFactors = { ids: new Int32Array(n), vectors: new Float32Array(n * rank) };
  let at = 0;
  for (const [k, name] of parts.entries()) {
    await readFactorsPart(join(dir, name), await readChecked(dir, name), rank, out, at, counts[k]);
    at += counts[k];
  }
  return out;
}

async function readFactorsPart(path: string, bytes: Uint8Array, rank: number, out: SparkFactors, at: number, expected: number): Promise<void> {
  const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  try {
    const meta = parquetMetadata(file);
    const names = meta.schema.map((s) => s.name);
    if (!names.includes('id') || !names.includes('features')) {
      throw new Error(`its columns are ${names.slice(1).join(', ')}; an ALS factors file has id and features`);
    }
    if (Number(meta.num_rows) !== expected) throw new Error(`it changed while being read (${meta.num_rows} rows, ${expected} before)`);
  } catch (error) {
    throw new Error(`${path} is not a readable Parquet file of ALS factors: ${(error as Error).message}`);
  }
  const ids = out.ids.subarray(at, at + expected);
  const vectors = out.vectors.subarray(at * rank, (at + expected) * rank);
  let badWidth: string | undefined;
  try {
    await parquetRead({
      file, columns: ['id', 'features'], utf8: false,
      onChunk: ({ columnName, columnData, rowStart }) => {
        if (columnName === 'id') { ids.set(columnData as ArrayLike<number>, rowStart); return; }
        const lists = columnData as ArrayLike<ArrayLike<number> | null>;
        for (let r = 0; r < lists.length; r++) {
          const v = lists[r];
          if (!v || v.length !== rank) { badWidth ??= `row ${rowStart + r} has ${v ? v.length : 'no'} factors, the model's rank is ${rank}`; continue; }
          vectors.set(v, (rowStart + r) * rank);
        }
      },
    });
  } catch (error) {
    const message = (error as Error).message;
    // Spark's default codec is snappy; gzip, zstd, lz4 (spark.sql.parquet.compression.codec) need more decompressors.
    if (/codec|compression/i.test(message)) throw new Error(`${path} uses a Parquet compression Collab does not read (${message}); save the model with snappy, Spark's default.`);
    throw new Error(`${path} could not be read (truncated or corrupt Parquet?): ${message}`);
  }
  if (badWidth) throw new Error(`${path}: ${badWidth}.`);
}

/** Reads collab/<side>_ids/part-*.csv (index,id) into index -> id, or undefined when the job wrote none. */
export async function readSparkMapping(modelDir: string, sub: string): Promise<Map<number, string> | undefined> {
  const dir = join(modelDir, sub);
  if (!existsSync(dir)) return undefined;
  const map = new Map<number, string>();
  for (const name of await partFiles(dir, dir, /^part-.*\.csv$/)) {
    const text = new TextDecoder().decode(await readChecked(dir, name));
    const records = parse(text, { columns: true, skip_empty_lines: true, relax_column_count: false }) as Record<string, string>[];
    for (const rec of records) {
      const index = Number(rec.index);
      if (!Number.isInteger(index) || rec.id === undefined) throw new Error(`${join(dir, name)}: expected columns index,id; found ${Object.keys(rec).join(',')}.`);
      map.set(index, rec.id);
    }
  }
  return map;
}

/** Builds one imported side: rows sorted by id, labelled through the mapping (or by the id itself). */
function sideOf(f: SparkFactors, rank: number, mapping: Map<number, string> | undefined, what: string): ImportedSide {
  const order = Array.from(f.ids.keys()).sort((a, b) => f.ids[a] - f.ids[b]);
  const labels: string[] = [];
  const vectors = new Float32Array(f.vectors.length);
  for (const [row, src] of order.entries()) {
    const id = f.ids[src];
    if (row > 0 && id === f.ids[order[row - 1]]) throw new Error(`${what}: id ${id} appears twice.`);
    const label = mapping ? mapping.get(id) : String(id);
    if (label === undefined) throw new Error(`${what}: id ${id} has no entry in the id mapping (${mapping!.size} entries): the mapping and the factors do not match.`);
    labels.push(label);
    const v = f.vectors.subarray(src * rank, (src + 1) * rank);
    for (const x of v) if (!Number.isFinite(x)) throw new Error(`${what}: the factors of id ${id} hold NaN or infinity.`);
    vectors.set(v, row * rank);
  }
  return { labels, dim: rank, vectors };
}

/** An external model read into imported sides, and the line run.json's `engine` records. */
export interface ExternalModel { sides: Partial<Record<Side, ImportedSide>>; engine: string }

/** Reads a whole ALSModel folder into user and item sides (no biases: ALS has none). */
export async function readSparkModel(modelDir: string): Promise<ExternalModel> {
  const meta = await readSparkMetadata(modelDir);
  const users = await readSparkFactors(join(modelDir, 'userFactors'), meta.rank);
  const items = await readSparkFactors(join(modelDir, 'itemFactors'), meta.rank);
  return {
    sides: {
      users: sideOf(users, meta.rank, await readSparkMapping(modelDir, SPARK_MAPPINGS.users), `${modelDir}/userFactors`),
      items: sideOf(items, meta.rank, await readSparkMapping(modelDir, SPARK_MAPPINGS.items), `${modelDir}/itemFactors`),
    },
    engine: `Spark ALS, rank ${meta.rank}${meta.sparkVersion ? `, Spark ${meta.sparkVersion}` : ''}`,
  };
}
