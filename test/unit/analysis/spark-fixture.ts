/**
 * Writes an ALSModel folder in Spark's layout (ALSModelWriter + Hadoop's local file system):
 * metadata/part-00000 (one JSON line), userFactors/ and itemFactors/ as snappy Parquet parts named
 * like Spark's (part-0000N-<uuid>-c000.snappy.parquet), each with a .crc sidecar, and _SUCCESS
 * (with its empty file's .crc); optionally collab/{user,item}_ids/ CSV mappings as the job writes.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { hadoopCrc } from '../../../src/core/io/hadoop-crc';

/** Spark's schema for Dataset[(Int, Array[Float])].toDF("id", "features"): a standard 3-level LIST. */
const FACTORS_SCHEMA = [
  { name: 'spark_schema', num_children: 2 },
  { name: 'id', type: 'INT32' as const, repetition_type: 'REQUIRED' as const },
  { name: 'features', repetition_type: 'OPTIONAL' as const, num_children: 1, converted_type: 'LIST' as const },
  { name: 'list', repetition_type: 'REPEATED' as const, num_children: 1 },
  { name: 'element', type: 'FLOAT' as const, repetition_type: 'REQUIRED' as const },
];

const UUID = '8f3c2a51-7d4e-4b1a-9c0e-2f6d5b8a1e37';

/** Writes a file and its Hadoop .crc sidecar, as Spark does on a local file system. */
export function writeWithCrc(dir: string, name: string, data: Uint8Array | string): void {
  const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data;
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, name), bytes);
  writeFileSync(join(dir, `.${name}.crc`), hadoopCrc(bytes));
}

/** One factors table: ids (any order) and their rank-wide vectors. */
export interface FixtureFactors { ids: number[]; vectors: number[][] }

/** Writes a factors folder split into `parts` Parquet files (several row groups each). */
export function writeFactorsDir(dir: string, f: FixtureFactors, parts: number, gzip = false): string[] {
  const names: string[] = [];
  const per = Math.ceil(f.ids.length / parts);
  for (let p = 0; p < parts; p++) {
    const ids = f.ids.slice(p * per, (p + 1) * per);
    const vectors = f.vectors.slice(p * per, (p + 1) * per);
    const bytes = parquetWriteBuffer({
      schema: FACTORS_SCHEMA, codec: gzip ? 'GZIP' : 'SNAPPY', compressors: { GZIP: (b: Uint8Array) => new Uint8Array(gzipSync(b)) }, rowGroupSize: Math.max(1, Math.ceil(ids.length / 2)),
      columnData: [{ name: 'id', data: Int32Array.from(ids) }, { name: 'features', data: vectors }],
      kvMetadata: [{ key: 'org.apache.spark.version', value: '3.5.1' }], createdBy: 'parquet-mr version 1.13.1 (build db4183109d5b734ec5930d870cdae161e408ddba)',
    });
    const name = `part-${String(p).padStart(5, '0')}-${UUID}-c000.snappy.parquet`;
    writeWithCrc(dir, name, new Uint8Array(bytes));
    names.push(name);
  }
  writeWithCrc(dir, '_SUCCESS', '');
  return names;
}

/** The metadata JSON line DefaultParamsWriter writes for an ALSModel, with `rank` added. */
export function metadataLine(rank: number, cls = 'org.apache.spark.ml.recommendation.ALSModel'): string {
  return JSON.stringify({
    class: cls, timestamp: 1733500000000, sparkVersion: '3.5.1', uid: 'ALS_5f2b7c1d9e0a',
    paramMap: { userCol: 'user', itemCol: 'item', predictionCol: 'prediction', coldStartStrategy: 'drop', blockSize: 4096 },
    defaultParamMap: { userCol: 'user', itemCol: 'item', predictionCol: 'prediction', coldStartStrategy: 'nan', blockSize: 4096 },
    rank,
  });
}

/** A whole ALSModel folder; mappings (index -> id) like the job's StringIndexer output when given. */
export function writeSparkModel(dir: string, options: {
  rank: number; users: FixtureFactors; items: FixtureFactors; userIds?: string[]; itemIds?: string[]; parts?: number;
}): void {
  writeWithCrc(join(dir, 'metadata'), 'part-00000', metadataLine(options.rank) + '\n');
  writeWithCrc(join(dir, 'metadata'), '_SUCCESS', '');
  writeFactorsDir(join(dir, 'userFactors'), options.users, options.parts ?? 3);
  writeFactorsDir(join(dir, 'itemFactors'), options.items, options.parts ?? 2);
  for (const [sub, ids] of [['collab/user_ids', options.userIds], ['collab/item_ids', options.itemIds]] as const) {
    if (!ids) continue;
    const csv = ['index,id', ...ids.map((id, i) => `${i},${/[",\n]/.test(id) ? `"${id.replace(/"/g, '""')}"` : id}`)].join('\n') + '\n';
    writeWithCrc(join(dir, sub), `part-00000-${UUID}-c000.csv`, csv);
    writeWithCrc(join(dir, sub), '_SUCCESS', '');
  }
}
