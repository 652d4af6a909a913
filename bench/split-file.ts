/**
 * The benchmark's split file, read by both our engine (bench/ours.ts) and the PyTorch reference
 * (bench/torch_ref.py), so both train and validate on exactly the same rows and indices:
 *   Int32[8] header: magic 'CLB1', nTrain, nValid, nUsers, nItems, 0, 0, 0
 *   Int32 users[n], Int32 items[n], Float32 ratings[n]   (n = nTrain + nValid; training rows first)
 */
import { readFileSync, writeFileSync } from 'node:fs';
import type { RatingsDataset } from '../src/core/data/types';

const MAGIC = 0x31424c43;

/** The rows of a split: train rows first, then valid rows. */
export interface SplitData {
  nTrain: number;
  nValid: number;
  nUsers: number;
  nItems: number;
  users: Int32Array;
  items: Int32Array;
  ratings: Float32Array;
}

/** Writes a dataset's train and valid rows (vocabulary indices) to `path`. */
export function writeSplit(path: string, data: RatingsDataset): SplitData {
  const rows = [...data.train, ...data.valid];
  const split: SplitData = {
    nTrain: data.train.length, nValid: data.valid.length,
    nUsers: data.userVocab.labels.length, nItems: data.itemVocab.labels.length,
    users: Int32Array.from(rows, (r) => data.users[r]),
    items: Int32Array.from(rows, (r) => data.items[r]),
    ratings: Float32Array.from(rows, (r) => data.ratings[r]),
  };
  writeSplitData(path, split);
  return split;
}

/** Writes split rows to `path`. */
export function writeSplitData(path: string, s: SplitData): void {
  const header = new Int32Array([MAGIC, s.nTrain, s.nValid, s.nUsers, s.nItems, 0, 0, 0]);
  const bytes = (a: Int32Array | Float32Array): Buffer => Buffer.from(a.buffer, a.byteOffset, a.byteLength);
  writeFileSync(path, Buffer.concat([bytes(header), bytes(s.users), bytes(s.items), bytes(s.ratings)]));
}

/** Reads a split file back as a RatingsDataset (labels are the indices themselves). */
export function readSplit(path: string): RatingsDataset {
  const buf = readFileSync(path);
  const ab = buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength);
  const [magic, nTrain, nValid, nUsers, nItems] = new Int32Array(ab, 0, 8);
  if (magic !== MAGIC) throw new Error(`${path} is not a benchmark split file`);
  const n = nTrain + nValid;
  const ratings = new Float32Array(ab, 32 + 8 * n, n);
  let min = Infinity;
  let max = -Infinity;
  for (const r of ratings) {
    min = Math.min(min, r);
    max = Math.max(max, r);
  }
  const vocab = (size: number): RatingsDataset['userVocab'] => {
    const labels = Array.from({ length: size }, (_, k) => (k ? String(k) : '#na#'));
    return { labels, index: new Map(labels.map((l, k) => [l, k])) };
  };
  return {
    n, users: new Int32Array(ab, 32, n), items: new Int32Array(ab, 32 + 4 * n, n), ratings,
    lines: new Int32Array(0),
    train: Uint32Array.from({ length: nTrain }, (_, k) => k),
    valid: Uint32Array.from({ length: nValid }, (_, k) => nTrain + k),
    userVocab: vocab(nUsers), itemVocab: vocab(nItems),
    ratingRange: [min, max], unknownInValid: { users: 0, items: 0 }, seed: 0,
  };
}
