/** Shapes the CSV reader shares with its callers: sniff guesses and the load report. */
import type { ColumnMapping, FileFormat, ItemsFileLayout } from '../data/types';

/** A column role the sniffer can assign. */
export type ColumnRole = 'user' | 'item' | 'rating' | 'timestamp' | 'title';

/** One inferred property of a file and why it was inferred (shown to the user; overridable). */
export interface Guess {
  /** 'delimiter', 'header', 'encoding', 'lineEnding', 'quoted', 'decimal', or a role name. */
  what: string;
  value: string;
  reason: string;
  /** True when the value came from an override, not a guess. */
  overridden: boolean;
}

/** Summary of one column over the sampled rows. */
export interface ColumnSummary {
  index: number;
  /** Header name, or `column N` (1-based) without a header. */
  name: string;
  numericShare: number;
  integer: boolean;
  distinct: number;
  min: number;
  max: number;
  samples: string[];
}

/** What sniffing a file found (or was told). */
export interface SniffResult {
  file: string;
  size: number;
  format: FileFormat;
  columns: ColumnSummary[];
  /** Roles found so far; user/item/rating may be missing when they could not be told. */
  mapping: Partial<ColumnMapping>;
  guesses: Guess[];
  /** Average bytes per data line in the sample (to size the arrays before loading). */
  bytesPerLine: number;
}

/** A column named by header name or by 1-based number (as typed on the command line). */
export type ColumnRef = string | number;

/** Overrides for anything the sniffer would otherwise guess. */
export interface SniffOverrides {
  delimiter?: string;
  hasHeader?: boolean;
  encoding?: FileFormat['encoding'];
  /** Role -> column (name, or 1-based number when a number). */
  columns?: Partial<Record<ColumnRole, ColumnRef>>;
}

/** Bad rows met while loading (skipped when `skipBadRows`, otherwise the first one throws). */
export interface BadRows {
  count: number;
  /** First few 1-based source lines, with the message of each. */
  first: { line: number; message: string }[];
}

/** Repeated (user, item) pairs: all rows are kept (as fastai does) but counted. */
export interface Duplicates {
  count: number;
  /** First few: the repeated row's line and the line of the earlier row with the same pair. */
  first: { line: number; firstLine: number; user: string; item: string }[];
}

/** How an items file's titles were joined onto the ratings. */
export interface TitleJoin {
  itemsFile?: string;
  /** How the items file was read, when there was one. */
  layout?: ItemsFileLayout;
  /** Items (by id) that got a title. */
  titled: number;
  /** Items (by id) with no title in the items file (kept under their id). */
  untitled: number;
  distinctTitles: number;
  /** Whether items are keyed by title (as the book does) or by id. */
  itemKey: 'id' | 'title';
}

/** Everything the loader measured and decided, for `collab inspect` and the trainer's log. */
export interface LoadReport {
  sniff: SniffResult;
  mapping: ColumnMapping;
  /**
   * 'fast' byte splitter for unquoted files, 'fast-quoted' its quote mode for quoted fields of the
   * common shapes (quote-split.ts), 'csv-parse' where quoting needs more (doubled quotes, line breaks in quotes).
   */
  parser: 'fast' | 'fast-quoted' | 'csv-parse';
  /** Threads that parsed the file: 2 when a worker thread parsed chunks beside the main one (read-parallel.ts). */
  threads?: 1 | 2;
  rows: number;
  users: number;
  items: number;
  ratingRange: [number, number];
  /** Rating value -> row count (values as printed), or bins when there are many distinct values. */
  histogram: { label: string; count: number }[];
  badRows: BadRows;
  duplicates: Duplicates;
  titles?: TitleJoin;
  bytes: number;
  seconds: number;
}

/** Progress while loading: bytes consumed out of the file's size. */
export interface LoadProgress {
  bytesRead: number;
  totalBytes: number;
  rows: number;
}
