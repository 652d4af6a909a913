// Which Parquet reader imports a Spark ALSModel's factors: reads an itemFactors folder of N items x K
// factors (Spark's layout: P snappy part files, id int32 + features list<float>), written here with
// hyparquet-writer, with each candidate in its own process, and reports seconds and peak RSS.
//   node bench/parquet-read.mjs [--items 1000000] [--factors 100] [--parts 10] [--readers a,b,c]
// Readers: collab (Collab's import path: hyparquet column chunks into one Float32Array, with the
// .crc check), hyparquet-objects (hyparquet's parquetReadObjects, row objects), parquetjs
// (@dsnp/parquetjs row cursor), parquet-wasm (Arrow IPC into apache-arrow, then copied out).
// The last two are not dependencies: `npm install --no-save @dsnp/parquetjs parquet-wasm apache-arrow`
// first, or leave them out of --readers. Writes bench/results/parquet-read.json.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir, cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import * as esbuild from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({ options: {
  items: { type: 'string' }, factors: { type: 'string' }, parts: { type: 'string' }, readers: { type: 'string' },
  child: { type: 'string' }, dir: { type: 'string' }, bundle: { type: 'string' },
} });
const rank = Number(values.factors ?? 100);

/** Collab's core reader, bundled from TypeScript into a temporary CommonJS file. */
async function bundleCore(out) {
  await esbuild.build({
    stdin: { contents: "export * from './src/core/analysis/import-spark'; export * from './src/core/io/hadoop-crc';", resolveDir: root, loader: 'ts' },
    bundle: true, platform: 'node', format: 'cjs', target: 'node20', outfile: out, logLevel: 'warning', nodePaths: [join(root, 'node_modules')],
  });
}

const parts = (dir) => readdirSync(dir).filter((n) => n.startsWith('part-') && n.endsWith('.parquet')).sort().map((n) => join(dir, n));

/** One reader in this (child) process: returns rows and a checksum of the factors read. */
async function readWith(reader, dir, bundle) {
  let rows = 0;
  let sum = 0;
  const take = (v) => { rows++; sum += v[0] + v[v.length - 1]; };
  if (reader === 'collab') {
    const core = createRequire(import.meta.url)(bundle);
    const f = await core.readSparkFactors(dir, rank);
    for (let r = 0; r < f.ids.length; r++) take(f.vectors.subarray(r * rank, (r + 1) * rank));
  } else if (reader === 'hyparquet-objects') {
    const { parquetReadObjects } = await import('hyparquet');
    for (const p of parts(dir)) {
      const b = readFileSync(p);
      for (const row of await parquetReadObjects({ file: b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) })) take(row.features);
    }
  } else if (reader === 'parquetjs') {
    const { ParquetReader } = createRequire(import.meta.url)('@dsnp/parquetjs');
    for (const p of parts(dir)) {
      const r = await ParquetReader.openFile(p);
      const cursor = r.getCursor();
      for (let row = await cursor.next(); row; row = await cursor.next()) take(row.features.list.map((e) => e.element));
      await r.close();
    }
  } else if (reader === 'parquet-wasm') {
    const wasm = createRequire(import.meta.url)('parquet-wasm/node');
    const arrow = createRequire(import.meta.url)('apache-arrow');
    for (const p of parts(dir)) {
      const table = arrow.tableFromIPC(wasm.readParquet(readFileSync(p)).intoIPCStream());
      // The flat float buffer of each record batch, as Collab would use it (no per-row arrays).
      for (const data of table.getChild('features').data) {
        const values = data.children[0].values;
        const offsets = data.valueOffsets;
        for (let r = 0; r < data.length; r++) take(values.subarray(offsets[r], offsets[r + 1]));
      }
    }
  } else throw new Error(`unknown reader ${reader}`);
  return { rows, checksum: sum };
}

if (values.child) {
  const start = process.hrtime.bigint();
  const result = await readWith(values.child, values.dir, values.bundle);
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  console.log(JSON.stringify({ ...result, seconds, peakRssMb: process.resourceUsage().maxRSS / 1024 }));
  process.exit(0);
}

