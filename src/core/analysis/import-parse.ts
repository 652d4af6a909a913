/**
 * Reading external embedding sets into one side's labels, vectors and optional bias/count/mean:
 * the projector TSV pair, CSV with a label column, .npy + labels file, and Collab's own JSON.
 */
import { basename, extname } from 'node:path';
import { parse } from 'csv-parse/sync';
import type { Side } from './embeddings';
import type { EmbeddingsJson } from './export';
import { decodeNpy } from './npy';

/** One side read from files. */
export interface ImportedSide {
  labels: string[];
  dim: number;
  vectors: Float32Array;
  bias?: Float32Array;
  count?: number[];
  mean?: number[];
}

/** A file's name and text or bytes, so parsing stays free of I/O. */
export interface InputFile {
  path: string;
  bytes: Uint8Array;
}

const LABEL_COLUMNS = ['label', 'title', 'name', 'item', 'id', 'word'];
const META_COLUMNS = new Set(['index', 'count', 'mean', 'cluster']);

const text = (f: InputFile): string => new TextDecoder('utf-8').decode(f.bytes).replace(/^\uFEFF/, '');
const isNumber = (s: string): boolean => s.trim() !== '' && Number.isFinite(Number(s));

/** Splits the files of one side by format and reads them. */
export function parseSide(files: InputFile[]): ImportedSide {
  const ext = (f: InputFile): string => extname(f.path).toLowerCase();
  const npy = files.filter((f) => ext(f) === '.npy');
  if (npy.length > 0) return parseNpySet(npy, files.filter((f) => ext(f) !== '.npy'));
  const tsv = files.filter((f) => ext(f) === '.tsv');
  if (tsv.length === 2) return parseProjectorPair(tsv[0], tsv[1]);
  if (files.length === 1 && ext(files[0]) === '.csv') return parseCsv(files[0]);
  if (files.length === 1 && ext(files[0]) === '.tsv') return parseCsv(files[0], '\t');
  throw new Error(`Cannot tell how to read ${files.map((f) => basename(f.path)).join(' + ')}: give a projector pair `
    + '(vectors.tsv + metadata.tsv), one CSV with a label column, or a .npy factors file with a labels file (.txt, one per line).');
}

/** Reads Collab's embeddings.json (both sides). */
export function parseJson(file: InputFile): Partial<Record<Side, ImportedSide>> {
  const json = JSON.parse(text(file)) as EmbeddingsJson;
  if (json.format !== 'collab-embeddings' || !json.sides) throw new Error(`${file.path} is not a Collab embeddings.json export.`);
  const out: Partial<Record<Side, ImportedSide>> = {};
  for (const [side, s] of Object.entries(json.sides) as [Side, NonNullable<EmbeddingsJson['sides'][Side]>][]) {
    const dim = s.factors[0]?.length ?? 0;
    out[side] = checked(file.path, {
      labels: s.labels, dim, vectors: Float32Array.from(s.factors.flat()),
      // JSON null (a NaN statistic) back to NaN.
      bias: s.bias && Float32Array.from(s.bias), count: s.count?.map((x) => x ?? NaN), mean: s.mean?.map((x) => x ?? NaN),
    });
  }
  return out;
}

function parseNpySet(npy: InputFile[], others: InputFile[]): ImportedSide {
  const arrays = npy.map((f) => ({ f, a: decodeNpy(f.bytes, f.path) }));
  const factors = arrays.filter(({ a }) => a.shape.length === 2);
  if (factors.length !== 1) throw new Error(`Expected one 2-D .npy of factors, found ${factors.length} among ${npy.map((f) => basename(f.path)).join(', ')}.`);
  const [n, dim] = factors[0].a.shape;
  const biasArray = arrays.find(({ f, a }) => a.shape.length === 1 && /bias/i.test(basename(f.path)));
  const labelsFile = others[0];
  let labels = labelsFile
    ? text(labelsFile).split(/\r?\n/).filter((line, i, all) => i < all.length - 1 || line !== '')
    : Array.from({ length: n }, (_, i) => String(i));
  // A labels file with one line more than the factors has a header row (e.g. 'title').
  if (labels.length === n + 1) labels = labels.slice(1);
  return checked(labelsFile?.path ?? factors[0].f.path, { labels, dim, vectors: factors[0].a.data, bias: biasArray?.a.data });
}

