/** Items files (movies.csv, u.item): item id -> title, and joining titles onto loaded ratings. */
import { readFile } from 'node:fs/promises';
import type { ItemsFileLayout } from '../data/types';
import { quotesApply } from './cells';
import { LabelInterner } from './columns';
import { decodeBytes } from './encoding';
import { DataError, unreadable } from './errors';
import { afterFirstLine } from './excel';
import { splitSample } from './sample';
import { sniffFile } from './sniff';
import type { SniffOverrides, SniffResult, TitleJoin } from './types';

/** Titles read from an items file, keyed by the item id as written there (trimmed). */
export interface ItemTitles {
  file: string;
  sniff: SniffResult;
  /** How the file was read (recorded in run.json for the hover). */
  layout: ItemsFileLayout;
  titles: Map<string, string>;
}

/** Sniffs an items file's layout and its id and title columns; fails when either column cannot be told. */
export async function sniffItemsLayout(path: string, overrides: SniffOverrides = {}): Promise<{ sniff: SniffResult; layout: ItemsFileLayout }> {
  const sniff = await sniffFile(path, overrides, 'items');
  const { item, title } = sniff.mapping;
  if (item === undefined || title === undefined) {
    const missing = item === undefined ? 'item id' : 'title';
    throw new DataError('no-role', `cannot tell which column of items file ${path} holds the ${missing}; `
      + `columns are ${sniff.columns.slice(0, 8).map((c) => c.name).join(', ')}${sniff.columns.length > 8 ? ', ...' : ''}`);
  }
  return { sniff, layout: { path, format: sniff.format, mapping: { item, title } } };
}

/** Reads an items file whole (they are small: MovieLens 25M's movies.csv is 3 MB). */
export async function loadItemTitles(path: string, overrides: SniffOverrides = {}): Promise<ItemTitles> {
  const { sniff, layout } = await sniffItemsLayout(path, overrides);
  const { item, title } = layout.mapping;
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (err) {
    throw unreadable(path, err);
  }
  const { format } = layout;
  const decoded = decodeBytes(bytes.subarray(format.bom ? 3 : 0), format.encoding);
  // An Excel `sep=` first line is not a row; quotes as the loader and the hover read them.
  const text = format.sepLine ? afterFirstLine(decoded) : decoded;
  const rows = splitSample(text, format.delimiter, quotesApply(format.delimiter));
  const titles = new Map<string, string>();
  for (const row of format.hasHeader ? rows.slice(1) : rows) {
    const id = row.fields[item]?.trim();
    const name = row.fields[title]?.trim();
    if (id && name && !titles.has(id)) titles.set(id, name);
  }
  return { file: path, sniff, layout, titles };
}

/** Item labels after joining titles, and how each old item index maps to a new one. */
export interface JoinedItems {
  itemLabels: string[];
  itemTitles: string[];
  /** Source id of each new item label (the first id seen with that title). */
  itemIds: string[];
  /** Old item index -> new item index (identity when keyed by id). */
  remap?: Int32Array;
  join: TitleJoin;
}

/**
 * Puts titles beside item ids (from a title column, `columnTitles`, and/or an items file) and,
 * when `itemKey` is 'title', re-keys items by title so ids sharing a title become one item, as
 * the book's `ratings.merge(movies)` then `item_name='title'` does. Items without a title keep their id.
 */
export function joinTitles(itemLabels: string[], columnTitles: string[], fromFile: ItemTitles | undefined,
  itemKey: 'id' | 'title'): JoinedItems {
  const titles = itemLabels.map((id, i) => fromFile?.titles.get(id) ?? columnTitles[i] ?? '');
  const titled = titles.filter((t) => t !== '').length;
  const join: TitleJoin = {
    itemsFile: fromFile?.file, ...(fromFile ? { layout: fromFile.layout } : {}), titled, untitled: itemLabels.length - titled,
    distinctTitles: new Set(titles.filter((t) => t !== '')).size, itemKey,
  };
  if (itemKey === 'id') return { itemLabels, itemTitles: titles, itemIds: itemLabels.slice(), join };
  const interner = new LabelInterner();
  const remap = new Int32Array(itemLabels.length);
  const itemIds: string[] = [];
  for (let i = 0; i < itemLabels.length; i++) {
    remap[i] = interner.internString(titles[i] || itemLabels[i]);
    itemIds[remap[i]] ??= itemLabels[i];
  }
  return { itemLabels: interner.labels, itemTitles: interner.labels.slice(), itemIds, remap, join };
}
