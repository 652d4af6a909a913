/**
 * Panel messages for metadata (colour, filter and label by what the items and users files know)
 * and the Data view (the book's first look at a ratings file). Kept beside webview.ts so that file
 * only gains the request names; the webview builds colours from these with any scatter spec.
 */

/** One metadata field as the panel shows it: categories (most common first) or a numeric range. */
export interface MetaFieldInfo {
  name: string;
  kind: 'categorical' | 'multi' | 'numeric';
  /** Categorical and multi fields: their values, most common first. */
  categories?: string[];
  /** Numeric fields: lowest and highest value. */
  range?: [number, number];
}

/** Which fields a side has, and the columns left out (with why). */
export interface MetadataParams { side: 'items' | 'users' }
export interface MetadataResult {
  side: 'items' | 'users';
  /** The file the fields came from (absent when only titles gave a year). */
  file?: string;
  fields: MetaFieldInfo[];
  problems: { column: string; reason: string }[];
}

/**
 * One field's value at each of some vocab indices: a category's position in `categories`
 * (categorical), the positions of all its categories (multi), a number (numeric), or null (unknown).
 */
export interface MetadataValuesParams { side: 'items' | 'users'; field: string; indices: number[] }
export type MetaValue = number | number[] | null;
export interface MetadataValuesResult { field: string; values: MetaValue[] }

/** The most indices one values request may name (a 10,000-point projection and then some). */
export const META_VALUES_LIMIT = 20_000;

/** The Data view: the crosstab, the rating histogram and the long tails (src/core/analysis/data-overview.ts). */
export interface DataOverviewParams { users: number; items: number }
export interface DataOverviewResult {
  file: string;
  rows: number;
  nUsers: number;
  nItems: number;
  /** fastbook's crosstab: the most active users (rows) against the most rated items (columns). */
  crosstab: {
    users: { index: number; label: string; count: number }[];
    items: { index: number; label: string; count: number }[];
    /** rating[u][i] and its 1-based source line, or null where the user did not rate the item. */
    cells: ({ rating: number; line: number } | null)[][];
  };
  /** Count of each rating value (or bin, labelled by its range), ascending. */
  histogram: { label: string; count: number }[];
  /** Ratings per item and per user, most first, thinned to at most ~300 points: x is the rank (1-based). */
  itemTail: { rank: number; count: number }[];
  userTail: { rank: number; count: number }[];
  /** Items and users with exactly one rating (the tail's end). */
  singles: { items: number; users: number };
}

/** Bounds of the Data view's crosstab. */
export const DATA_LIMITS = { crosstabUsers: 40, crosstabItems: 40 } as const;