function parseProjectorPair(a: InputFile, b: InputFile): ImportedSide {
  const rows = (f: InputFile): string[][] => text(f).split(/\r?\n/).filter((l) => l.trim() !== '').map((l) => l.split('\t'));
  const [ra, rb] = [rows(a), rows(b)];
  const allNumeric = (r: string[][]): boolean => r.length > 0 && r.every((row) => row.every(isNumber));
  const [vectorsFile, vectorRows, metaFile, metaRows] = allNumeric(ra) && !allNumeric(rb) ? [a, ra, b, rb] : [b, rb, a, ra];
  if (!allNumeric(vectorRows)) throw new Error(`Neither ${a.path} nor ${b.path} is an all-numeric vectors file.`);
  const n = vectorRows.length;
  const hasHeader = metaRows.length === n + 1;
  if (!hasHeader && metaRows.length !== n) {
    throw new Error(`${metaFile.path} has ${metaRows.length} rows but ${vectorsFile.path} has ${n} vectors (a header row is allowed).`);
  }
  const header = hasHeader ? metaRows[0].map((h) => h.trim().toLowerCase()) : ['label'];
  const body = hasHeader ? metaRows.slice(1) : metaRows;
  const labelCol = Math.max(0, header.findIndex((h) => LABEL_COLUMNS.includes(h)));
  const col = (name: string): number => header.indexOf(name);
  const numbers = (c: number): number[] | undefined => (c >= 0 ? body.map((r) => (r[c]?.trim() ? Number(r[c]) : NaN)) : undefined);
  const dim = vectorRows[0].length;
  return checked(vectorsFile.path, {
    labels: body.map((r) => r[labelCol] ?? ''), dim,
    vectors: Float32Array.from(vectorRows.flat(), Number),
    bias: col('bias') >= 0 ? Float32Array.from(numbers(col('bias'))!) : undefined,
    count: numbers(col('count')), mean: numbers(col('mean')),
  }, vectorRows);
}

function parseCsv(file: InputFile, delimiter = ','): ImportedSide {
  const records = parse(text(file), { delimiter, skip_empty_lines: true, relax_column_count: false, relax_quotes: true }) as string[][];
  if (records.length < 2) throw new Error(`${file.path} needs a header row and at least one data row.`);
  const header = records[0].map((h) => h.trim().toLowerCase());
  const body = records.slice(1);
  let labelCol = header.findIndex((h) => LABEL_COLUMNS.includes(h));
  if (labelCol < 0) labelCol = header.findIndex((_, c) => body.some((r) => !isNumber(r[c])));
  if (labelCol < 0) throw new Error(`${file.path} has no label column (name one 'label', or give a non-numeric column).`);
  const biasCol = header.indexOf('bias');
  const factorCols = header.map((_, c) => c).filter((c) => c !== labelCol && c !== biasCol && !META_COLUMNS.has(header[c]));
  const bad = factorCols.find((c) => body.some((r) => !isNumber(r[c])));
  if (bad !== undefined) {
    const line = body.findIndex((r) => !isNumber(r[bad])) + 2;
    throw new Error(`${file.path}, line ${line}, column ${bad + 1} ('${records[0][bad]}'): not a number.`);
  }
  const num = (c: number): number[] | undefined => (c >= 0 ? body.map((r) => (r[c]?.trim() ? Number(r[c]) : NaN)) : undefined);
  const vectors = new Float32Array(body.length * factorCols.length);
  body.forEach((r, i) => factorCols.forEach((c, j) => { vectors[i * factorCols.length + j] = Number(r[c]); }));
  return checked(file.path, {
    labels: body.map((r) => r[labelCol]), dim: factorCols.length, vectors,
    bias: biasCol >= 0 ? Float32Array.from(num(biasCol)!) : undefined,
    count: num(header.indexOf('count')), mean: num(header.indexOf('mean')),
  });
}

/** Shape and value checks with messages that name the file. */
function checked(path: string, side: ImportedSide, rawRows?: string[][]): ImportedSide {
  const n = side.labels.length;
  if (side.dim < 1) throw new Error(`${path}: no factor columns found.`);
  if (rawRows) {
    const ragged = rawRows.findIndex((r) => r.length !== side.dim);
    if (ragged >= 0) throw new Error(`${path}, line ${ragged + 1}: ${rawRows[ragged].length} values, expected ${side.dim}.`);
  }
  if (side.vectors.length !== n * side.dim) {
    throw new Error(`${path}: ${n} labels but ${side.vectors.length / side.dim} rows of ${side.dim} factors.`);
  }
  const badValue = side.vectors.findIndex((x) => !Number.isFinite(x));
  if (badValue >= 0) throw new Error(`${path}: row ${Math.floor(badValue / side.dim) + 1} has a NaN or infinite factor.`);
  for (const [name, arr] of [['bias', side.bias], ['count', side.count], ['mean', side.mean]] as const) {
    if (arr && arr.length !== n) throw new Error(`${path}: ${arr.length} ${name} values for ${n} labels.`);
  }
  return side;
}
