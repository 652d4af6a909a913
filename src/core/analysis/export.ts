/**
 * Exporting factors and biases with their labels: CSV, the TensorBoard projector TSV pair, JSON and
 * NumPy .npy. Row i of every file is vocab index i (fastai's numbering), so row 0 of a trained run
 * is '#na#' (the untrained row for unknown ids); a README.txt and export.json sidecar say so.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { AnalysisIndex } from './analysis-index';
import { NA_LABEL, type Embeddings, type Side } from './embeddings';
import { encodeNpy } from './npy';
import { exportTfjs } from './export-tfjs';
import { exportPth } from '../interop/pth-export';

export type ExportFormat = 'csv' | 'tsv' | 'json' | 'npy' | 'pth' | 'tfjs';
export const EXPORT_FORMATS: readonly ExportFormat[] = ['csv', 'tsv', 'json', 'npy', 'pth', 'tfjs'];

/** The sidecar export.json: what each file holds and which row is which. */
export interface ExportManifest {
  format: 'collab-embeddings';
  version: 1;
  exportFormat: ExportFormat;
  run: { id: string; origin: string; model?: string; createdAt: string };
  rowOrder: string;
  sides: Partial<Record<Side, { rows: number; factors: number; naRow: number | null; hasBias: boolean; files: string[] }>>;
}

/** JSON export layout (one file, both sides). */
export interface EmbeddingsJson {
  format: 'collab-embeddings';
  version: 1;
  rowOrder: string;
  sides: Partial<Record<Side, { labels: string[]; bias?: number[]; count?: number[]; mean?: number[]; factors: number[][] }>>;
}

const ROW_ORDER = `Row i is vocabulary index i, in the order fastai numbers classes (sorted, '${NA_LABEL}' first). `
  + `The '${NA_LABEL}' row stands for ids unknown at training time; its vectors were never trained.`;

/** Writes one format's files (and the sidecars) into outDir; returns the paths written. */
export async function exportEmbeddings(index: AnalysisIndex, options: { format: ExportFormat; outDir: string }): Promise<string[]> {
  const { format, outDir } = options;
  if (format === 'pth') return exportPth(index.run, outDir);
  if (format === 'tfjs') return exportTfjs(index, outDir);
  await mkdir(outDir, { recursive: true });
  const sides = (['items', 'users'] as const).filter((s) => index.has(s)).map((s) => index.side(s).emb);
  const manifest = index.run.manifest;
  const written: string[] = [];
  const sideInfo: ExportManifest['sides'] = {};
  const put = async (name: string, content: string | Uint8Array | Iterable<string>): Promise<string> => {
    await writeFile(join(outDir, name), content);
    written.push(join(outDir, name));
    return name;
  };
  if (format === 'json') {
    const name = await put('embeddings.json', toJson(sides));
    for (const emb of sides) sideInfo[emb.side] = info(emb, [name]);
  } else {
    for (const emb of sides) {
      const files: string[] = [];
      if (format === 'csv') files.push(await put(`${emb.side}.csv`, toCsv(emb)));
      if (format === 'tsv') {
        files.push(await put(`${emb.side}-vectors.tsv`, vectorsTsv(emb)));
        files.push(await put(`${emb.side}-metadata.tsv`, metadataTsv(emb)));
      }
      if (format === 'npy') {
        files.push(await put(`${emb.side}-factors.npy`, encodeNpy({ shape: [emb.n, emb.dim], data: emb.vectors })));
        if (emb.bias) files.push(await put(`${emb.side}-bias.npy`, encodeNpy({ shape: [emb.n], data: emb.bias })));
        files.push(await put(`${emb.side}-labels.txt`, emb.labels.map(oneLine).join('\n') + '\n'));
      }
      sideInfo[emb.side] = info(emb, files);
    }
  }
  const sidecar: ExportManifest = {
    format: 'collab-embeddings', version: 1, exportFormat: format,
    run: { id: manifest.id, origin: manifest.origin, model: manifest.config?.model, createdAt: manifest.createdAt },
    rowOrder: ROW_ORDER, sides: sideInfo,
  };
  await put('export.json', JSON.stringify(sidecar, null, 1) + '\n');
  await put('README.txt', readme(sidecar));
  return written;
}

function info(emb: Embeddings, files: string[]): NonNullable<ExportManifest['sides'][Side]> {
  const na = emb.labels.indexOf(NA_LABEL);
  return { rows: emb.n, factors: emb.dim, naRow: na >= 0 ? na : null, hasBias: Boolean(emb.bias), files };
}

/** Tabs and newlines inside labels would break the line-per-row formats. */
function oneLine(label: string): string {
  return label.replace(/[\t\r\n]+/g, ' ');
}

