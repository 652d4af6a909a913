/** A metadata column for the views' tables, and the filter to rows having one value. */
import type { MetaViewState } from '../../../src/protocol/webview';
import type { MetaFieldInfo, MetaValue } from '../../../src/protocol/webview-meta';
import { el, shownLabel } from '../dom';
import type { Column } from '../table';

/** A value as text: categories by name (several joined), numbers as written. */
export function metaValueText(field: MetaFieldInfo, value: MetaValue | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number' && field.kind === 'numeric') return String(value);
  const list = Array.isArray(value) ? value : [value];
  return list.map((i) => field.categories?.[i] ?? '').filter(Boolean).join(', ');
}

/** Rows gain `meta` (their value as text); when a value is chosen with "only these", only rows having it stay. */
export function metaFilter<Row extends { meta?: string }>(rows: Row[], field: MetaFieldInfo | undefined, values: MetaValue[] | undefined,
  state: MetaViewState | undefined): Row[] {
  if (!field || !values) return rows;
  const chosen = state?.value === undefined ? -1 : (field.categories ?? []).indexOf(state.value);
  rows.forEach((r, i) => { r.meta = metaValueText(field, values[i]); });
  if (chosen < 0 || !state?.only) return rows;
  return rows.filter((_, i) => { const v = values[i]; return Array.isArray(v) ? v.includes(chosen) : v === chosen; });
}

/** The table column showing a row's `meta` text (sortable). */
export function metaColumn<Row extends { meta?: string }>(field: MetaFieldInfo): Column<Row> {
  const title = shownLabel(field.name);
  return {
    key: 'meta', title, hint: `from the metadata file: ${title}`,
    cell: (r) => el('span', { class: 'label-text', 'data-testid': 'meta-cell', title: shownLabel(r.meta ?? '') }, shownLabel(r.meta ?? '')),
    sortValue: (r) => (r.meta ? r.meta.toLowerCase() : undefined),
  };
}
