/**
 * The plain path on two threads: the main thread reads the file in chunks of whole lines; a worker
 * thread and the main thread each parse chunks they claim into raw rows (scanPlainRaw, the same code
 * on both), and the main thread stores them in file order through FastSplitter.pushScanned, which
 * numbers the lines, interns the ids in order of first appearance and hands every line that is not
 * plain (and every chunk it cannot take as scanned) to the general splitter. So the rows, labels,
 * lines, checkpoints and errors are the one-thread path's.
 *
 * Chunks are claimed as each thread comes free (the worker is kept two chunks ahead, the main
 * thread takes the next unclaimed one), not split in fixed halves: on this VM one of two busy
 * vCPUs can run ~40% slower. Memory: SLOTS chunk buffers (the one-thread path has two) and each
 * chunk's raw rows until it is stored.
 */
import { open, type FileHandle } from 'node:fs/promises';
import { Worker } from 'node:worker_threads';
import type { FileFormat } from '../data/types';
import { FastSplitter, type ByteRowHandler } from './fast-split';
import type { CheckpointRecorder } from './line-offsets';
import { RAW_ROW_BYTES, rawRows, scanPlainRaw, type RawRows } from './plain-scan';
import { readFailure, type ChunkProgress, type PlainRows } from './read';

/** Bytes read per chunk (a chunk also holds the partial line carried from the one before). */
const CHUNK_BYTES = 512 * 1024;
/** A carried partial line longer than this goes to the general splitter with its chunk. */
const MAX_CARRY = 128 * 1024;
/** Chunk buffers in flight (read, being parsed on either thread, or waiting for their turn to be stored). */
const SLOTS = 8;
/** Chunks handed to the worker ahead, so it rarely waits for the main thread to come back to it. */
const WORKER_AHEAD = 2;
const LF = 0x0a;

