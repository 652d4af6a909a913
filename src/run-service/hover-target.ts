/** Which item or user a hovered cell names, given the run's column mapping (pure). */
import type { AnalysisIndex, SideIndex } from '../core/analysis/analysis-index';
import type { Side } from '../core/analysis/embeddings';
import type { HoverFileRole } from '../protocol/run-service';

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

/** Columns of an items file that can name an item: MovieLens' id and title (u.item, movies.csv). */
const ITEMS_FILE_COLUMNS = new Set([0, 1]);

/**
 * Resolves the cell at `column` holding `value`; undefined for ratings, timestamps and unknown labels.
 * In an items file a title that does not match (e.g. Latin-1 u.item decoded as UTF-8) falls back to
 * the line's id, `lineId` (its first cell).
 */
export function resolveHoverTarget(
  index: AnalysisIndex, role: HoverFileRole, column: number, value: string, lineId?: string,
): HoverTarget | undefined {
  if (value.trim() === '') return undefined;
  let side: Side | undefined;
  if (role.kind === 'items') {
    if (ITEMS_FILE_COLUMNS.has(column)) side = 'items';
  } else if (column === role.mapping.user) side = 'users';
  else if (column === role.mapping.item || column === role.mapping.title) side = 'items';
  if (!side || !index.has(side)) return undefined;
  const sideIndex = index.side(side);
  const row = exactRow(sideIndex, value);
  if (row) return { side, index: row.index, id: row.byId ? value.trim() : undefined };
  if (role.kind !== 'items' || lineId === undefined || lineId === value) return undefined;
  const byLineId = exactRow(sideIndex, lineId);
  return byLineId ? { side, index: byLineId.index, id: lineId.trim() } : undefined;
}
