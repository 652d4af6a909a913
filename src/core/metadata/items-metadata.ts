/**
 * Metadata of an items file (movies.csv, u.item) or a users file (u.user): every column beyond the
 * id (and title) becomes a field; u.item's genre flags become one 'genres' field named from u.genre
 * beside the file; the title's "(1995)" becomes 'year'. Columns that do not parse are reported.
 */
import { readFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { quotesApply } from '../csv/cells';
import { decodeBytes } from '../csv/encoding';
import { unreadable } from '../csv/errors';
import { afterFirstLine } from '../csv/excel';
import { sniffItemsLayout } from '../csv/items';
import { splitSample } from '../csv/sample';
import { sniffFile } from '../csv/sniff';
import type { FileFormat } from '../data/types';
import { classifyColumn, flagsField, isField, isFlagColumn, titleYear } from './columns';
import type { FileMetadata, MetaField, MetaProblem } from './types';

/** A table already split into rows: column names, the id column and (items) the title column. */
export interface MetadataTable {
  file: string;
  names: string[];
  rows: string[][];
  idColumn: number;
  titleColumn?: number;
  /** Names of a run of flag columns (u.genre's), in column order. */
  flagNames?: string[];
  /** The separator of multi-valued cells; none when it is the file's own delimiter. */
  listSeparator?: string;
}

/** Column names of MovieLens 100K's headerless files (its README), by file name and width. */
const MOVIELENS_NAMES: Record<string, string[]> = {
  'u.item': ['movie id', 'title', 'release date', 'video release date', 'IMDb URL'],
  'u.user': ['user id', 'age', 'gender', 'occupation', 'zip code'],
};

/** Fewer consecutive 0/1 columns than this are separate yes/no fields, not one set of flags. */
const MIN_FLAG_RUN = 3;

/** Fields and problems of a split table (pure: the tests call it on generated text). */
export function parseMetadataTable(table: MetadataTable): FileMetadata {
  const { rows, names, idColumn, titleColumn } = table;
  const ids = rows.map((r) => r[idColumn]?.trim() ?? '');
  const column = (c: number): string[] => rows.map((r) => r[c] ?? '');
  const fields: MetaField[] = [];
  const problems: MetaProblem[] = [];
  const titles = new Map<string, string>();
  if (titleColumn !== undefined) {
    rows.forEach((r, i) => { const t = r[titleColumn]?.trim(); if (ids[i] && t && !titles.has(ids[i])) titles.set(ids[i], t); });
    const years = new Map<string, number>();
    for (const [id, t] of titles) { const y = titleYear(t); if (y !== undefined) years.set(id, y); }
    if (years.size > 0 && years.size >= 0.5 * titles.size) {
      const all = [...years.values()];
      fields.push({ name: 'year', kind: 'numeric', range: [Math.min(...all), Math.max(...all)], values: years });
    }
  }
  const width = Math.max(0, ...rows.map((r) => r.length));
  for (let c = 0; c < width; c++) {
    if (c === idColumn || c === titleColumn) continue;
    let end = c;
    while (end < width && end !== idColumn && end !== titleColumn && isFlagColumn(column(end))) end++;
    if (end - c >= MIN_FLAG_RUN) {
      const run = end - c;
      const named = table.flagNames?.length === run;
      const flagNames = named ? table.flagNames! : names.slice(c, end).map((n, k) => n || `flag ${c + k + 1}`);
      fields.push(flagsField(named ? 'genres' : 'flags', flagNames, ids, Array.from({ length: run }, (_, k) => column(c + k))));
      c = end - 1;
      continue;
    }
    const name = names[c] || `column ${c + 1}`;
    const answer = classifyColumn(name, ids, column(c), table.listSeparator ?? '|');
    if (!isField(answer)) problems.push(answer);
    else if (sameAsTitleYear(answer, fields[0])) problems.push({ column: name, reason: 'its years are the titles\' years' });
    else fields.push(answer);
  }
  dedupeNames(fields);
  return { file: table.file, fields, problems, titles };
}

/** Reads an items file's metadata (layout sniffed as for titles); u.genre beside it names u.item's flags. */
export async function readItemsMetadata(path: string): Promise<FileMetadata> {
  const { sniff, layout } = await sniffItemsLayout(path);
  const rows = await readRows(path, layout.format);
  const flagNames = await genreNames(join(dirname(path), 'u.genre'));
  return parseMetadataTable({
    file: path, names: columnNames(path, sniff.columns.map((c) => c.name), layout.format.hasHeader), rows,
    idColumn: layout.mapping.item, titleColumn: layout.mapping.title, flagNames,
    listSeparator: layout.format.delimiter === '|' ? '' : '|',
  });
}

/** Reads a users file (u.user: id|age|gender|occupation|zip, or a CSV with a user id column). */
export async function readUsersMetadata(path: string): Promise<FileMetadata> {
  const sniff = await sniffFile(path, {}, 'items');
  const rows = await readRows(path, sniff.format);
  const names = columnNames(path, sniff.columns.map((c) => c.name), sniff.format.hasHeader);
  const idColumn = Math.max(0, names.findIndex((n) => /^(user_?id|userid|user|id)$/i.test(n.trim())));
  return parseMetadataTable({ file: path, names, rows, idColumn, listSeparator: sniff.format.delimiter === '|' ? '' : '|' });
}

/** u.genre's names in flag order ("Action|1"), or undefined when there is no such file. */
export async function genreNames(path: string): Promise<string[] | undefined> {
  let text: string;
  try {
    text = (await readFile(path, 'latin1')).toString();
  } catch {
    return undefined;
  }
  const pairs = text.split(/\r?\n/).map((l) => l.split('|')).filter((p) => p.length === 2 && /^\d+$/.test(p[1].trim()));
  if (pairs.length === 0) return undefined;
  const names: string[] = [];
  for (const [name, i] of pairs) names[Number(i)] = name.trim();
  return names.every((n) => n !== undefined) ? names : undefined;
}

/** Header names, or MovieLens' documented names for its headerless files, or none. */
function columnNames(path: string, header: string[], hasHeader: boolean): string[] {
  if (hasHeader) return header;
  const known = MOVIELENS_NAMES[basename(path).toLowerCase()];
  return header.map((_, i) => known?.[i] ?? '');
}

async function readRows(path: string, format: FileFormat): Promise<string[][]> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (err) {
    throw unreadable(path, err);
  }
  const decoded = decodeBytes(bytes.subarray(format.bom ? 3 : 0), format.encoding);
  const text = format.sepLine ? afterFirstLine(decoded) : decoded;
  const rows = splitSample(text, format.delimiter, quotesApply(format.delimiter)).map((r) => r.fields);
  return format.hasHeader ? rows.slice(1) : rows;
}

/** A date column whose years match the titles' "(1995)" nearly everywhere adds nothing. */
function sameAsTitleYear(field: MetaField, titleYears: MetaField | undefined): boolean {
  if (field.kind !== 'numeric' || titleYears?.name !== 'year' || titleYears.kind !== 'numeric' || !field.name.endsWith('(year)')) return false;
  let same = 0;
  for (const [id, y] of field.values) if (titleYears.values.get(id) === y) same++;
  return same >= 0.95 * field.values.size;
}

/** Two fields of one name (a 'year' column beside the title's year) get " (2)". */
function dedupeNames(fields: MetaField[]): void {
  const seen = new Set<string>();
  for (const f of fields) {
    let name = f.name;
    for (let n = 2; seen.has(name); n++) name = `${f.name} (${n})`;
    f.name = name;
    seen.add(name);
  }
}
