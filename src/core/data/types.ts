/** Shared shapes of the data path: a loaded ratings table and the dataset the trainer uses. */
import type { SplitSpec } from './split-spec';

/** Which source column plays which role (0-based column indices into the source file). */
export interface ColumnMapping {
  user: number;
  item: number;
  rating: number;
  timestamp?: number;
  title?: number;
}

/** How a delimited file is laid out, as sniffed (or overridden by the user). */
export interface FileFormat {
  /** ',', '\t', ';', '|', or 'whitespace' for runs of spaces/tabs (MovieLens 100K's u.data is tab). */
  delimiter: string;
  hasHeader: boolean;
  /** 'windows1252' is Latin-1 with 0x80-0x9F as printable characters (“ ” – €), as Excel writes. */
  encoding: 'utf8' | 'latin1' | 'windows1252';
  bom: boolean;
  lineEnding: 'lf' | 'crlf';
  /** True when a quote character appears, so the quoted (csv-parse) path is needed. */
  quoted: boolean;
  /** True when line 1 is Excel's `sep=X` line naming the delimiter (skipped when reading; lines still count it). */
  sepLine?: boolean;
  /** True when numbers are written with a decimal comma (`3,5`), as in `;`-separated European Excel files. */
  decimalComma?: boolean;
}

/**
 * An items file (movies.csv, u.item) as a run read it: its layout and which 0-based columns hold the
 * item id and the title. Recorded in run.json so the hover reads the file exactly as training did.
 */
export interface ItemsFileLayout {
  path: string;
  format: FileFormat;
  mapping: { item: number; title: number };
}

/** Where a bad value sits in a file: 1-based line and column (field) numbers. */
export interface SourceLocation {
  file: string;
  line: number;
  column?: number;
}

/**
 * Ratings held column by column (no object per row): row r has user label index users[r],
 * item label index items[r], rating ratings[r] and starts on 1-based source line lines[r].
 * Indices here are into `userLabels` / `itemLabels` (order of first appearance), not the
 * fastai vocabulary; the dataset re-numbers them.
 */
export interface RatingsTable {
  file: string;
  n: number;
  users: Int32Array;
  items: Int32Array;
  ratings: Float32Array;
  timestamps?: Float64Array;
  lines: Int32Array;
  userLabels: string[];
  itemLabels: string[];
  /** Title of itemLabels[i] ('' when unknown), from a title column or an items file; equal to itemLabels when items are keyed by title. */
  itemTitles?: string[];
  /** Source item id behind itemLabels[i] when titles were joined (keyed by title: the first id seen with that title). */
  itemIds?: string[];
}

/** fastai-style vocabulary: sorted classes of the training rows, '#na#' at index 0. */
export interface Vocab {
  labels: string[];
  /** label -> index (built on first use); unknown labels map to 0 ('#na#') only through an explicit, counted path. */
  index: Map<string, number>;
}

/**
 * The trainer's input. users/items are vocabulary indices (0 = '#na#'); train/valid are row
 * indices into the columns. Everything the saved run needs to be self-contained is here.
 */
export interface RatingsDataset {
  n: number;
  users: Int32Array;
  items: Int32Array;
  ratings: Float32Array;
  lines: Int32Array;
  train: Uint32Array;
  valid: Uint32Array;
  userVocab: Vocab;
  itemVocab: Vocab;
  /** Smallest and largest rating in the data. */
  ratingRange: [number, number];
  /** Ids seen only in the validation rows, mapped to '#na#' (counted, and reported to the user). */
  unknownInValid: { users: number; items: number };
  seed: number;
  /** Set when validation rows came from a separate file: their `lines` are lines of that file. */
  validFile?: string;
  /** The split that chose the validation rows, when one was asked for (DatasetOptions.split). */
  split?: SplitSpec;
}
