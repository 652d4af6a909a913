/**
 * Rows by byte offset at MovieLens 25M's size (issue 18): a generated 25M-row ratings.csv (sorted by
 * user, as ML-25M's; item 1 with 80,000 ratings spread over the whole file), then
 *   - what recording the line checkpoints costs the loader's read (the fast splitter with and without),
 *   - lines.bin's size and write time beside the rest of a run (rows.bin) and beside per-row offsets,
 *   - reading item 1's 80,000 rows: the reader alone for several checkpoint spacings, and the run
 *     service end to end through its worker thread (first call hashes the file, later calls do not).
 * Run through bench/source-rows.mjs; prints one JSON line. The file is written to --dir and removed
 * unless --keep.   node out/bench/source-rows.js [--rows 25000000] [--dir /tmp/collab-bench-rows]
 */
import { createWriteStream, mkdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { loadavg } from 'node:os';
import { readFast } from '../src/core/csv/read';
import { CHECKPOINT_EVERY, CheckpointRecorder, type LineCheckpoints } from '../src/core/csv/line-offsets';
import { readLineByScan, readRowsAt } from '../src/core/csv/row-reader';
import { saveRun } from '../src/core/run/save';
import { sha256File } from '../src/core/run/source';
import { RUN_FILES } from '../src/core/run/types';
import { RunServiceClient } from '../src/run-service/client';
import type { FileFormat } from '../src/core/data/types';

function option(args: string[], name: string, fallback: string): string {
  const at = args.indexOf(`--${name}`);
  return at >= 0 && at + 1 < args.length ? args[at + 1] : fallback;
}

const args = process.argv.slice(2);
const ROWS = Number(option(args, 'rows', '25000000'));
const HOT = Number(option(args, 'hot', '80000'));
const dir = option(args, 'dir', '/tmp/collab-bench-rows');
const file = join(dir, 'ratings.csv');
const log = (m: string): void => { process.stderr.write(`${m}\n`); };
const seconds = (t0: number): number => (performance.now() - t0) / 1000;
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Writes the ratings file through a buffered stream; returns item 1's lines (1-based). */
async function writeRatings(): Promise<Int32Array> {
  mkdirSync(dir, { recursive: true });
  const out = createWriteStream(file, { highWaterMark: 1 << 22 });
  const hot = new Int32Array(HOT);
  let nHot = 0;
  const every = ROWS / HOT;
  let x = 12345;
  const rand = (): number => { x = (Math.imul(x, 1103515245) + 12345) >>> 0; return x / 4294967296; };
  const perUser = 154;
  let chunk = 'userId,movieId,rating,timestamp\n';
  for (let r = 0; r < ROWS; r++) {
    const isHot = nHot < HOT && r >= Math.floor(nHot * every);
    const item = isHot ? 1 : 2 + Math.floor(rand() * 59000);
    if (isHot) hot[nHot++] = r + 2;
    chunk += `${1 + Math.floor(r / perUser)},${item},${(1 + Math.floor(rand() * 10) / 2).toFixed(1)},${1100000000 + Math.floor(rand() * 4e8)}\n`;
    if (chunk.length > 1 << 20) {
      if (!out.write(chunk)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
      chunk = '';
    }
  }
  out.end(chunk);
  await new Promise<void>((resolve) => out.on('finish', () => resolve()));
  return hot;
}

const FORMAT: FileFormat = { delimiter: ',', hasHeader: true, encoding: 'utf8', bom: false, lineEnding: 'lf', quoted: false };

/** One pass of the loader's fast splitter (rows ignored); with a recorder when `every` is given. */
async function splitPass(every?: number): Promise<{ seconds: number; rows: number; table?: LineCheckpoints }> {
  const recorder = every ? new CheckpointRecorder('lf', every) : undefined;
  const t0 = performance.now();
  let rows = 0;
  await readFast(file, FORMAT, 4, () => { rows++; }, () => undefined, undefined, recorder);
  return { seconds: seconds(t0), rows, table: recorder?.finish(1) };
}

/** A table of spacing `every` taken from a finer one (same offsets, fewer of them). */
function coarser(table: LineCheckpoints, every: number): LineCheckpoints {
  const step = every / table.every;
  return { ...table, every, offsets: table.offsets.filter((_, k) => k % step === 0) };
}

async function main(): Promise<void> {
  let t0 = performance.now();
  const hot = await writeRatings();
  const size = statSync(file).size;
  log(`wrote ${file}: ${(size / 1e6).toFixed(0)} MB in ${seconds(t0).toFixed(1)} s`);

  // The loader's read, with and without checkpoints (alternating, best of 3 each).
  const plain: number[] = [], recorded: number[] = [];
  let fine: LineCheckpoints | undefined;
  for (let k = 0; k < 3; k++) {
    plain.push((await splitPass()).seconds);
    const pass = await splitPass(64);
    recorded.push(pass.seconds);
    fine = pass.table;
  }
  log(`split: ${Math.min(...plain).toFixed(2)} s plain, ${Math.min(...recorded).toFixed(2)} s recording checkpoints`);

  // Reading the hot item's rows by spacing: rounds over all spacings, so a busy moment hits each alike.
  const SPACINGS = [64, 256, 1024, 4096];
  const times = new Map<number, number[]>(SPACINGS.map((e) => [e, []]));
  for (let round = 0; round < 7; round++) {
    for (const every of SPACINGS) {
      const table = coarser(fine!, every);
      t0 = performance.now();
      const rows = await readRowsAt(file, table, hot, { encoding: 'utf8', quoted: false });
      times.get(every)!.push(seconds(t0));
      if (rows.length !== HOT || !rows[0].text.includes(',1,')) throw new Error(`read ${rows.length} rows; first ${rows[0]?.text}`);
    }
  }
  const spacings: Record<string, { tableBytes: number; minSeconds: number; medianSeconds: number }> = {};
  for (const every of SPACINGS) {
    const t = times.get(every)!;
    const tableBytes = coarser(fine!, every).offsets.length * 8;
    spacings[every] = { tableBytes, minSeconds: Math.min(...t), medianSeconds: median(t) };
    log(`every ${every}: ${(tableBytes / 1e6).toFixed(2)} MB table, ${t.map((x) => x.toFixed(3)).join(' ')} s`);
  }

  // Go to Line on a bad row: no run yet, so the line is found by scanning from the start (the last line: the worst case).
  t0 = performance.now();
  const lastLine = await readLineByScan(file, ROWS + 1);
  const goToLastLineSeconds = seconds(t0);
  if (!lastLine?.includes(',')) throw new Error(`last line ${lastLine}`);
  log(`go to line ${ROWS + 1} by scan: ${goToLastLineSeconds.toFixed(2)} s`);

  // A saved run around the file (one hot item, one item and one user holding the rest): the real rows.bin size.
  const table = coarser(fine!, CHECKPOINT_EVERY);
  const isHot = new Uint8Array(ROWS + 2);
  for (const line of hot) isHot[line] = 1;
  const other = new Int32Array(ROWS - HOT);
  for (let line = 2, o = 0; line < ROWS + 2; line++) if (!isHot[line]) other[o++] = line;
  const allLines = Int32Array.from({ length: ROWS }, (_, k) => k + 2);
  const s = statSync(file);
  const runsDir = join(dir, 'runs');
  t0 = performance.now();
  const sha256 = await sha256File(file);
  const hashSeconds = seconds(t0);
  const common = {
    id: 'bench-rows',
    manifest: {
      createdAt: new Date().toISOString(), origin: 'trained' as const,
      source: { path: file, size: s.size, mtimeMs: s.mtimeMs, sha256, format: FORMAT, mapping: { user: 0, item: 1, rating: 2, timestamp: 3 } },
      vocab: { users: ['#na#', 'all'], items: ['#na#', '1', 'other'] }, metrics: [],
      config: { model: 'dot' as const, factors: 1, layers: [], dropout: 0, epochs: 1, lr: 1e-3, wd: 0, bs: 64, validPct: 0.2, seed: 1, yRange: [0, 5.5] as [number, number] },
    },
    // A one-factor model: the run is about its rows, the weights are a formality.
    tensors: [
      { name: 'userWeight', shape: [2, 1], data: new Float32Array(2) }, { name: 'itemWeight', shape: [3, 1], data: new Float32Array(3) },
      { name: 'userBias', shape: [2], data: new Float32Array(2) }, { name: 'itemBias', shape: [3], data: new Float32Array(3) },
    ],
    lineIndexes: {
      items: { offsets: Int32Array.from([0, 0, HOT, ROWS]), lines: Int32Array.from([...hot, ...other]) },
      users: { offsets: Int32Array.from([0, 0, ROWS]), lines: allLines },
    },
  };
  t0 = performance.now();
  const without = await saveRun(runsDir, { ...common, id: 'bench-rows-without' });
  const saveWithout = seconds(t0);
  t0 = performance.now();
  const saved = await saveRun(runsDir, { ...common, lineOffsets: table });
  const saveWith = seconds(t0);
  const rowsBytes = statSync(join(saved.dir, RUN_FILES.rows)).size;
  const linesBytes = statSync(join(saved.dir, RUN_FILES.lines)).size;
  log(`save: ${saveWithout.toFixed(2)} s without lines.bin, ${saveWith.toFixed(2)} s with; rows.bin ${rowsBytes} B, lines.bin ${linesBytes} B`);
  rmSync(without.dir, { recursive: true, force: true });

  // End to end through the run service's worker thread, as the rows view asks. Cold: the first call
  // hashes the file. As in VS Code: the panel is open first (panelInit starts the hash), then a click 10 s later.
  const workerPath = join(__dirname, '..', '..', 'dist', 'run-worker.js');
  const rowsOnce = async (client: RunServiceClient): Promise<number> => {
    const t = performance.now();
    const answer = await client.sourceRows(saved.dir, 'items', 1);
    if (answer.lines.length !== HOT || answer.texts.length !== HOT || answer.header?.text !== 'userId,movieId,rating,timestamp') throw new Error('service rows');
    return seconds(t);
  };
  const cold = new RunServiceClient({ workerPath });
  t0 = performance.now();
  await cold.open(saved.dir);
  const openSeconds = seconds(t0);
  const coldFirst = await rowsOnce(cold);
  const later: number[] = [];
  for (let k = 0; k < 5; k++) later.push(await rowsOnce(cold));
  cold.dispose();
  const warm = new RunServiceClient({ workerPath });
  await warm.panelInit(saved.dir);
  await new Promise((resolve) => setTimeout(resolve, 10_000)); // a person looks at the panel before clicking
  const afterPanel = await rowsOnce(warm);
  warm.dispose();
  const service = { openSeconds, coldFirstRowsSeconds: coldFirst, firstRowsAfterPanelSeconds: afterPanel, laterRowsMedianSeconds: median(later), laterRowsMinSeconds: Math.min(...later) };
  log(`service: ${JSON.stringify(service)}`);
  if (!args.includes('--keep')) rmSync(dir, { recursive: true, force: true });

  console.log(JSON.stringify({
    rows: ROWS, fileBytes: size, hotItemRows: HOT, loadavg: loadavg()[0],
    split: { plainSeconds: Math.min(...plain), withCheckpointsSeconds: Math.min(...recorded) },
    readerBySpacing: spacings,
    goToLastLineSeconds,
    run: {
      checkpointEvery: CHECKPOINT_EVERY, linesBinBytes: linesBytes, rowsBinBytes: rowsBytes,
      perRowOffsetsBytes: ROWS * 8, saveSecondsWithout: saveWithout, saveSecondsWith: saveWith, sourceHashSeconds: hashSeconds,
    },
    service,
  }));
}

void main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack}\n`);
  process.exit(1);
});
