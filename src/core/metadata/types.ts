/** Metadata: the extra columns of an items or users file, as fields keyed by the id written there. */

/** How a field's values are kept: one category, several categories ('|'-separated, flags), or a number. */
export type MetaKind = 'categorical' | 'multi' | 'numeric';

/** One field; `values` maps a row's id (trimmed, as in the file) to its value. */
export type MetaField =
  | { name: string; kind: 'categorical'; categories: string[]; values: Map<string, string> }
  | { name: string; kind: 'multi'; categories: string[]; values: Map<string, string[]> }
  | { name: string; kind: 'numeric'; range: [number, number]; values: Map<string, number> };

/** A column left out, and why (never fatal: the rest of the file is still used). */
export interface MetaProblem {
  column: string;
  reason: string;
}

/** Everything an items or users file says beyond its ids (and, for items, titles). */
export interface FileMetadata {
  file: string;
  fields: MetaField[];
  problems: MetaProblem[];
  /** Items files: id -> title. */
  titles: Map<string, string>;
}