/** The worker: parses each chunk it is sent and sends back the raw rows (their buffers moved, not copied). */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const scanPlainRaw = (${scanPlainRaw.toString()});
const rawRows = (${rawRows.toString()});
parentPort.on('message', (m) => {
  const out = scanPlainRaw(new Uint8Array(m.bytes, 0, m.length), 0, m.length, workerData.kinds, workerData.delimiter,
    rawRows(m.rows, workerData.rowsPerChunk));
  parentPort.postMessage({ id: m.id, n: out.n, stop: out.stop });
});
`;

/** A chunk buffer and the memory for its raw rows, both shared with the worker. */
interface Slot {
  bytes: SharedArrayBuffer;
  rows: SharedArrayBuffer;
}

/** One chunk of the file: whole lines from `buffer`'s start (or, when `whole`, any bytes for push). */
interface Chunk {
  id: number;
  slot: Slot;
  length: number;
  /** Bytes that are not whole lines (a long carried line, the file's last bytes): never scanned. */
  whole: boolean;
  /** 'stolen': the worker has it, but the main thread, with nothing else to do, parsed it too. */
  state: 'new' | 'worker' | 'scanned' | 'stolen';
  raw?: RawRows;
}

/**
 * readFast (read.ts) for a file the plain scanner applies to, with a worker thread parsing chunks
 * beside the main thread. Same arguments, same result; `plain` is required. `rowBytes`: a row's
 * typical length (the sniff's), to size the raw rows' memory (a chunk of shorter rows is parsed in
 * part and the rest goes through the one-thread scanner).
 */
export async function readFastParallel(path: string, format: FileFormat, width: number, onRow: ByteRowHandler,
  onChunk: ChunkProgress, signal: AbortSignal | undefined, checkpoints: CheckpointRecorder | undefined, plain: PlainRows,
  rowBytes: number): Promise<void> {
  const splitter = new FastSplitter(format.delimiter, width, onRow, format.sepLine ? 1 : 0, checkpoints, plain.scanner, plain.afterRows);
  const kinds = plain.scanner.fieldKinds, delimiter = format.delimiter.charCodeAt(0);
  const rowsPerChunk = Math.ceil((CHUNK_BYTES + MAX_CARRY) / Math.max(4, rowBytes / 2));
  // Not unref'd: while this thread waits for its answer, the worker is what keeps the process alive.
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { kinds, delimiter, rowsPerChunk } });
  const free: Slot[] = Array.from({ length: SLOTS }, () => ({
    bytes: new SharedArrayBuffer(CHUNK_BYTES + MAX_CARRY), rows: new SharedArrayBuffer(RAW_ROW_BYTES * rowsPerChunk),
  }));
  const queue: Chunk[] = [];
  // Slots of stolen chunks, stored already, until the worker is done with them; and the stolen rows' memory.
  const lent = new Map<number, Slot>();
  const own = new SharedArrayBuffer(RAW_ROW_BYTES * rowsPerChunk);
  let atWorker = 0, nextId = 0, bytes = 0, eof = false;
  let carry = Buffer.alloc(0);
  let wake: (() => void) | undefined;
  let failed: unknown;
  worker.on('message', (m: { id: number; n: number; stop: number }) => {
    const chunk = queue.find((c) => c.id === m.id && c.state === 'worker');
    const slot = lent.get(m.id);
    if (slot) {
      lent.delete(m.id);
      free.push(slot);
    } else if (chunk) {
      // The same object shape as scanPlainRaw's (one shape keeps the store loop optimised).
      const raw = rawRows(chunk.slot.rows, rowsPerChunk);
      raw.n = m.n;
      raw.stop = m.stop;
      chunk.raw = raw;
      chunk.state = 'scanned';
    }
    atWorker--;
    wake?.();
  });
  let closing = false;
  worker.on('error', (err) => {
    failed = err;
    wake?.();
  });
  worker.on('exit', (code) => {
    failed ??= closing ? undefined : new Error(`the loader's worker thread stopped (exit code ${code})`);
    wake?.();
  });
  let file: FileHandle | undefined;
  try {
    file = await open(path, 'r');
    for (;;) {
      signal?.throwIfAborted();
      if (failed) throw failed;
      // Read while there is a free buffer.
      while (!eof && free.length > 0) {
        const slot = free.pop() as Slot;
        const view = Buffer.from(slot.bytes);
        carry.copy(view, 0);
        const { bytesRead } = await file.read(view, carry.length, CHUNK_BYTES, null);
        bytes += bytesRead;
        onChunk(bytes);
        const total = carry.length + bytesRead;
        if (bytesRead === 0) eof = true;
        const lastLf = eof ? -1 : view.lastIndexOf(LF, total - 1);
        if (lastLf < 0 || total - lastLf - 1 > MAX_CARRY) {
          // The file's last bytes, or a line too long to carry: the general splitter takes them as they are.
          queue.push({ id: nextId++, slot, length: total, whole: true, state: 'new' });
          carry = Buffer.alloc(0);
        } else {
          queue.push({ id: nextId++, slot, length: lastLf + 1, whole: false, state: 'new' });
          carry = Buffer.from(view.subarray(lastLf + 1, total));
        }
      }
      // Keep the worker a few chunks ahead (never the first: it holds the header).
      for (const c of queue) {
        if (atWorker >= WORKER_AHEAD) break;
        if (c.state !== 'new' || c.whole || c.id === 0) continue;
        c.state = 'worker';
        atWorker++;
        worker.postMessage({ id: c.id, bytes: c.slot.bytes, rows: c.slot.rows, length: c.length });
      }
      // Store chunks in file order as far as they are ready.
      let stored = false;
      while (queue.length > 0 && queue[0].state !== 'worker') {
        const c = queue[0];
        if (c.state === 'new' && !c.whole && c.id !== 0) c.raw = scanChunk(c, kinds, delimiter, rowsPerChunk);
        const view = Buffer.from(c.slot.bytes, 0, c.length);
        if (c.raw) splitter.pushScanned(view, c.raw);
        else splitter.push(view);
        queue.shift();
        if (c.state === 'stolen') lent.set(c.id, c.slot);
        else free.push(c.slot);
        stored = true;
      }
      if (eof && queue.length === 0) break;
      if (stored) continue;
      // The first chunk is the worker's: parse a later one here meanwhile, or wait for it.
      const mine = queue.find((c) => c.state === 'new' && !c.whole && c.id !== 0);
      if (mine) {
        mine.raw = scanChunk(mine, kinds, delimiter, rowsPerChunk);
        mine.state = 'scanned';
        // Let the worker's answers in.
        await new Promise<void>((resolve) => setImmediate(resolve));
      } else if (queue.length > 0 && queue[0].state === 'worker') {
        // Nothing else to do here while the worker has the first chunk (its core may be busy): parse it too.
        const head = queue[0];
        head.raw = scanPlainRaw(new Uint8Array(head.slot.bytes, 0, head.length), 0, head.length, kinds, delimiter, rawRows(own, rowsPerChunk));
        head.state = 'stolen';
      } else {
        await new Promise<void>((resolve) => { wake = resolve; });
        wake = undefined;
      }
    }
  } catch (err) {
    throw readFailure(path, err);
  } finally {
    closing = true;
    await file?.close();
    await worker.terminate();
  }
  splitter.end();
}

/** Parses a chunk's plain rows on this thread. */
function scanChunk(c: Chunk, kinds: Uint8Array, delimiter: number, rowsPerChunk: number): RawRows {
  return scanPlainRaw(new Uint8Array(c.slot.bytes, 0, c.length), 0, c.length, kinds, delimiter, rawRows(c.slot.rows, rowsPerChunk));
}