const nItems = Number(values.items ?? 1_000_000);
const nParts = Number(values.parts ?? 10);
const readers = (values.readers ?? 'collab,hyparquet-objects,parquetjs,parquet-wasm').split(',');
const work = join(tmpdir(), `collab-bench-parquet-${nItems}x${rank}x${nParts}`);
const dir = join(work, 'itemFactors');

if (!existsSync(join(dir, '_SUCCESS'))) {
  rmSync(work, { recursive: true, force: true });
  const { parquetWriteBuffer } = await import('hyparquet-writer');
  const bundle = join(work, 'core.cjs');
  await bundleCore(bundle);
  const { hadoopCrc } = createRequire(import.meta.url)(bundle);
  mkdirSync(dir, { recursive: true });
  const schema = [
    { name: 'spark_schema', num_children: 2 }, { name: 'id', type: 'INT32', repetition_type: 'REQUIRED' },
    { name: 'features', repetition_type: 'OPTIONAL', num_children: 1, converted_type: 'LIST' },
    { name: 'list', repetition_type: 'REPEATED', num_children: 1 }, { name: 'element', type: 'FLOAT', repetition_type: 'REQUIRED' },
  ];
  let seed = 7;
  const random = () => { seed = (seed * 1664525 + 1013904223) >>> 0; return seed / 4294967296 - 0.5; };
  const per = Math.ceil(nItems / nParts);
  for (let p = 0; p < nParts; p++) {
    const n = Math.min(per, nItems - p * per);
    const ids = Int32Array.from({ length: n }, (_, i) => p * per + i);
    const features = Array.from({ length: n }, () => Array.from({ length: rank }, () => Math.fround(random())));
    // Spark's default Parquet row group is 128 MB; rowGroupSize here gives groups of about that size.
    const bytes = new Uint8Array(parquetWriteBuffer({ schema, codec: 'SNAPPY', rowGroupSize: Math.ceil(128e6 / (rank * 4)), columnData: [{ name: 'id', data: ids }, { name: 'features', data: features }] }));
    const name = `part-${String(p).padStart(5, '0')}-bench-c000.snappy.parquet`;
    writeFileSync(join(dir, name), bytes);
    writeFileSync(join(dir, `.${name}.crc`), hadoopCrc(bytes));
    process.stdout.write(`wrote ${name} (${(bytes.length / 1e6).toFixed(1)} MB)\n`);
  }
  writeFileSync(join(dir, '_SUCCESS'), '');
}
const bundle = join(work, 'core.cjs');
if (!existsSync(bundle)) await bundleCore(bundle);
const bytesOnDisk = parts(dir).reduce((s, p) => s + statSync(p).size, 0);

const results = [];
for (const reader of readers) {
  const run = spawnSync(process.execPath, ['--max-old-space-size=8192', fileURLToPath(import.meta.url), '--child', reader, '--dir', dir, '--bundle', bundle, '--factors', String(rank)],
    { encoding: 'utf8', maxBuffer: 1 << 24 });
  const line = run.stdout.trim().split('\n').pop();
  const result = run.status === 0 ? JSON.parse(line) : { error: (run.stderr || run.stdout).trim().split('\n').slice(-3).join(' ') };
  results.push({ reader, ...result });
  console.log(reader.padEnd(18), result.error ?? `${result.seconds.toFixed(2)} s, peak RSS ${Math.round(result.peakRssMb)} MB, ${result.rows} rows`);
}
const report = {
  date: new Date().toISOString(), node: process.version, cpus: cpus().length, items: nItems, factors: rank, parts: nParts,
  megabytesOnDisk: Math.round(bytesOnDisk / 1e5) / 10, results,
  note: 'Each reader in its own process; peak RSS is the process maximum (Node baseline ~45 MB). Checksums must agree.',
};
mkdirSync(join(root, 'bench', 'results'), { recursive: true });
writeFileSync(join(root, 'bench', 'results', 'parquet-read.json'), JSON.stringify(report, null, 1) + '\n');
console.log(`${nItems} x ${rank} in ${nParts} parts, ${report.megabytesOnDisk} MB on disk; bench/results/parquet-read.json`);