/** RFC 4180 quoting where needed. */
function csvCell(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/**
 * Text that reads back as exactly the same float32: 9 significant digits always suffice, and are
 * shorter and ~2x faster to produce than String() of the widened double. Trailing zeros dropped.
 */
export function formatFloat32(x: number): string {
  if (x === 0) return '0';
  const s = x.toPrecision(9);
  return s.endsWith('0') && s.includes('.') && !s.includes('e') ? s.replace(/\.?0+$/, '') : s;
}
const num = formatFloat32;
const finite = (x: number | null): string => (typeof x === 'number' && Number.isFinite(x) ? num(x) : '');

function factorCells(emb: Embeddings, i: number): string[] {
  return Array.from(emb.vectors.subarray(i * emb.dim, (i + 1) * emb.dim), num);
}

/** Lines grouped into chunks of about a thousand, so 60,000 x 200 never becomes one huge string. */
function* chunked(n: number, line: (i: number) => string, header?: string): Generator<string> {
  if (header !== undefined) yield header + '\n';
  const CHUNK = 1000;
  for (let start = 0; start < n; start += CHUNK) {
    const lines: string[] = [];
    for (let i = start; i < Math.min(n, start + CHUNK); i++) lines.push(line(i));
    yield lines.join('\n') + '\n';
  }
}

function toCsv(emb: Embeddings): Iterable<string> {
  const factors = Array.from({ length: emb.dim }, (_, j) => `f${j}`);
  const header = ['label', ...(emb.bias ? ['bias'] : []), ...factors].join(',');
  return chunked(emb.n, (i) => [csvCell(emb.labels[i]), ...(emb.bias ? [num(emb.bias[i])] : []), ...factorCells(emb, i)].join(','), header);
}

function vectorsTsv(emb: Embeddings): Iterable<string> {
  return chunked(emb.n, (i) => factorCells(emb, i).join('\t'));
}

/** Projector metadata: a header row (required with more than one column), then one row per vector. */
function metadataTsv(emb: Embeddings): Iterable<string> {
  const cols = ['label', 'index', ...(emb.bias ? ['bias'] : []), ...(emb.count ? ['count'] : []), ...(emb.mean ? ['mean'] : [])];
  return chunked(emb.n, (i) => {
    const row = [oneLine(emb.labels[i]) || ' ', String(i)];
    if (emb.bias) row.push(num(emb.bias[i]));
    // Stats of labels with no training rows are NaN (null once through run.json): left empty.
    if (emb.count) row.push(finite(emb.count[i]));
    if (emb.mean) row.push(finite(emb.mean[i]));
    return row.join('\t');
  }, cols.join('\t'));
}

/** embeddings.json (EmbeddingsJson), written in chunks with float32-exact numbers. */
function* toJson(sides: Embeddings[]): Generator<string> {
  yield `{"format":"collab-embeddings","version":1,"rowOrder":${JSON.stringify(ROW_ORDER)},"sides":{`;
  for (const [k, emb] of sides.entries()) {
    const numbers = (xs: ArrayLike<number>): string => `[${Array.from(xs, (x) => (Number.isFinite(x) ? num(x) : 'null')).join(',')}]`;
    // (JSON has no NaN: stats of never-rated labels become null.)
    yield `${k > 0 ? ',' : ''}${JSON.stringify(emb.side)}:{"labels":${JSON.stringify(emb.labels)}`;
    if (emb.bias) yield `,"bias":${numbers(emb.bias)}`;
    if (emb.count) yield `,"count":${numbers(emb.count)}`;
    if (emb.mean) yield `,"mean":${numbers(emb.mean)}`;
    yield ',"factors":[';
    for (const chunk of chunked(emb.n, (i) => `${i > 0 ? ',' : ''}[${factorCells(emb, i).join(',')}]`)) yield chunk;
    yield ']}';
  }
  yield '}}\n';
}

function readme(m: ExportManifest): string {
  const lines = [
    `Collab embeddings exported from run ${m.run.id} (${m.run.model ?? m.run.origin}) as ${m.exportFormat}.`,
    '',
    m.rowOrder,
    '',
  ];
  for (const [side, s] of Object.entries(m.sides)) {
    lines.push(`${side}: ${s.rows} rows x ${s.factors} factors${s.hasBias ? ', with biases' : ''}; `
      + `${s.naRow === null ? `no '${NA_LABEL}' row` : `'${NA_LABEL}' is row ${s.naRow} (0-based)`}; files: ${s.files.join(', ')}`);
  }
  lines.push('', 'Formats: CSV columns label[,bias],f0..fk; projector pair <side>-vectors.tsv (no header) + '
    + '<side>-metadata.tsv (header row); .npy float32 little-endian C order, shape (rows, factors), labels one per line '
    + 'in <side>-labels.txt; embeddings.json holds labels, bias and factors per side.');
  lines.push('Open them again with `collab import FILE... --out RUN`.');
  return lines.join('\n') + '\n';
}
