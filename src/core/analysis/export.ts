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

export type ExportFormat = 'csv' | 'tsv' | 'json' | 'npy';
export const EXPORT_FORMATS: readonly ExportFormat[] = ['csv', 'tsv', 'json', 'npy'];

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
  await mkdir(outDir, { recursive: true });
  const sides = (['items', 'users'] as const).filter((s) => index.has(s)).map((s) => index.side(s).emb);
  const manifest = index.run.manifest;
  const written: string[] = [];
  const sideInfo: ExportManifest['sides'] = {};
  const put = async (name: string, content: string | Uint8Array): Promise<string> => {
    await writeFile(join(outDir, name), content);
    written.push(join(outDir, name));
    return name;
  };
  if (format === 'json') {
    const json: EmbeddingsJson = { format: 'collab-embeddings', version: 1, rowOrder: ROW_ORDER, sides: {} };
    for (const emb of sides) {
      json.sides[emb.side] = {
        labels: emb.labels,
        bias: emb.bias && Array.from(emb.bias),
        count: emb.count && Array.from(emb.count),
        mean: emb.mean && Array.from(emb.mean),
        factors: Array.from({ length: emb.n }, (_, i) => Array.from(emb.vectors.subarray(i * emb.dim, (i + 1) * emb.dim))),
      };
    }
    const name = await put('embeddings.json', JSON.stringify(json));
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

/** Shortest text that reads back as the same float32. */
function num(x: number): string {
  return String(x);
}

function factorCells(emb: Embeddings, i: number): string[] {
  return Array.from(emb.vectors.subarray(i * emb.dim, (i + 1) * emb.dim), num);
}

function toCsv(emb: Embeddings): string {
  const factors = Array.from({ length: emb.dim }, (_, j) => `f${j}`);
  const header = ['label', ...(emb.bias ? ['bias'] : []), ...factors].join(',');
  const lines = [header];
  for (let i = 0; i < emb.n; i++) {
    lines.push([csvCell(emb.labels[i]), ...(emb.bias ? [num(emb.bias[i])] : []), ...factorCells(emb, i)].join(','));
  }
  return lines.join('\n') + '\n';
}

function vectorsTsv(emb: Embeddings): string {
  const lines: string[] = [];
  for (let i = 0; i < emb.n; i++) lines.push(factorCells(emb, i).join('\t'));
  return lines.join('\n') + '\n';
}

/** Projector metadata: a header row (required with more than one column), then one row per vector. */
function metadataTsv(emb: Embeddings): string {
  const cols = ['label', 'index', ...(emb.bias ? ['bias'] : []), ...(emb.count ? ['count'] : []), ...(emb.mean ? ['mean'] : [])];
  const lines = [cols.join('\t')];
  for (let i = 0; i < emb.n; i++) {
    const row = [oneLine(emb.labels[i]) || ' ', String(i)];
    if (emb.bias) row.push(num(emb.bias[i]));
    if (emb.count) row.push(String(emb.count[i]));
    if (emb.mean) row.push(num(emb.mean[i]));
    lines.push(row.join('\t'));
  }
  return lines.join('\n') + '\n';
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
