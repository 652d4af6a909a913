/** Which item or user a hovered cell names, read with the format and column mapping the run recorded (pure). */
import type { AnalysisIndex, SideIndex } from '../core/analysis/analysis-index';
import type { Side } from '../core/analysis/embeddings';
import { cellAt, lineCells, type Cell } from '../core/csv/cells';
import type { ColumnMapping, FileFormat, ItemsFileLayout } from '../core/data/types';

/** Which columns of a hovered file name users or items: a ratings source's mapping, or an items file's id and title. */
export type HoverColumns =
  | { kind: 'source'; mapping: ColumnMapping }
  | { kind: 'items'; mapping: ItemsFileLayout['mapping'] };

/** How the hover reads a file of a run: its recorded format and which columns name what. */
export interface HoverLayout {
  format: FileFormat;
  columns: HoverColumns;
}

/** A resolved hover target: a row of one side; `id` is the raw cell text when it was an id. */
export interface HoverTarget {
  side: Side;
  index: number;
  id?: string;
}

/** Exact lookups only (a hover never guesses): label, then raw id. '#na#' never matches. */
export function exactRow(side: SideIndex, value: string): { index: number; byId: boolean } | undefined {
  const v = value.trim();
  const byLabel = side.byLabel.get(v);
  if (byLabel !== undefined && byLabel !== side.naIndex) return { index: byLabel, byId: false };
  const byId = side.byId?.get(v);
  if (byId !== undefined && byId !== side.naIndex) return { index: byId, byId: true };
  return undefined;
}

/** The hovered cell of a line and (items files) the line's item id; undefined on a header line or off any cell. */
export function hoveredCell(layout: HoverLayout, text: string, line: number, character: number): { cell: Cell; lineId?: string } | undefined {
  // Excel's `sep=` line comes first, then the header: neither names an item or a user.
  const headerLine = layout.format.sepLine ? 1 : 0;
  if (line < headerLine || (line === headerLine && layout.format.hasHeader)) return undefined;
  const cells = lineCells(text, layout.format.delimiter);
  const cell = cellAt(cells, character);
  if (!cell) return undefined;
  const lineId = layout.columns.kind === 'items' ? cells[layout.columns.mapping.item]?.value : undefined;
  return { cell, lineId };
}

/**
 * Resolves the cell at `column` holding `value`; undefined for ratings, timestamps, genres and unknown
 * labels. In an items file a title that does not match (e.g. Latin-1 u.item decoded as UTF-8) falls
 * back to the line's id, `lineId`.
 */
export function resolveHoverTarget(
  index: AnalysisIndex, columns: HoverColumns, column: number, value: string, lineId?: string,
): HoverTarget | undefined {
  if (value.trim() === '') return undefined;
  const { mapping } = columns;
  let side: Side | undefined;
  if (column === mapping.item || column === mapping.title) side = 'items';
  else if (columns.kind === 'source' && column === columns.mapping.user) side = 'users';
  if (!side || !index.has(side)) return undefined;
  const sideIndex = index.side(side);
  const row = exactRow(sideIndex, value);
  if (row) return { side, index: row.index, id: row.byId ? value.trim() : undefined };
  if (columns.kind !== 'items' || lineId === undefined || lineId === value) return undefined;
  const byLineId = exactRow(sideIndex, lineId);
  return byLineId ? { side, index: byLineId.index, id: lineId.trim() } : undefined;
}
